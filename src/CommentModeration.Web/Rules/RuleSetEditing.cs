using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Data;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Rules;

public sealed record RevisionRow(int Id, DateTimeOffset CreatedAt, string CreatedByName, string Note, int Rules, int WordLists);

/// <summary>The result of saving a rule set: the new revision, or every reason it was refused (nothing stored).</summary>
public sealed record RuleSetSaveOutcome(int? Revision, IReadOnlyList<RuleSetError> Errors)
{
    public bool Succeeded => Revision is not null;
}

/// <summary>A rule set as it stood at some revision, with the discussion settings it was compiled with.</summary>
public sealed record LoadedRuleSet(RuleSetDefinition Definition, int Revision, DiscussionSettings Settings);

/// <summary>
/// The admins' side of rule sets: load the one in force, save an edited one as a new revision
/// (validated first; nothing stored when invalid), list, diff and revert revisions, import and
/// export the rules file. Every save and revert goes through <see cref="RuleSetStore"/>, which
/// swaps the compiled set in <see cref="CurrentRuleSet"/>: the next comment is decided by it.
/// </summary>
public sealed class RuleSetEditing(IDbContextFactory<AppDbContext> dbFactory, RuleSetStore store, CurrentRoles currentRoles, TimeProvider clock)
{
    public const int MaxNoteLength = 500;

    public async Task<LoadedRuleSet> LoadAsync(CancellationToken cancellationToken = default)
    {
        // The settings row is what is in force; the store puts its thresholds in the definition.
        var definition = await store.LoadAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.ReadDiscussionSettingsAsync(cancellationToken);
        var revision = await db.RuleSetRevisions.AsNoTracking().OrderByDescending(r => r.Id).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        return new LoadedRuleSet(definition, revision, settings);
    }

    /// <summary>The settings the definition's thresholds would make, over the stored row.</summary>
    public static DiscussionSettings EffectiveSettings(RuleSetDefinition definition, DiscussionSettings stored) =>
        stored.WithThresholdsOf(definition.Discussion);

    /// <summary>Every error compiling the definition with these settings would raise; empty when it compiles.</summary>
    public static IReadOnlyList<RuleSetError> Validate(RuleSetDefinition definition, DiscussionSettings settings)
    {
        try
        {
            CompiledRuleSet.Compile(definition, EffectiveSettings(definition, settings));
            return [];
        }
        catch (RuleSetValidationException e)
        {
            return e.Errors;
        }
    }

    /// <summary>Saves through the engine's <see cref="RuleSetStore"/> (a new revision, thresholds written, the compiled set swapped) after checking what the store leaves to its callers.</summary>
    public async Task<RuleSetSaveOutcome> SaveAsync(RuleSetDefinition definition, Moderator by, string note,
        CancellationToken cancellationToken = default, RuleSetDraftBase? basedOn = null, int? revertTo = null)
    {
        note = (note ?? "").Trim();
        if (note.Length > MaxNoteLength) return new(null, [new RuleSetError("note", $"A note can be at most {MaxNoteLength} characters.")]);
        if (definition.Discussion is { } thresholds)
        {
            var errors = Admin.DiscussionSettingsEditing.Validate(new DiscussionSettings().WithThresholdsOf(thresholds));
            if (errors.Count > 0) return new(null, errors.Select(e => new RuleSetError("discussion", e)).ToList());
        }
        if (!await currentRoles.HoldsAsync(by, Roles.Admin, cancellationToken)) return new(null, [new RuleSetError("", CurrentRoles.Revoked)]);
        try
        {
            var revision = await store.SaveAsync(definition, by.UserId, by.Name, note, cancellationToken, basedOn, revertTo);
            return new(revision.Id, []);
        }
        catch (RuleSetValidationException e)
        {
            return new(null, e.Errors);
        }
        catch (RuleSetConflictException e)
        {
            return new(null, [new RuleSetError("", e.Message)]);
        }
    }

    public async Task<IReadOnlyList<RevisionRow>> ListRevisionsAsync(int take = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.RuleSetRevisions.AsNoTracking().OrderByDescending(r => r.Id).Take(take)
            .Select(r => new { r.Id, r.CreatedAt, r.CreatedByName, r.Note, r.RulesJson })
            .ToListAsync(cancellationToken);
        return rows.Select(r =>
        {
            var definition = TryParse(r.RulesJson);
            return new RevisionRow(r.Id, r.CreatedAt, r.CreatedByName, r.Note, definition?.Rules.Count ?? 0, definition?.WordLists.Count ?? 0);
        }).ToList();
    }

    public async Task<string?> RevisionJsonAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RuleSetRevisions.AsNoTracking().Where(r => r.Id == id).Select(r => r.RulesJson).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Makes the content of revision <paramref name="id"/> the newest revision again (history is never rewritten).</summary>
    public async Task<RuleSetSaveOutcome> RevertAsync(int id, Moderator by, CancellationToken cancellationToken = default)
    {
        var json = await RevisionJsonAsync(id, cancellationToken);
        if (json is null) return new(null, [new RuleSetError("", $"There is no revision {id}.")]);
        RuleSetDefinition definition;
        try
        {
            definition = RulesFile.Parse(json);
        }
        catch (RuleSetValidationException e)
        {
            return new(null, e.Errors);
        }
        return await SaveAsync(definition, by, $"Reverted to revision {id}", cancellationToken, revertTo: id);
    }

    /// <summary>How often each rule (by key, built-ins included) fired over the last <paramref name="days"/> days, today included.</summary>
    public async Task<IReadOnlyDictionary<string, int>> HitsAsync(int days = 7, CancellationToken cancellationToken = default)
    {
        var since = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1 - days);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.RuleHitsDaily.AsNoTracking().Where(h => h.Day >= since)
            .GroupBy(h => h.RuleKey).Select(g => new { g.Key, Count = g.Sum(h => h.Count) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key, r => r.Count);
    }

    /// <summary>The rules file of a definition: what export downloads and import reads.</summary>
    public static string Export(RuleSetDefinition definition) => RulesFile.Serialize(definition);

    /// <summary>Reads a rules file; a malformed one gives every error with its line and position.</summary>
    public static (RuleSetDefinition? Definition, IReadOnlyList<RuleSetError> Errors) Import(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return (null, [new RuleSetError("", "The file is empty.")]);
        try
        {
            return (RulesFile.Parse(json), []);
        }
        catch (RuleSetValidationException e)
        {
            return (null, e.Errors);
        }
    }

    /// <summary>A deep copy, so an editor can change it without touching what it was loaded from.</summary>
    public static RuleSetDefinition Copy(RuleSetDefinition definition) => RulesFile.Parse(RulesFile.Serialize(definition));

    private static RuleSetDefinition? TryParse(string json)
    {
        try
        {
            return string.IsNullOrWhiteSpace(json) ? new RuleSetDefinition() : RulesFile.Parse(json);
        }
        catch (RuleSetValidationException)
        {
            return null;
        }
    }
}
