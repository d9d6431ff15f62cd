using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;

namespace CommentModeration.Data.Comments;

/// <summary>
/// The parts of a comment that change as it moves between states and decide which queues it is
/// in and whether readers see it. A change's before and after, kept to undo it exactly.
/// </summary>
public sealed record CommentState(CommentStatus Status, bool NeedsReview, int OpenReportCount, bool HiddenByReports, string? RejectionReason)
{
    public static CommentState Of(Comment comment) =>
        new(comment.Status, comment.NeedsReview, comment.OpenReportCount, comment.HiddenByReports, comment.RejectionReason);

    public bool IsPublished => CommentVisibility.IsVisibleState(Status, HiddenByReports);
}

/// <summary>
/// What a comment's counts belong to and never changes with its state: its article (and whether
/// it opens a thread there) and its author's standing (an empty key leaves the author's counts alone).
/// </summary>
public readonly record struct CommentPlace(long ArticleId, string AuthorKey, bool IsThreadRoot)
{
    public static CommentPlace Of(Comment comment) => new(comment.ArticleId, comment.AuthorKey, comment.ParentId is null);
}
