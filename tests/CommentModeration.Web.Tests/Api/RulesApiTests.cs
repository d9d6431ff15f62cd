using System.Net;
using CommentModeration.Core.Rules.File;
using CommentModeration.Web.Api;
using CommentModeration.Web.Rules;

namespace CommentModeration.Web.Tests.Api;

/// <summary>/api/v1/rules: the rules file out and in, validated as the admin page and `rules import` validate it, and a text checked against the rules in force.</summary>
public abstract class RulesApiTests<TFactory>(TFactory host) : IClassFixture<TFactory> where TFactory : ApiHost
{
    private const string RulesFileText = """
        {
          "wordLists": { "banned": ["idiot", "scum*"] },
          "rules": [ { "name": "Banned words", "action": "hold", "reason": "Contains a banned word", "when": { "words": { "list": "banned" } } } ]
        }
        """;

    private async Task<int> RevisionCountAsync()
    {
        await using var db = host.CreateDbContext();
        return await db.RuleSetRevisions.CountAsync();
    }

    [Fact]
    public async Task An_imported_rules_file_is_in_force_at_once_exported_again_and_checks_a_text_with_its_hits()
    {
        var key = await host.NewKeyAsync("admin,moderate", name: "Rules sync");
        var client = host.ClientWith(key.Key);

        var imported = await (await client.SendRawAsync(HttpMethod.Put, "/api/v1/rules", RulesFileText)).ReadAsync<ApiRulesImported>();

        Assert.Equal((1, 1), (imported.Rules, imported.WordLists));
        await using (var db = host.CreateDbContext())
        {
            var revision = await db.RuleSetRevisions.OrderByDescending(r => r.Id).FirstAsync();
            Assert.Equal((imported.Revision, $"{host.AdminActor.Name} via API key Rules sync"), (revision.Id, revision.CreatedByName));
        }
        var exported = await (await client.GetAsync("/api/v1/rules")).Content.ReadAsStringAsync();
        Assert.Equal(RulesFile.Serialize(await host.Service<RuleSetStore>().LoadAsync()), exported);
        Assert.Equal(["Banned words"], RulesFile.Parse(exported).Rules.Select(r => r.Name));

        var verdict = await (await client.PostJsonAsync("/api/v1/rules/check", new { body = "You absolute scumbag.", authorName = "Reader", authorEmail = "reader@example.org" }))
            .ReadAsync<ApiVerdict>();

        Assert.Equal(("hold", imported.Revision), (verdict.Action, verdict.Revision));
        var hit = Assert.Single(verdict.Hits, h => h.Rule == "Banned words");
        Assert.Equal(("Contains a banned word", "body", "scumbag"), (hit.Reason, hit.Field, hit.Spans.Single().Text));
        var clean = await (await client.PostJsonAsync("/api/v1/rules/check", new { body = "A calm remark.", authorName = "Reader", authorEmail = "reader@example.org" })).ReadAsync<ApiVerdict>();
        Assert.DoesNotContain(clean.Hits, h => h.Rule == "Banned words");
    }

    [Fact]
    public async Task An_invalid_rules_file_is_a_400_with_every_error_and_its_place_and_saves_nothing()
    {
        var client = await host.ClientAsync("admin");
        var before = await RevisionCountAsync();

        var invalid = await client.SendRawAsync(HttpMethod.Put, "/api/v1/rules", """
            { "rules": [ { "name": "Broken", "action": "explode", "when": { "regex": { "pattern": "(a+)+$" } } } ] }
            """);
        var notJson = await client.SendRawAsync(HttpMethod.Put, "/api/v1/rules", "rules: []");
        var asText = await client.SendRawAsync(HttpMethod.Put, "/api/v1/rules", RulesFileText, "text/plain");

        var errors = (await invalid.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("rules");
        Assert.Contains(errors, e => e.StartsWith("line 1, position") && e.Contains("explode"));
        Assert.NotEmpty((await notJson.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("rules"));
        await asText.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await RevisionCountAsync());
    }

    [Fact]
    public async Task A_check_needs_a_body_and_takes_no_unknown_fields()
    {
        var client = await host.ClientAsync("moderate");

        Assert.NotEmpty((await (await client.PostJsonAsync("/api/v1/rules/check", new { authorName = "x" })).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("body"));
        Assert.NotEmpty((await (await client.PostJsonAsync("/api/v1/rules/check", new { body = "x", isStaff = true })).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("isStaff"));
        Assert.NotEmpty((await (await client.PostJsonAsync("/api/v1/rules/check", new { body = "tab\tand\u0001" })).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("body"));
    }
}

public sealed class RulesApiTests(ApiHost host) : RulesApiTests<ApiHost>(host);

public sealed class RulesApiTestsOnPostgres(PostgresApiHost host) : RulesApiTests<PostgresApiHost>(host);
