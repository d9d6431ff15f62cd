using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data.Entities;

namespace CommentModeration.Data.Comments;

/// <summary>Who an audit row names: a person (staff, or a reader acting on their own comment or account), or the site itself.</summary>
public readonly record struct AuditActor(string? UserId, string Name, bool Automatic = false)
{
    /// <summary>The rule engine, deciding a post.</summary>
    public static readonly AuditActor Engine = new(null, "automatic", Automatic: true);

    /// <summary>Readers whose reports hid a comment.</summary>
    public static readonly AuditActor ReadersReports = new(null, "Readers' reports", Automatic: true);
}

/// <summary>
/// The one place audit rows are made (<see cref="ModerationEvent"/> has no public constructor): the
/// trail is append-only, and each row says what changed (a comment, an author, the site), from
/// which status to which, why, who did it and when.
/// </summary>
public static class AuditTrail
{
    /// <summary>The engine's decision on a comment as it was posted.</summary>
    public static ModerationEvent Posted(Comment comment, CommentStatus decided, string? reason) =>
        OfComment(comment, AuditActions.Posted, from: null, decided, reason, AuditActor.Engine, comment.CreatedAt);

    /// <summary>A change to one comment: its status, its text, its reports.</summary>
    public static ModerationEvent OfComment(Comment comment, string action, CommentStatus? from, CommentStatus to, string? reason, AuditActor by, DateTimeOffset at) =>
        Row(at, comment.Id, comment.AuthorKey, action, from, to, reason, by);

    /// <summary>A change to an author: their standing, their roles, their account.</summary>
    public static ModerationEvent OfAuthor(string authorKey, string action, string? reason, AuditActor by, DateTimeOffset at) =>
        Row(at, commentId: null, authorKey, action, from: null, to: null, reason, by);

    /// <summary>A change to comments of no one author in particular (the spam purge).</summary>
    public static ModerationEvent OfSite(string action, CommentStatus? to, string? reason, AuditActor by, DateTimeOffset at) =>
        Row(at, commentId: null, authorKey: null, action, from: null, to, reason, by);

    /// <summary>A post the engine refused (<paramref name="draft"/> was never stored): its author, and the check that refused it.</summary>
    public static ModerationEvent Refused(Comment draft, Verdict verdict, DateTimeOffset at)
    {
        var row = Row(at, commentId: null, draft.AuthorKey, AuditActions.Refused, from: null, CommentStatus.Rejected, ReasonOf(verdict), AuditActor.Engine);
        row.DecidingCheck = verdict.DecidingHit?.Rule is { } rule ? rule[..Math.Min(rule.Length, 200)] : null;
        return row;
    }

    /// <summary>The reason of an engine decision: every check that fired, with its reason.</summary>
    public static string ReasonOf(Verdict verdict) =>
        verdict.Hits.Count == 0 ? "No check fired." : string.Join("; ", verdict.Hits.Select(h => string.IsNullOrEmpty(h.Reason) ? h.Rule : $"{h.Rule}: {h.Reason}"));

    private static ModerationEvent Row(DateTimeOffset at, long? commentId, string? authorKey, string action, CommentStatus? from, CommentStatus? to, string? reason, AuditActor by) => new()
    {
        At = at,
        CommentId = commentId,
        AuthorKey = authorKey,
        Action = action,
        FromStatus = from,
        ToStatus = to,
        Reason = reason,
        Automatic = by.Automatic,
        ActorUserId = by.UserId,
        ActorName = by.Name,
    };
}
