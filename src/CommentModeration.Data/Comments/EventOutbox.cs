using System.Text.Json;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;

namespace CommentModeration.Data.Comments;

/// <summary>The site's public addresses an event names (the host knows them: its public URL, its routes).</summary>
public interface IEventLinks
{
    /// <summary>The absolute address of the article's page.</summary>
    string Article(string slug);

    /// <summary>An absolute address that always leads to the comment on the page its thread is on.</summary>
    string Comment(long commentId);
}

/// <summary>A reader's report as an event tells it: why, how many are open, whether they hid the comment.</summary>
public sealed record ReportPayload(string Reason, int OpenReports, bool Hidden);

/// <summary>
/// Writes the outbox rows of the webhook events a change gives, into that change's transaction: a
/// change rolled back leaves none, a committed one always has them. Only the types some active
/// endpoint receives are written (<see cref="WebhookSubscriptions"/>), so with no endpoints a change
/// pays one look at memory. The dispatcher (Web/Webhooks) delivers them after the commit.
/// </summary>
public sealed class EventOutbox(WebhookSubscriptions subscriptions, IEventLinks links, SqlStatements sql)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds to <paramref name="rows"/> an outbox row for each of <paramref name="types"/> (null: none)
    /// that someone receives, describing the comment as it is now. True when it added any.
    /// </summary>
    internal async ValueTask<bool> AppendCommentEventsAsync(AppDbContext db, SqlBatch rows, Comment comment, string articleSlug, DateTimeOffset at,
        string? first, string? second = null, ReportPayload? report = null, CancellationToken ct = default)
    {
        if (first is null && second is null) return false;
        var subscribed = await subscriptions.TypesAsync(db, ct);
        if (subscribed.Count == 0) return false;
        var wanted = new[] { first, second }.Where(t => t is not null && subscribed.Contains(t)).ToList();
        if (wanted.Count == 0) return false;
        var payload = JsonSerializer.Serialize(new CommentEventData(DataOf(comment, articleSlug), report), Json);
        foreach (var type in wanted) rows.Add(sql.InsertOutboxEvent(type!, payload, at.UtcTicks));
        return true;
    }

    /// <summary>
    /// The rules.saved event of a saved revision, when someone receives it, written on <paramref name="db"/>
    /// in its open transaction. True when it wrote one.
    /// </summary>
    public async Task<bool> RecordRuleSetSavedAsync(AppDbContext db, RuleSetRevision revision, CancellationToken ct = default)
    {
        var subscribed = await subscriptions.TypesAsync(db, ct);
        if (!subscribed.Contains(WebhookEvents.RulesSaved)) return false;
        var payload = JsonSerializer.Serialize(new RuleSetEventData(new RuleSetData(revision.Id, revision.CreatedByName, revision.CreatedAt, revision.Note)), Json);
        await new SqlBatch().Add(sql.InsertOutboxEvent(WebhookEvents.RulesSaved, payload, revision.CreatedAt.UtcTicks)).ExecuteAsync(db, ct);
        return true;
    }

    /// <summary>What an event tells of a comment: never the author's email or address, which stay with the moderators.</summary>
    private CommentData DataOf(Comment comment, string articleSlug) => new(
        comment.Id,
        comment.ArticleId,
        links.Article(articleSlug),
        comment.ParentId,
        comment.AuthorName,
        comment.Status.ToString().ToLowerInvariant(),
        comment.HiddenByReports,
        comment.BodyText,
        comment.BodyHtml,
        links.Comment(comment.Id),
        comment.CreatedAt,
        comment.RejectionReason);

    private sealed record CommentEventData(CommentData Comment, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] ReportPayload? Report);

    private sealed record CommentData(long Id, long ArticleId, string ArticleUrl, long? ParentId, string AuthorName, string State, bool HiddenByReports,
        string Text, string Html, string Permalink, DateTimeOffset CreatedAt, string? RejectionReason);

    private sealed record RuleSetEventData(RuleSetData RuleSet);

    private sealed record RuleSetData(int Revision, string SavedBy, DateTimeOffset SavedAt, string Note);
}
