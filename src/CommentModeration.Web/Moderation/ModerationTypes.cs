using System.Security.Claims;
using CommentModeration.Data.Comments;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommentModeration.Web.Moderation;

/// <summary>The staff member acting: recorded on every audit row.</summary>
public sealed record Moderator(string UserId, string Name)
{
    /// <summary>The signed-in user of a page; its roles are checked again where it acts (<see cref="CurrentRoles"/>).</summary>
    public static Moderator Of(ClaimsPrincipal user) => new(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", user.Identity?.Name ?? "");

    /// <summary>The same from a page's cascading authentication state (none: nobody, whom every staff action refuses).</summary>
    public static async Task<Moderator> OfAsync(Task<AuthenticationState>? state) => state is null ? new("", "") : Of((await state).User);

    /// <summary>How audit rows name them.</summary>
    public AuditActor Actor => new(UserId, Name);
}

/// <summary>A comment as the moderator saw it: the version makes a stale action fail instead of applying twice.</summary>
public sealed record CommentRef(long Id, Guid Version);

/// <summary>One comment an action changed: enough to undo it exactly. <paramref name="PreviousVersion"/> is the version the action replaced, <paramref name="Version"/> the one it left.</summary>
public sealed record CommentChange(long CommentId, long EventId, string Action, CommentState Before, CommentState After, Guid PreviousVersion, Guid Version, DateTimeOffset At);

/// <summary>A comment an action left alone, and why, in words for the moderator.</summary>
public sealed record ActionRefusal(long CommentId, string Message);

public sealed record ActionResult(IReadOnlyList<CommentChange> Changed, IReadOnlyList<ActionRefusal> Refused)
{
    public bool Succeeded => Refused.Count == 0;
}
