using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

/// <summary>
/// The one hard delete: an admin clears spam older than DiscussionSettings.PurgeSpamAfterDays.
/// Spam that others replied to stays (their replies would lose their place). The purge itself
/// is an audit row; authors' spam counts keep their history. Only someone who is an admin when it
/// runs may purge.
/// </summary>
public sealed class SpamPurge(IDbContextFactory<AppDbContext> dbFactory, CommentWrites comments, TimeProvider clock)
{
    /// <summary>How many comments were deleted; null, with nothing deleted, when <paramref name="admin"/> is not an admin now.</summary>
    public async Task<int?> PurgeAsync(Moderator admin, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.ReadDiscussionSettingsAsync(ct);
        var cutoff = now.AddDays(-Math.Max(settings.PurgeSpamAfterDays, 0));
        await using var transaction = await comments.BeginAsync(db, ct);
        if (!await CurrentRoles.HoldsAsync(db, admin, Roles.Admin, ct)) return null;
        var purged = await transaction.RemoveAsync(
            db.Comments.Where(c => c.Status == CommentStatus.Spam && c.StatusChangedAt < cutoff && !db.Comments.Any(r => r.ParentId == c.Id)), ct);
        db.ModerationEvents.Add(AuditTrail.OfSite(AuditActions.Purge, CommentStatus.Spam,
            $"{purged} spam comment(s) older than {settings.PurgeSpamAfterDays} days deleted", admin.Actor, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return purged;
    }
}
