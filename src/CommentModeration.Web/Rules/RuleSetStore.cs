using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Rules;

/// <summary>
/// Saved rule sets: the newest revision is in force. Saving validates first and writes
/// nothing when the set is invalid; a valid save appends a revision (the whole rules file,
/// discussion thresholds included), writes the thresholds to the discussion settings and the
/// rules.saved webhook event, and swaps the compiled set in <see cref="CurrentRuleSet"/>.
/// </summary>
public sealed class RuleSetStore(IDbContextFactory<AppDbContext> dbFactory, CurrentRuleSet current, EventOutbox outbox, WebhookSignal webhooks, TimeProvider clock)
{
    /// <summary>The rule set in force as a definition, with the discussion thresholds of the settings row.</summary>
    public async Task<RuleSetDefinition> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var json = await db.RuleSetRevisions.AsNoTracking().OrderByDescending(r => r.Id).Select(r => r.RulesJson).FirstOrDefaultAsync(cancellationToken);
        var definition = string.IsNullOrWhiteSpace(json) ? new RuleSetDefinition() : RulesFile.Parse(json);
        definition.Discussion = await db.ReadDiscussionSettingsAsync(cancellationToken);
        return definition;
    }

    /// <param name="basedOn">
    /// What an editor's draft was loaded from, or null to save regardless (an import, a revert).
    /// A draft saved over a newer rules revision is refused, so it cannot silently undo that save;
    /// its discussion thresholds are written only when the admin changed them in the draft, and
    /// refused when the settings were changed meanwhile as well.
    /// </param>
    /// <exception cref="RuleSetValidationException">The set is invalid; nothing was saved.</exception>
    /// <exception cref="RuleSetConflictException">The set or settings changed since the draft was loaded; nothing was saved.</exception>
    /// <param name="revertTo">The revision whose content this save restores (an audit row "reverted"), or null for a save.</param>
    public async Task<RuleSetRevision> SaveAsync(RuleSetDefinition definition, string userId, string userName, string note,
        CancellationToken cancellationToken = default, RuleSetDraftBase? basedOn = null, int? revertTo = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The conflict check and the save under one write transaction: no save can land between them.
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var stored = await db.ReadDiscussionSettingsAsync(cancellationToken);
        if (basedOn is not null) definition = await WithoutConflictsAsync(db, definition, stored, basedOn, cancellationToken);
        var effective = stored.WithThresholdsOf(definition.Discussion);
        CompiledRuleSet.Compile(definition, effective);

        await db.WriteDiscussionSettingsAsync(effective, cancellationToken);
        var snapshot = new RuleSetDefinition { WordLists = definition.WordLists, Rules = definition.Rules, Discussion = effective };
        var revision = new RuleSetRevision
        {
            RulesJson = RulesFile.Serialize(snapshot),
            CreatedByUserId = userId,
            CreatedByName = userName,
            CreatedAt = clock.GetUtcNow(),
            Note = note,
        };
        var previous = await db.RuleSetRevisions.AsNoTracking().OrderByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
        db.RuleSetRevisions.Add(revision);
        await db.SaveChangesAsync(cancellationToken);
        db.ModerationEvents.Add(AuditTrail.OfSite(revertTo is null ? AuditActions.RulesSave : AuditActions.RulesRevert, to: null,
            RuleSetAudit.Reason(revision.Id, previous, revertTo, note, Admin.SettingsAudit.Reason(stored, effective)), new AuditActor(userId.Length == 0 ? null : userId, userName), revision.CreatedAt));
        await db.SaveChangesAsync(cancellationToken);
        var wroteEvent = await outbox.RecordRuleSetSavedAsync(db, revision, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (wroteEvent) webhooks.Wake();
        await current.ReloadEverywhereAsync(cancellationToken);
        return revision;
    }

    private static async Task<RuleSetDefinition> WithoutConflictsAsync(AppDbContext db, RuleSetDefinition draft, DiscussionSettings stored,
        RuleSetDraftBase basedOn, CancellationToken cancellationToken)
    {
        var newest = await db.RuleSetRevisions.AsNoTracking().OrderByDescending(r => r.Id)
            .Select(r => new { r.Id, r.CreatedByName, r.CreatedAt }).FirstOrDefaultAsync(cancellationToken);
        if (newest is not null && newest.Id != basedOn.Revision)
        {
            throw new RuleSetConflictException(
                $"{newest.CreatedByName} saved the rules at {newest.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC (revision {newest.Id}) after you opened this draft. " +
                "Saving now would undo their change: compare it under Revisions, then reload and make your change again.");
        }
        var changedInDraft = draft.Discussion is { } thresholds && !basedOn.Settings.HasThresholdsOf(thresholds);
        if (!changedInDraft)
        {
            // Untouched in the draft: what is stored now stays, even if changed on the settings page meanwhile.
            return new RuleSetDefinition { WordLists = draft.WordLists, Rules = draft.Rules, Discussion = null };
        }
        if (!stored.HasThresholdsOf(basedOn.Settings))
        {
            throw new RuleSetConflictException(
                "The discussion settings were changed after you opened this draft, and the draft changes them too. " +
                "Reload to see the current settings, then make your change again.");
        }
        return draft;
    }
}

/// <summary>How a rule save's audit row reads: the revision made, the one it replaced and, for a revert, the one restored.</summary>
public static class RuleSetAudit
{
    public static string Reason(int revision, int? previous, int? revertTo, string note, string? settingsChanged)
    {
        var what = revertTo is { } restored ? $"Revision {revision} restores revision {restored}" : $"Revision {revision}";
        var replaced = previous is { } before ? $" (replaces revision {before})" : " (the first)";
        return what + replaced + (revertTo is not null || string.IsNullOrWhiteSpace(note) ? "" : $": {note}")
            + (settingsChanged is null ? "" : $". Settings: {settingsChanged}");
    }
}

/// <summary>What a draft was loaded from: the newest rules revision then (0: none) and the discussion settings then.</summary>
public sealed record RuleSetDraftBase(int Revision, DiscussionSettings Settings);

/// <summary>Saving would overwrite a change made since the draft was loaded; the message says which.</summary>
public sealed class RuleSetConflictException(string message) : Exception(message);
