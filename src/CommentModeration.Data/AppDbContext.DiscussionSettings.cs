using CommentModeration.Core.Discussion;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data;

/// <summary>
/// The site's one discussion settings row: every read and write of it goes through here. Reads
/// are untracked values (the defaults when no row was ever saved); a write replaces the row.
/// </summary>
public sealed partial class AppDbContext
{
    public async Task<DiscussionSettings> ReadDiscussionSettingsAsync(CancellationToken cancellationToken = default) =>
        await SettingsRow().FirstOrDefaultAsync(cancellationToken) ?? new DiscussionSettings();

    /// <summary>For the one caller that cannot wait asynchronously (the rule set's first load behind a property).</summary>
    public DiscussionSettings ReadDiscussionSettings() => SettingsRow().FirstOrDefault() ?? new DiscussionSettings();

    /// <summary>
    /// Stores <paramref name="settings"/> as the row (inserted the first time, every column
    /// replaced after) and saves; nothing is written when the row already holds them. Inside a
    /// write transaction it joins it.
    /// </summary>
    public async Task WriteDiscussionSettingsAsync(DiscussionSettings settings, CancellationToken cancellationToken = default)
    {
        var row = settings with { Id = Core.Discussion.DiscussionSettings.RowId };
        var stored = await SettingsRow().FirstOrDefaultAsync(cancellationToken);
        if (row == stored) return;
        // A record is replaced, not changed in place: the new value becomes the row's state, and a
        // copy this context read with tracking (not through these methods) must not hold its key.
        foreach (var tracked in DiscussionSettings.Local.Where(s => s.Id == row.Id).ToList()) Entry(tracked).State = EntityState.Detached;
        var entry = Entry(row);
        entry.State = stored is null ? EntityState.Added : EntityState.Modified;
        try
        {
            await SaveChangesAsync(cancellationToken);
        }
        finally
        {
            // Untracked again, so the next write (or a failed one's retry) on this context attaches its own value.
            entry.State = EntityState.Detached;
        }
    }

    private IQueryable<DiscussionSettings> SettingsRow() =>
        DiscussionSettings.AsNoTracking().Where(s => s.Id == Core.Discussion.DiscussionSettings.RowId);
}
