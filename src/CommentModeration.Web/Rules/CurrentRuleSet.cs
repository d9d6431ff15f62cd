using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.File;
using CommentModeration.Data;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Servers;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Rules;

/// <summary>
/// The rule set in force: the newest saved revision compiled together with the discussion
/// settings. Read it for every comment (<see cref="Current"/> is one volatile read); call
/// <see cref="ReloadEverywhereAsync"/> after saving rules or settings and the next comment uses the
/// new set, on every server of the site, no restart. Loaded on first use.
/// </summary>
public sealed class CurrentRuleSet(IDbContextFactory<AppDbContext> dbFactory, ArticlePageCache pageCache, IOtherServers otherServers, ILogger<CurrentRuleSet> logger)
{
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private InForce? _current;

    public CompiledRuleSet Current => (Volatile.Read(ref _current) ?? LoadFirst()).Rules;

    /// <summary>The discussion settings <see cref="Current"/> was compiled with: what reader pages show by.</summary>
    public DiscussionSettings Settings => (Volatile.Read(ref _current) ?? LoadFirst()).Settings;

    /// <summary>After a save of rules or settings: reloads here, and tells the other servers to read them again (the poll stays as a fallback).</summary>
    public async Task ReloadEverywhereAsync(CancellationToken cancellationToken = default)
    {
        await ReloadAsync(cancellationToken);
        otherServers.Tell(ServerMessage.RulesSaved);
    }

    /// <summary>Compiles the newest revision with the current settings and swaps it in atomically, on this server.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var settings = await db.ReadDiscussionSettingsAsync(cancellationToken);
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

    /// <summary>
    /// Reloads when the database holds a newer rules revision or other settings than the set in
    /// force: saved by another process (`rules import` from the command line, another server) or
    /// by hand. True when it reloaded.
    /// </summary>
    public async Task<bool> RefreshIfChangedAsync(CancellationToken cancellationToken = default)
    {
        var inForce = Volatile.Read(ref _current);
        if (inForce is null) return false;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var newest = await db.RuleSetRevisions.AsNoTracking().OrderByDescending(r => r.Id).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            var settings = await db.ReadDiscussionSettingsAsync(cancellationToken);
            if (newest == inForce.Rules.Revision && settings == inForce.Settings) return false;
        }
        logger.LogInformation("The rules or discussion settings changed in the database outside this process; reloading.");
        await ReloadAsync(cancellationToken);
        return true;
    }

    private InForce LoadFirst()
    {
        _reloading.Wait();
        try
        {
            if (Volatile.Read(ref _current) is { } loaded) return loaded;
            using var db = dbFactory.CreateDbContext();
            var settings = db.ReadDiscussionSettings();
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

/// <summary>
/// Compiles the rule set at start, so the first comment does not wait for it, then looks every
/// few seconds (Rules:RefreshSeconds, default 5; 0 turns it off) for rules or settings saved by
/// another process, so a command-line import, a save by hand, or another server's save whose
/// notification was lost takes effect here too (on PostgreSQL a save tells every server at once).
/// </summary>
internal sealed class RuleSetLoader(CurrentRuleSet rules, IConfiguration configuration, TimeProvider clock, ILogger<RuleSetLoader> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await rules.ReloadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Rules:RefreshSeconds", 5);
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await rules.RefreshIfChangedAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Looking for rules saved elsewhere failed; the rule set in force stays.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
