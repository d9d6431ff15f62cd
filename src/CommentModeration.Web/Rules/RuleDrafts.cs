using CommentModeration.Data;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Rules;

/// <summary>Each admin's unsaved rules draft in the database (<see cref="RuleDraft"/>): what <see cref="RuleSetDraft"/> keeps and finds again.</summary>
public sealed class RuleDrafts(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<RuleDraft?> FindAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RuleDrafts.AsNoTracking().FirstOrDefaultAsync(d => d.UserId == userId, cancellationToken);
    }

    /// <summary>
    /// Keeps the draft, unless the kept one is no longer <paramref name="expectedRulesJson"/> (null: none kept):
    /// another window of the same admin wrote, saved or discarded it since. False then, and nothing is written,
    /// unless <paramref name="overwrite"/>.
    /// </summary>
    public async Task<bool> KeepAsync(string userId, int baseRevision, string baseSettingsJson, string rulesJson, string? expectedRulesJson,
        bool overwrite = false, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var row = await db.RuleDrafts.FirstOrDefaultAsync(d => d.UserId == userId, cancellationToken);
        if (!overwrite && row?.RulesJson != expectedRulesJson) return false;
        if (row is null) db.RuleDrafts.Add(row = new RuleDraft { UserId = userId });
        row.BaseRevision = baseRevision;
        row.BaseSettingsJson = baseSettingsJson;
        row.RulesJson = rulesJson;
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Deletes the kept draft while it is still <paramref name="expectedRulesJson"/>: one another window kept since is left for it.</summary>
    public async Task DropAsync(string userId, string? expectedRulesJson, CancellationToken cancellationToken = default)
    {
        if (expectedRulesJson is null) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        await db.RuleDrafts.Where(d => d.UserId == userId && d.RulesJson == expectedRulesJson).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
