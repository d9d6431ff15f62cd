using System.Security.Claims;
using CommentModeration.Data.Comments;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommentModeration.Web.Moderation;

/// <summary>The staff member acting: recorded on every audit row.</summary>
public sealed record Moderator(string UserId, string Name)
{
    /// <summary>The signed-in user of a page; its roles are checked again where it acts (<see cref="CurrentRoles"/>).</summary>
    /// <remarks>Named by their display name (the cookie's claim), never by the email address Identity uses as the user name.</remarks>
    public static Moderator Of(ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", user.FindFirstValue(Accounts.ReaderNames.ClaimType) ?? user.Identity?.Name ?? "");

    /// <summary>The same from a page's cascading authentication state (none: nobody, whom every staff action refuses).</summary>
    public static async Task<Moderator> OfAsync(Task<AuthenticationState>? state) => state is null ? new("", "") : Of((await state).User);

    /// <summary>How audit rows name them.</summary>
    public AuditActor Actor => new(UserId, Name);
}
