using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.File;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Rules;

/// <summary>`rules import` and `rules export` against the site's real database.</summary>
public abstract class RulesImportExportTests<TFactory> : IClassFixture<TFactory>, IDisposable
    where TFactory : AppFactory
{
    private readonly AppFactory _app;
    private readonly string _folder = Directory.CreateTempSubdirectory("cm-rules-io-").FullName;

    protected RulesImportExportTests(TFactory app) => _app = app;

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        _ = _app.Server;
        var output = new StringWriter();
        var errors = new StringWriter();
        var exitCode = await RulesCommand.RunAsync(_app.Services, args, output, errors);
        return (exitCode, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Import_saves_a_revision_and_thresholds_then_export_gives_them_back_and_the_site_uses_them()
    {
        var file = Path.Combine(_folder, "import.rules.json");
        await File.WriteAllTextAsync(file, """
            {
              "wordLists": { "banned": ["idiot", "scum*"] },
              "rules": [ { "name": "Banned words", "action": "hold", "when": { "words": { "list": "banned" } } } ],
              "discussion": { "holdWhenLinksAtLeast": 4, "moderationKeys": ["viagra"], "floodIntervalSeconds": 30 }
            }
            """);

        var (exitCode, output, errors) = await RunAsync("import", file);

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        Assert.Matches(@"^Imported 1 rules and 1 word lists as revision \d+, with the discussion thresholds\.", output);
        await using (var db = _app.CreateDbContext())
        {
            var revision = await db.RuleSetRevisions.OrderByDescending(r => r.Id).FirstAsync();
            Assert.Equal("command line", revision.CreatedByName);
            Assert.Contains("Banned words", revision.RulesJson);
            var settings = await db.DiscussionSettings.SingleAsync();
            Assert.Equal(4, settings.HoldWhenLinksAtLeast);
            Assert.Equal("viagra", settings.ModerationKeys);
            Assert.Equal(30, settings.FloodIntervalSeconds);
        }

        var current = _app.Services.GetRequiredService<CurrentRuleSet>().Current;
        var verdict = RuleEngine.Evaluate(new CommentCandidate
        {
            Body = "you 1d10t",
            AuthorName = "A",
            AuthorEmail = "a@example.org",
            Author = new AuthorContext { HasPreviouslyApproved = true },
            Activity = new ActivityContext { Now = _app.Clock.GetUtcNow() },
        }, current);
        Assert.Equal(VerdictAction.Hold, verdict.Action);
        Assert.Equal("banned-words", verdict.Hits.Single().RuleKey);

        var exportFile = Path.Combine(_folder, "export.rules.json");
        Assert.Equal(0, (await RunAsync("export", "--output", exportFile)).ExitCode);
        var exported = RulesFile.Parse(await File.ReadAllTextAsync(exportFile));
        Assert.Equal(["idiot", "scum*"], exported.WordLists["banned"]);
        Assert.Equal("Banned words", exported.Rules.Single().Name);
        Assert.Equal(4, exported.Discussion!.HoldWhenLinksAtLeast);
        Assert.Equal(["viagra"], CommentModeration.Core.Discussion.DiscussionSettings.KeyLines(exported.Discussion.ModerationKeys));

        var (stdoutExit, stdout, _) = await RunAsync("export");
        Assert.Equal(0, stdoutExit);
        Assert.Equal(await File.ReadAllTextAsync(exportFile), stdout);
    }

    [Fact]
    public async Task Invalid_file_imports_nothing_and_says_where()
    {
        var file = Path.Combine(_folder, "invalid.rules.json");
        await File.WriteAllTextAsync(file, "{ \"rules\": [ { \"name\": \"x\", \"action\": \"hold\",\n \"when\": { \"words\": { \"list\": \"missing\" } } } ],\n \"discussion\": { \"holdWhenLinksAtLeast\": 9 } }");
        int before;
        await using (var db = _app.CreateDbContext()) before = await db.RuleSetRevisions.CountAsync();

        var (exitCode, _, errors) = await RunAsync("import", file);

        Assert.Equal(2, exitCode);
        Assert.Contains("line 2, position 12: rules[0].when.words.list: There is no word list named \u201cmissing\u201d", errors);
        Assert.Contains("Nothing was imported.", errors);
        await using (var db = _app.CreateDbContext())
        {
            Assert.Equal(before, await db.RuleSetRevisions.CountAsync());
            Assert.NotEqual(9, (await db.DiscussionSettings.FirstOrDefaultAsync())?.HoldWhenLinksAtLeast);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

public sealed class RulesImportExportTests(AppFactory app) : RulesImportExportTests<AppFactory>(app);

public sealed class RulesImportExportTestsOnPostgres(PostgresAppFactory app) : RulesImportExportTests<PostgresAppFactory>(app);
