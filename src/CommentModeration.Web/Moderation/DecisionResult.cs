using CommentModeration.Data.Comments;

namespace CommentModeration.Web.Moderation;

/// <summary>A comment as the moderator saw it: the version makes a stale action fail instead of applying twice.</summary>
public sealed record CommentRef(long Id, Guid Version);

/// <summary>One comment an action changed: enough to undo it exactly. <paramref name="PreviousVersion"/> is the version the action replaced, <paramref name="Version"/> the one it left.</summary>
public sealed record CommentChange(long CommentId, long EventId, string Action, CommentState Before, CommentState After, Guid PreviousVersion, Guid Version, DateTimeOffset At);

/// <summary>A comment an action left alone, and why, in words for the moderator.</summary>
public sealed record DecisionRefusal(long CommentId, string Message);

public sealed record DecisionResult(IReadOnlyList<CommentChange> Changed, IReadOnlyList<DecisionRefusal> Refused)
{
    public bool Succeeded => Refused.Count == 0;
}
