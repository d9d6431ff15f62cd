using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.File;
using CommentModeration.Data;
using CommentModeration.Web.Articles;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Rules;

/// <summary>
/// The rule set in force: the newest saved revision compiled together with the discussion
/// settings. Read it for every comment (<see cref="Current"/> is one volatile read); call
/// <see cref="ReloadAsync"/> after saving rules or settings and the next comment uses the new
/// set, no restart. Loaded on first use.
/// </summary>
public sealed class CurrentRuleSet(IDbContextFactory<AppDbContext> dbFactory, ArticlePageCache pageCache, ILogger<CurrentRuleSet> logger)
{
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private InForce? _current;

    public CompiledRuleSet Current => (Volatile.Read(ref _current) ?? LoadFirst()).Rules;

    /// <summary>The discussion settings <see cref="Current"/> was compiled with: what reader pages show by. Treat as read-only.</summary>
    public DiscussionSettings Settings => (Volatile.Read(ref _current) ?? LoadFirst()).Settings;

    /// <summary>Compiles the newest revision with the current settings and swaps it in atomically.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var settings = await db.DiscussionSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == 1, cancellationToken) ?? new DiscussionSettings();
            var revision = await db.RuleSetRevisions.AsNoTracking().OrderByDescending(r => r.Id)
                .Select(r => new { r.Id, r.RulesJson }).FirstOrDefaultAsync(cancellationToken);
            Interlocked.Exchange(ref _current, new InForce(Compile(revision?.RulesJson, revision?.Id ?? 0, settings), settings));
        }
        finally
        {
            _reloading.Release();
        }
        // Reader pages show what the settings decide (page size, depth, closing): none may outlive them.
        await pageCache.EvictAllAsync(cancellationToken);
    }

    private InForce LoadFirst()
    {
        _reloading.Wait();
        try
        {
            if (Volatile.Read(ref _current) is { } loaded) return loaded;
            using var db = dbFactory.CreateDbContext();
            var settings = db.DiscussionSettings.AsNoTracking().FirstOrDefault(s => s.Id == 1) ?? new DiscussionSettings();
            var revision = db.RuleSetRevisions.AsNoTracking().OrderByDescending(r => r.Id)
                .Select(r => new { r.Id, r.RulesJson }).FirstOrDefault();
            var compiled = new InForce(Compile(revision?.RulesJson, revision?.Id ?? 0, settings), settings);
            Interlocked.CompareExchange(ref _current, compiled, null);
            return Volatile.Read(ref _current)!;
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>Swapped as one reference, so a reader never sees rules and settings from different saves.</summary>
    private sealed record InForce(CompiledRuleSet Rules, DiscussionSettings Settings);

    private CompiledRuleSet Compile(string? rulesJson, int revision, DiscussionSettings settings)
    {
        if (string.IsNullOrWhiteSpace(rulesJson)) return CompiledRuleSet.FromSettings(settings, revision);
        try
        {
            return CompiledRuleSet.Compile(RulesFile.Parse(rulesJson), settings, revision);
        }
        catch (RuleSetValidationException e)
        {
            // Saving validates, so this means a revision was written by hand; keep posting working on the built-in checks.
            logger.LogError(e, "Rule set revision {Revision} does not compile; only the built-in discussion checks are in force.", revision);
            return CompiledRuleSet.FromSettings(settings, revision);
        }
    }
}

/// <summary>Compiles the rule set at start, so the first comment does not wait for it.</summary>
internal sealed class RuleSetLoader(CurrentRuleSet rules) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => rules.ReloadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
