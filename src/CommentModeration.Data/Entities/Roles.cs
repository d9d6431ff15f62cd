using System.Security.Claims;

namespace CommentModeration.Data.Entities;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Moderator = "Moderator";
    public const string Staff = Admin + "," + Moderator;

    /// <summary>Holds a staff role: not rate-limited when posting, and staff to the rule engine (no holds, no flood control).</summary>
    public static bool IsStaff(ClaimsPrincipal user) => user.IsInRole(Admin) || user.IsInRole(Moderator);
}
