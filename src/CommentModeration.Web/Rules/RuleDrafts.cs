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

    public async Task KeepAsync(string userId, int baseRevision, string baseSettingsJson, string rulesJson, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var row = await db.RuleDrafts.FirstOrDefaultAsync(d => d.UserId == userId, cancellationToken);
        if (row is null) db.RuleDrafts.Add(row = new RuleDraft { UserId = userId });
        row.BaseRevision = baseRevision;
        row.BaseSettingsJson = baseSettingsJson;
        row.RulesJson = rulesJson;
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DropAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        await db.RuleDrafts.Where(d => d.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
