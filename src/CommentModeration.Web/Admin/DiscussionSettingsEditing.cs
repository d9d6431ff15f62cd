using CommentModeration.Core.Discussion;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Rules;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Admin;

/// <summary>
/// Reads and writes the site's one DiscussionSettings row (id 1). A save is validated as a
/// whole and either stored completely or not at all.
/// </summary>
public sealed class DiscussionSettingsEditing(IDbContextFactory<AppDbContext> dbFactory, CurrentRuleSet currentRules, CurrentRoles currentRoles, TimeProvider clock)
{
    public const int MaxKeysLength = 200_000;

    public async Task<DiscussionSettings> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ReadDiscussionSettingsAsync(cancellationToken);
    }

    public async Task<SaveOutcome> SaveAsync(DiscussionSettings edited, Moderator by, CancellationToken cancellationToken = default)
    {
        var errors = Validate(edited);
        if (errors.Count > 0) return new SaveOutcome(errors);
        if (!await currentRoles.HoldsAsync(by, Roles.Admin, cancellationToken)) return SaveOutcome.Refused(CurrentRoles.Revoked);

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // The row and its audit row in one write transaction: what the row says was changed from is what it held.
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            var stored = await db.ReadDiscussionSettingsAsync(cancellationToken);
            var saved = edited with { ModerationKeys = NormalizeLines(edited.ModerationKeys), DisallowedKeys = NormalizeLines(edited.DisallowedKeys) };
            await db.WriteDiscussionSettingsAsync(saved, cancellationToken);
            if (SettingsAudit.Reason(stored, saved) is { } changes)
            {
                db.ModerationEvents.Add(AuditTrail.OfSite(AuditActions.SettingsChange, to: null, changes, by.Actor, clock.GetUtcNow()));
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        // The built-in checks are compiled from these settings: the next comment must see them.
        await currentRules.ReloadEverywhereAsync(cancellationToken);
        return SaveOutcome.Saved;
    }

    public static IReadOnlyList<string> Validate(DiscussionSettings s)
    {
        var errors = new List<string>();
        void Range(int value, int min, int max, string what)
        {
            if (value < min || value > max) errors.Add($"{what} must be between {min:N0} and {max:N0}.");
        }
        Range(s.HoldWhenLinksAtLeast, 0, 100, "Links that hold a comment");
        Range(s.FloodIntervalSeconds, 0, 3_600, "Flood interval (seconds)");
        Range(s.CloseCommentsAfterDays, 0, 36_500, "Close comments after (days)");
        Range(s.ThreadDepth, 1, 10, "Thread depth");
        Range(s.CommentsPerPage, 1, 500, "Comments per page");
        Range(s.ReportsToHide, 0, 1_000, "Reports that hide a comment");
        Range(s.PurgeSpamAfterDays, 1, 3_650, "Purge spam after (days)");
        Range(s.EditWindowMinutes, 0, DiscussionSettings.MaxEditWindowMinutes, "Edit window (minutes)");
        if ((s.ModerationKeys ?? "").Length > MaxKeysLength) errors.Add($"Moderation words may be at most {MaxKeysLength:N0} characters.");
        if ((s.DisallowedKeys ?? "").Length > MaxKeysLength) errors.Add($"Disallowed words may be at most {MaxKeysLength:N0} characters.");
        if (!Enum.IsDefined(s.CommentOrder)) errors.Add("Choose whether the oldest or the newest threads come first.");
        if (!Enum.IsDefined(s.CommentLandingPage)) errors.Add("Choose the comment page an article opens on.");
        if (!Enum.IsDefined(s.DeletedAccountComments)) errors.Add("Choose what becomes of a deleted account's comments.");
        return errors;
    }

    /// <summary>One term a line, trimmed, blank lines dropped (as WordPress stores its keys).</summary>
    private static string NormalizeLines(string? text) => string.Join('\n', DiscussionSettings.KeyLines(text));
}
