using CommentModeration.Data;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

/// <summary>
/// The roles a staff member holds now, read from the database where they act. A page's claims
/// are as old as its circuit: a moderator revoked a minute ago still carries the role there, so
/// every service that changes something asks here before it does.
/// </summary>
public sealed class CurrentRoles(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>What an actor who lost the role is told.</summary>
    public const string Revoked = "You no longer have the role this needs; nothing was changed.";

    /// <summary>Whether <paramref name="actor"/> holds one of <paramref name="roles"/> (comma-separated, as in <c>[Authorize(Roles = …)]</c>).</summary>
    public async Task<bool> HoldsAsync(Moderator actor, string roles, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await HoldsAsync(db, actor, roles, ct);
    }

    /// <summary>The same, read on <paramref name="db"/>: inside its write transaction no revocation lands between the check and the change.</summary>
    public static Task<bool> HoldsAsync(AppDbContext db, Moderator actor, string roles, CancellationToken ct = default)
    {
        var names = roles.Split(',');
        return (from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where userRole.UserId == actor.UserId && names.Contains(role.Name)
                select userRole.UserId).AnyAsync(ct);
    }
}
