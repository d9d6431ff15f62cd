using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Admin;

public sealed record UserRow(string Id, string Email, string DisplayName, DateTimeOffset CreatedAt, bool EmailConfirmed, bool IsLockedOut, IReadOnlyList<string> Roles)
{
    public bool IsAdmin => Roles.Contains(Data.Entities.Roles.Admin);
    public bool IsModerator => Roles.Contains(Data.Entities.Roles.Moderator);
}

/// <summary>
/// Lists accounts and grants or revokes the staff roles, each change an audit row. Only someone
/// who is an admin at that moment changes roles (not what their open page believes). The site
/// always keeps at least one admin: revoking the last one is refused, checked and written in one
/// immediate transaction so two admins revoking each other at once cannot both succeed.
/// </summary>
public sealed class UserRoleAdministration(IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, ILogger<UserRoleAdministration> logger)
{
    public static readonly IReadOnlyList<string> StaffRoles = [Roles.Admin, Roles.Moderator];
    public const int PageSize = 100;

    public async Task<(IReadOnlyList<UserRow> Rows, int Total)> ListAsync(string? search, int page, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = $"%{search.Trim().ToLowerInvariant()}%";
            users = users.Where(u => EF.Functions.Like(u.Email!.ToLower(), term) || EF.Functions.Like(u.DisplayName.ToLower(), term));
        }
        var total = await users.CountAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var found = await users
            .OrderBy(u => u.Email)
            .Skip(Math.Max(0, page) * PageSize).Take(PageSize)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.CreatedAt, u.EmailConfirmed, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        var ids = found.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var rows = found.Select(u => new UserRow(u.Id, u.Email ?? "", u.DisplayName, u.CreatedAt, u.EmailConfirmed,
                u.LockoutEnd is { } end && end > now, byUser[u.Id].Order().ToList()))
            .ToList();
        return (rows, total);
    }

    public async Task<int> CountAdminsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await CountInRoleAsync(db, Roles.Admin, cancellationToken);
    }

    public async Task<SaveOutcome> GrantAsync(string userId, string role, Moderator by, CancellationToken cancellationToken = default)
    {
        if (!StaffRoles.Contains(role)) return SaveOutcome.Refused($"'{role}' is not a role this site knows.");
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return SaveOutcome.Refused("This account no longer exists.");

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        if (!await ActorIsAdminAsync(db, by, "grant", role, user, cancellationToken)) return SaveOutcome.Refused(CurrentRoles.Revoked);
        if (await users.IsInRoleAsync(user, role)) return SaveOutcome.Saved;
        if (!await roleManager.RoleExistsAsync(role))
        {
            var created = await roleManager.CreateAsync(new IdentityRole(role));
            if (!created.Succeeded) return new SaveOutcome(created.Errors.Select(e => e.Description).ToList());
        }
        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded) return new SaveOutcome(added.Errors.Select(e => e.Description).ToList());
        // No new security stamp: the user's cookie picks the role up when it is next validated, without signing them out.
        await AuditAsync(db, AuditActions.GrantRole, role, user, by, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("{Actor} granted {Role} to {User}", by.Name, role, user.Email);
        return SaveOutcome.Saved;
    }

    public async Task<SaveOutcome> RevokeAsync(string userId, string role, Moderator by, CancellationToken cancellationToken = default)
    {
        if (!StaffRoles.Contains(role)) return SaveOutcome.Refused($"'{role}' is not a role this site knows.");
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return SaveOutcome.Refused("This account no longer exists.");

        // SQLite transactions begun here are IMMEDIATE: the checks and the removal see no other writer in between.
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        if (!await ActorIsAdminAsync(db, by, "revoke", role, user, cancellationToken)) return SaveOutcome.Refused(CurrentRoles.Revoked);
        if (!await users.IsInRoleAsync(user, role)) return SaveOutcome.Saved;
        if (role == Roles.Admin && await CountInRoleAsync(db, Roles.Admin, cancellationToken) <= 1)
        {
            return SaveOutcome.Refused($"{user.Email} is the last admin; make someone else an admin first.");
        }
        var removed = await users.RemoveFromRoleAsync(user, role);
        if (!removed.Succeeded) return new SaveOutcome(removed.Errors.Select(e => e.Description).ToList());
        // A new security stamp ends the user's sessions: cookies and open staff pages fail their next validation.
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(db, AuditActions.RevokeRole, role, user, by, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("{Actor} revoked {Role} from {User}", by.Name, role, user.Email);
        return SaveOutcome.Saved;
    }

    /// <summary>Whether the actor is an admin now, in the change's own transaction: an admin revoked a moment ago, whose page still shows this one, changes no roles.</summary>
    private async Task<bool> ActorIsAdminAsync(AppDbContext db, Moderator by, string change, string role, ApplicationUser user, CancellationToken cancellationToken)
    {
        if (await CurrentRoles.HoldsAsync(db, by, Roles.Admin, cancellationToken)) return true;
        logger.LogWarning("{Actor} is not an admin: refused to {Change} {Role} for {User}", by.Name, change, role, user.Email);
        return false;
    }

    private async Task AuditAsync(AppDbContext db, string action, string role, ApplicationUser user, Moderator by, CancellationToken cancellationToken)
    {
        db.ModerationEvents.Add(AuditTrail.OfAuthor(AuthorKeys.ForUser(user.Id), action, $"{role}: {Accounts.ReaderNames.Shown(user.DisplayName, user.Id)}", by.Actor, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Task<int> CountInRoleAsync(AppDbContext db, string role, CancellationToken cancellationToken) =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         where r.Name == role
         select ur.UserId).CountAsync(cancellationToken);
}
