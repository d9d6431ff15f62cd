using CommentModeration.Core.Comments;

namespace CommentModeration.Data.Comments;

/// <summary>The moderation queues; All is every comment, and has no counter of its own.</summary>
public enum QueueKind
{
    Pending,
    Reported,
    Flagged,
    Spam,
    Rejected,
    Approved,
    All,
}

/// <summary>
/// The one definition of the queues: which a comment in a given state stands in, and the name of
/// each queue's maintained counter (its QueueCounter row).
/// </summary>
public static class CommentQueues
{
    /// <summary>The queues with a counter, in the order the staff pages list them.</summary>
    public static readonly IReadOnlyList<QueueKind> Counted =
        [QueueKind.Pending, QueueKind.Reported, QueueKind.Flagged, QueueKind.Spam, QueueKind.Rejected, QueueKind.Approved];

    public static string CounterName(QueueKind queue) => queue switch
    {
        QueueKind.Pending => "Pending",
        QueueKind.Reported => "Reported",
        QueueKind.Flagged => "Flagged",
        QueueKind.Spam => "Spam",
        QueueKind.Rejected => "Rejected",
        QueueKind.Approved => "Approved",
        _ => throw new ArgumentOutOfRangeException(nameof(queue), queue, "All is the sum of the queues: it has no counter."),
    };

    /// <summary>Whether a moderator still has to decide the comment: it stands in the held, reported or flagged queue.</summary>
    public static bool AwaitsDecision(CommentState state) =>
        Holds(QueueKind.Pending, state) || Holds(QueueKind.Reported, state) || Holds(QueueKind.Flagged, state);

    public static bool Holds(QueueKind queue, CommentState state) => queue switch
    {
        QueueKind.Pending => state.Status == CommentStatus.Pending,
        QueueKind.Spam => state.Status == CommentStatus.Spam,
        QueueKind.Rejected => state.Status == CommentStatus.Rejected,
        QueueKind.Approved => state.Status == CommentStatus.Approved,
        QueueKind.Flagged => state.Status == CommentStatus.Approved && state.NeedsReview,
        QueueKind.Reported => state.Status == CommentStatus.Approved && state.OpenReportCount > 0,
        _ => true,
    };
}
