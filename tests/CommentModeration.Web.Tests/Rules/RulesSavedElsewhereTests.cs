using CommentModeration.Data.Entities;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Rules;

/// <summary>Rules or settings written by another process (a command-line import, another server) reach the running site without a restart.</summary>
public abstract class RulesSavedElsewhereTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AppFactory
{
    private CurrentRuleSet InForce => factory.Services.GetRequiredService<CurrentRuleSet>();

    private async Task AdvanceUntilAsync(Func<bool> reached)
    {
        for (var attempt = 0; attempt < 100 && !reached(); attempt++)
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_revision_written_by_another_process_is_in_force_within_the_refresh_interval()
    {
        var before = InForce.Current.Revision;
        int written;
        await using (var db = factory.CreateDbContext())
        {
            var revision = new RuleSetRevision
            {
                RulesJson = """{ "rules": [ { "name": "Imported elsewhere", "action": "hold", "when": { "words": { "terms": ["elsewhere"] } } } ] }""",
                CreatedByUserId = "cli", CreatedByName = "command line", CreatedAt = factory.Clock.GetUtcNow(), Note = "import",
            };
            db.RuleSetRevisions.Add(revision);
            await db.SaveChangesAsync();
            written = revision.Id;
        }
        Assert.NotEqual(written, before);

        await AdvanceUntilAsync(() => InForce.Current.Revision == written);

        Assert.Equal(written, InForce.Current.Revision);
        Assert.Contains(InForce.Current.Rules, r => r.Name == "Imported elsewhere");
    }

    [Fact]
    public async Task Settings_changed_in_the_database_are_in_force_within_the_refresh_interval()
    {
        await using (var db = factory.CreateDbContext())
        {
            await db.WriteDiscussionSettingsAsync(await db.ReadDiscussionSettingsAsync() with { CommentsPerPage = 7 });
        }

        await AdvanceUntilAsync(() => InForce.Settings.CommentsPerPage == 7);

        Assert.Equal(7, InForce.Settings.CommentsPerPage);
    }

    [Fact]
    public async Task Nothing_changed_means_no_reload()
    {
        Assert.False(await InForce.RefreshIfChangedAsync());
    }
}

/// <summary>The app with its look for rules saved elsewhere every 5 s, which <see cref="AppFactory"/> turns off.</summary>
public class RulePollAppFactory : AppFactory
{
    public RulePollAppFactory() => Settings["Rules:RefreshSeconds"] = "5";
}

public sealed class PostgresRulePollAppFactory : RulePollAppFactory
{
    public PostgresRulePollAppFactory() => UsePostgres();
}

public sealed class RulesSavedElsewhereTests(RulePollAppFactory factory) : RulesSavedElsewhereTests<RulePollAppFactory>(factory);

public sealed class RulesSavedElsewhereTestsOnPostgres(PostgresRulePollAppFactory factory) : RulesSavedElsewhereTests<PostgresRulePollAppFactory>(factory);
