using CommentModeration.Core.Comments;

namespace CommentModeration.Web.Moderation;

/// <summary>The staff member acting: recorded on every audit row.</summary>
public sealed record Moderator(string UserId, string Name);

/// <summary>A comment as the moderator saw it: the version makes a stale action fail instead of applying twice.</summary>
public sealed record CommentRef(long Id, Guid Version);

/// <summary>The parts of a comment that decide which queues it is in and whether readers see it.</summary>
public sealed record CommentState(CommentStatus Status, bool NeedsReview, int OpenReportCount, bool HiddenByReports, string? RejectionReason)
{
    public static CommentState Of(Data.Entities.Comment comment) =>
        new(comment.Status, comment.NeedsReview, comment.OpenReportCount, comment.HiddenByReports, comment.RejectionReason);

    public bool IsPublished => Status == CommentStatus.Approved && !HiddenByReports;

    /// <summary>The queues (QueueCounter names) a comment in this state is counted in.</summary>
    public IEnumerable<string> Queues()
    {
        yield return QueueNames.Of(Status);
        if (Status == CommentStatus.Approved && NeedsReview) yield return QueueNames.Flagged;
        if (Status == CommentStatus.Approved && OpenReportCount > 0) yield return QueueNames.Reported;
    }
}

/// <summary>The QueueCounter row names, shared with the posting service.</summary>
public static class QueueNames
{
    public const string Pending = "Pending";
    public const string Approved = "Approved";
    public const string Rejected = "Rejected";
    public const string Spam = "Spam";
    public const string Flagged = "Flagged";
    public const string Reported = "Reported";

    public static string Of(CommentStatus status) => status switch
    {
        CommentStatus.Pending => Pending,
        CommentStatus.Approved => Approved,
        CommentStatus.Rejected => Rejected,
        CommentStatus.Spam => Spam,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

/// <summary>One comment an action changed: enough to undo it exactly.</summary>
public sealed record CommentChange(long CommentId, long EventId, string Action, CommentState Before, CommentState After, Guid Version, DateTimeOffset At);

/// <summary>A comment an action left alone, and why, in words for the moderator.</summary>
public sealed record ActionRefusal(long CommentId, string Message);

public sealed record ActionResult(IReadOnlyList<CommentChange> Changed, IReadOnlyList<ActionRefusal> Refused)
{
    public bool Succeeded => Refused.Count == 0;
}

/// <summary>Audit row action names.</summary>
public static class ModerationActionNames
{
    public const string Posted = "posted";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Spam = "spam";
    public const string Unapprove = "unapprove";
    public const string Undo = "undo";
    public const string Edit = "edit";
    public const string HiddenByReports = "hidden-by-reports";
    public const string Trust = "trust";
    public const string PreModerate = "premoderate";
    public const string Suspend = "suspend";
    public const string Ban = "ban";
    public const string Reinstate = "reinstate";
    public const string Purge = "purge";
}
