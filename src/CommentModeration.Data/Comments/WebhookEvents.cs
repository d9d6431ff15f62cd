using CommentModeration.Core.Comments;

namespace CommentModeration.Data.Comments;

/// <summary>
/// The event types other systems subscribe to, and which a change of a comment gives. A post gives
/// comment.posted and the engine's decision as the event a moderator's would give: published at
/// once gives comment.published, held gives comment.held, spam gives comment.rejected (state "spam";
/// a post the rules reject outright is refused and stored nowhere, so it gives nothing). A change
/// afterwards gives the event of where the comment went: published (approved, or a hidden one
/// approved again), held (sent back to pending, an author's edit held), rejected (rejected or spam);
/// an undo gives the event of the state it restores. Each report gives comment.reported. Edits that
/// leave the comment where it was, and deletions, give none.
/// </summary>
public static class WebhookEvents
{
    public const string CommentPosted = "comment.posted";
    public const string CommentHeld = "comment.held";
    public const string CommentPublished = "comment.published";
    public const string CommentRejected = "comment.rejected";
    public const string CommentReported = "comment.reported";
    public const string RulesSaved = "rules.saved";

    /// <summary>Sent by hand from the admin page to one endpoint; nobody subscribes to it.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All = [CommentPosted, CommentHeld, CommentPublished, CommentRejected, CommentReported, RulesSaved];

    /// <summary>The types of a comma-separated list as stored, unknown names left out.</summary>
    public static IEnumerable<string> Parse(string list) =>
        list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(All.Contains);

    /// <summary>What a comment's move from <paramref name="before"/> to <paramref name="after"/> tells subscribers, if anything.</summary>
    public static string? OfMove(CommentState? before, CommentState after)
    {
        if (after.IsPublished && before?.IsPublished != true) return CommentPublished;
        if (after.Status == before?.Status) return null;
        return after.Status switch
        {
            CommentStatus.Pending => CommentHeld,
            CommentStatus.Rejected or CommentStatus.Spam => CommentRejected,
            _ => null,
        };
    }
}
