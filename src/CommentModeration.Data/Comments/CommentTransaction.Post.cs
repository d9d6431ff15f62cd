using CommentModeration.Data;
using System.Text.Json;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data.Comments;

/// <summary>What a post's last decision step must see of every comment stored before it.</summary>
/// <param name="CommentTimes">Times of the author's (user or email) and the address's comments over <see cref="CommentTransaction.RecentWindow"/>, newest first.</param>
/// <param name="IsDuplicate">The same article, parent, author and text is stored already.</param>
public sealed record RecentActivity(IReadOnlyList<DateTimeOffset> CommentTimes, bool IsDuplicate);

public sealed partial class CommentTransaction
{
    /// <summary>How far back a post's activity is looked at (flood control, copy-paste spam).</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(1);

    private const int RecentLimit = 50;

    internal static readonly JsonSerializerOptions HitsJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The activity around <paramref name="draft"/> (a comment not stored yet) that only the write
    /// gate shows completely: read it in the post's group, just before <see cref="RecordPostedAsync"/>.
    /// </summary>
    public async Task<RecentActivity> RecentActivityOfAsync(Comment draft)
    {
        var lowerEmail = draft.AuthorEmail.ToLowerInvariant();
        // Other servers post too (PostgreSQL): their posts by this author wait until this one is committed.
        await Sql.HoldPostsOfAuthorAsync(Db, [draft.AuthorKey, draft.Ip, lowerEmail.Length > 0 ? "email:" + lowerEmail : ""]);
        var times = await RecentCommentTimesAsync(draft.AuthorKey, draft.Ip, draft.AuthorEmail.ToLowerInvariant(), draft.CreatedAt - RecentWindow);
        var duplicate = await SameCommentExists.For(Db)(Db, draft.BodyHash, draft.AuthorKey, draft.ArticleId, draft.ParentId, draft.AuthorName, draft.AuthorEmail, draft.BodyText, CancellationToken.None);
        return new RecentActivity(times, duplicate);
    }

    /// <summary>
    /// Stores a posted comment with the engine's verdict: the row with the status the verdict gives
    /// it, its thread root, the audit row, its author's standing (started on a first comment), the
    /// maintained counts, the day's rule hits and its webhook events. <paramref name="repliedToId"/> is the comment the
    /// reply answers, owed a mail when it is published at once.
    /// </summary>
    public async Task RecordPostedAsync(Comment comment, Verdict verdict, string articleSlug, long? repliedToId)
    {
        var status = StatusOf(verdict.Action);
        comment.Status = status;
        comment.StatusChangedAt = comment.CreatedAt;
        comment.NeedsReview = verdict.Action == VerdictAction.Flag;
        comment.VerdictAction = verdict.Action;
        comment.VerdictJson = JsonSerializer.Serialize(verdict.Hits, HitsJson);
        comment.RuleSetRevision = verdict.RuleSetRevision;
        // Published at once: the reply mail is owed now (queued after the commit), never again.
        comment.ReplyMailed = status == CommentStatus.Approved && repliedToId is not null;
        Db.Comments.Add(comment);
        await Db.SaveChangesAsync();

        // The rest of the comment's rows in one command.
        var rows = new SqlBatch();
        if (comment.ThreadRootId == 0)
        {
            comment.ThreadRootId = comment.Id;
            rows.Add(Sql.SetThreadRoot(comment.Id));
        }
        rows.Add(Sql.InsertAuditRow(AuditTrail.Posted(comment, status, AuditTrail.ReasonOf(verdict))));
        rows.Add(Sql.RecordAuthorPosting(comment, comment.UserId is null ? comment.AuthorEmail.ToLowerInvariant() : comment.AuthorEmail, Guid.NewGuid()));
        var state = CommentState.Of(comment);
        CommentCounters.Append(Sql, rows, CommentPlace.Of(comment), from: null, to: state);
        AppendRuleHits(rows, verdict, comment.CreatedAt);
        if (await _writes.Outbox.AppendCommentEventsAsync(Db, rows, comment, articleSlug, comment.CreatedAt, WebhookEvents.CommentPosted, WebhookEvents.OfMove(null, state)))
        {
            Changes.EventsWritten();
        }
        await rows.ExecuteAsync(Db);

        Changes.Added(comment.Id);
        Changes.QueuesMoved(null, state);
        if (state.IsPublished) Changes.ReaderPagesOf(articleSlug);
        if (comment.ReplyMailed) Changes.Owed(new OwedReplyMail(comment.Id, repliedToId!.Value));
        if (status == CommentStatus.Spam && !string.IsNullOrWhiteSpace(comment.AuthorEmail)) Changes.Owed(new OwedStatementOfReasons(comment.Id, DecisionEventId: null));
    }

    /// <summary>Where the engine's decision puts a comment (a censored or flagged one is published).</summary>
    private static CommentStatus StatusOf(VerdictAction action) => action switch
    {
        VerdictAction.Spam => CommentStatus.Spam,
        VerdictAction.Hold => CommentStatus.Pending,
        _ => CommentStatus.Approved,
    };

    private SqlBatch AppendRuleHits(SqlBatch rows, Verdict verdict, DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        foreach (var ruleKey in verdict.Hits.Select(h => h.RuleKey).Distinct())
        {
            rows.Add(Sql.AddRuleHit(ruleKey, day));
        }
        return rows;
    }

    private async Task<List<DateTimeOffset>> RecentCommentTimesAsync(string authorKey, string ip, string lowerEmail, DateTimeOffset since)
    {
        var ticks = await Sql.RecentCommentTicksAsync(Db, authorKey, ip, lowerEmail.Length > 0 ? "email:" + lowerEmail : "", since.UtcTicks, RecentLimit);
        return ticks.ConvertAll(t => new DateTimeOffset(t, TimeSpan.Zero));
    }

    // Compiled: built from LINQ on every post, translating it cost more than running it.
    private static readonly CompiledPerModel<Func<AppDbContext, long, string, long, long?, string, string, string, CancellationToken, Task<bool>>> SameCommentExists = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, long bodyHash, string authorKey, long articleId, long? parentId, string name, string email, string body, CancellationToken ct) =>
            db.Comments.Any(c => c.BodyHash == bodyHash && c.AuthorKey == authorKey && c.ArticleId == articleId && c.ParentId == parentId
                && c.AuthorName == name && c.AuthorEmail == email && c.BodyText == body)));
}
