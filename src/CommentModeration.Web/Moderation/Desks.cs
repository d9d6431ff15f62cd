using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Admin;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

/// <summary>Held comments waiting on one desk (null: articles without a section).</summary>
public sealed record DeskCount(string? Desk, int Pending);

/// <summary>
/// Desks: the sections articles belong to (<see cref="Article.Section"/>), and which moderators work
/// which. A moderator's queue opens on their desks; "All desks" is one click away.
/// </summary>
public sealed class Desks(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int MaxDesksPerModerator = 50;

    /// <summary>Every section some article has, in name order.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sections = await db.Articles.AsNoTracking().Where(a => a.Section != null).Select(a => a.Section!).Distinct().ToListAsync(ct);
        return sections.Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The desks a moderator is assigned to, in name order (none: they see all desks).</summary>
    public async Task<IReadOnlyList<string>> OfAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var desks = await db.ModeratorDesks.AsNoTracking().Where(d => d.UserId == userId).Select(d => d.Section).ToListAsync(ct);
        return desks.Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Every account's desks, for the users page.</summary>
    public async Task<ILookup<string, string>> OfAllAsync(IReadOnlyCollection<string> userIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ModeratorDesks.AsNoTracking().Where(d => userIds.Contains(d.UserId)).ToListAsync(ct);
        return rows.OrderBy(d => d.Section, StringComparer.OrdinalIgnoreCase).ToLookup(d => d.UserId, d => d.Section);
    }

    /// <summary>Sets the desks of <paramref name="userId"/> (an admin's act); an empty list means all desks.</summary>
    public async Task<SaveOutcome> AssignAsync(string userId, IEnumerable<string> desks, Moderator by, CancellationToken ct = default)
    {
        var wanted = desks.Select(d => d.Trim()).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var tooLong = wanted.FirstOrDefault(d => d.Length > AppDbContext.MaxSectionLength);
        if (tooLong is not null) return SaveOutcome.Refused($"A desk's name may be at most {AppDbContext.MaxSectionLength} characters.");
        if (wanted.Count > MaxDesksPerModerator) return SaveOutcome.Refused($"A moderator may have at most {MaxDesksPerModerator} desks.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        if (!await CurrentRoles.HoldsAsync(db, by, Roles.Admin, ct)) return SaveOutcome.Refused(CurrentRoles.Revoked);
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct)) return SaveOutcome.Refused("This account no longer exists.");
        await db.ModeratorDesks.Where(d => d.UserId == userId).ExecuteDeleteAsync(ct);
        db.ModeratorDesks.AddRange(wanted.Select(d => new ModeratorDesk { UserId = userId, Section = d }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return SaveOutcome.Saved;
    }

    /// <summary>Held comments per desk, busiest first, for the dashboard.</summary>
    public async Task<IReadOnlyList<DeskCount>> PendingByDeskAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Comments.AsNoTracking().Where(c => c.Status == CommentStatus.Pending)
            .GroupBy(c => c.Article!.Section)
            .Select(g => new DeskCount(g.Key, g.Count()))
            .ToListAsync(ct);
        return counts.OrderByDescending(c => c.Pending).ThenBy(c => c.Desk ?? "\uffff", StringComparer.OrdinalIgnoreCase).ToList();
    }
}
