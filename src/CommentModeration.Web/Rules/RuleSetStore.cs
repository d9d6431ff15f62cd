using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Data;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Rules;

/// <summary>
/// Saved rule sets: the newest revision is in force. Saving validates first and writes
/// nothing when the set is invalid; a valid save appends a revision (the whole rules file,
/// discussion thresholds included), writes the thresholds to the discussion settings, and
/// swaps the compiled set in <see cref="CurrentRuleSet"/>.
/// </summary>
public sealed class RuleSetStore(IDbContextFactory<AppDbContext> dbFactory, CurrentRuleSet current, TimeProvider clock)
{
    /// <summary>The rule set in force as a definition, with the discussion thresholds of the settings row.</summary>
    public async Task<RuleSetDefinition> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var json = await db.RuleSetRevisions.AsNoTracking().OrderByDescending(r => r.Id).Select(r => r.RulesJson).FirstOrDefaultAsync(cancellationToken);
        var settings = await db.DiscussionSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == 1, cancellationToken) ?? new DiscussionSettings();
        var definition = string.IsNullOrWhiteSpace(json) ? new RuleSetDefinition() : RulesFile.Parse(json);
        definition.Discussion = DiscussionThresholds.From(settings);
        return definition;
    }

    /// <exception cref="RuleSetValidationException">The set is invalid; nothing was saved.</exception>
    public async Task<RuleSetRevision> SaveAsync(RuleSetDefinition definition, string userId, string userName, string note, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.DiscussionSettings.FirstOrDefaultAsync(s => s.Id == 1, cancellationToken);
        var effective = settings ?? new DiscussionSettings();
        definition.Discussion?.ApplyTo(effective);
        CompiledRuleSet.Compile(definition, effective);

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        if (settings is null) db.DiscussionSettings.Add(effective);
        var snapshot = new RuleSetDefinition { WordLists = definition.WordLists, Rules = definition.Rules, Discussion = DiscussionThresholds.From(effective) };
        var revision = new RuleSetRevision
        {
            RulesJson = RulesFile.Serialize(snapshot),
            CreatedByUserId = userId,
            CreatedByName = userName,
            CreatedAt = clock.GetUtcNow(),
            Note = note,
        };
        db.RuleSetRevisions.Add(revision);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await current.ReloadAsync(cancellationToken);
        return revision;
    }
}
