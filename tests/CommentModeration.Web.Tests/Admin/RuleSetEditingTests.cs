using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Admin;

public abstract class RuleSetEditingTests<TFactory> : IClassFixture<TFactory>
    where TFactory : AppFactory
{
    private readonly AppFactory _host;
    private readonly RuleSetEditing _editing;
    private readonly CurrentRuleSet _current;
    private static readonly Moderator Ada = new("u1", "Ada Admin");
    private static readonly Moderator Bob = new("u2", "Bob");

    protected RuleSetEditingTests(TFactory host)
    {
        _host = host;
        _ = host.Server;
        StaffAccounts.EnsureAsync(host.Services, Ada, Roles.Admin).GetAwaiter().GetResult();
        StaffAccounts.EnsureAsync(host.Services, Bob, Roles.Admin).GetAwaiter().GetResult();
        _editing = host.Services.GetRequiredService<RuleSetEditing>();
        _current = host.Services.GetRequiredService<CurrentRuleSet>();
    }

    private static RuleSetDefinition BannedWords(params string[] terms) => new()
    {
        WordLists = { ["banned"] = [.. terms] },
        Rules = { new RuleDefinition { Name = "Banned words", Action = VerdictAction.Hold, Reason = "Contains a banned word", When = new WordsCondition { List = "banned" } } },
    };

    private static CommentCandidate Trusted(string body) => new()
    {
        Body = body,
        AuthorName = "Reader",
        AuthorEmail = "reader@example.com",
        Author = new AuthorContext { HasPreviouslyApproved = true, ApprovedCount = 3 },
        Activity = new ActivityContext { Now = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero) },
    };

    [Fact]
    public async Task Save_appends_a_revision_and_the_next_evaluation_uses_it()
    {
        var before = await _editing.ListRevisionsAsync();
        var word = "zorblax" + Guid.NewGuid().ToString("N")[..6];

        var outcome = await _editing.SaveAsync(BannedWords(word), Ada, "Ban a word");

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        var revisions = await _editing.ListRevisionsAsync();
        Assert.Equal(before.Count + 1, revisions.Count);
        var newest = revisions[0];
        Assert.Equal(outcome.Revision, newest.Id);
        Assert.Equal("Ada Admin", newest.CreatedByName);
        Assert.Equal("Ban a word", newest.Note);
        Assert.Equal(_host.Clock.GetUtcNow(), newest.CreatedAt);

        var verdict = RuleEngine.Evaluate(Trusted($"you {word}"), _current.Current);
        Assert.Equal(VerdictAction.Hold, verdict.Action);
        Assert.Equal(newest.Id, verdict.RuleSetRevision);
        Assert.Contains(verdict.Hits, h => h.Rule == "Banned words" && h.Spans.Single().Text == word);
    }

    [Fact]
    public async Task Invalid_rule_set_is_refused_with_its_errors_and_nothing_is_stored()
    {
        var before = await _editing.ListRevisionsAsync();
        var broken = new RuleSetDefinition
        {
            Rules = { new RuleDefinition { Name = "Bad pattern", Action = VerdictAction.Hold, When = new RegexCondition { Pattern = "(unclosed" } } },
        };

        var outcome = await _editing.SaveAsync(broken, Ada, "");

        Assert.False(outcome.Succeeded);
        Assert.Contains(outcome.Errors, e => e.Path == "rules[0].when.regex.pattern");
        Assert.Equal(before.Count, (await _editing.ListRevisionsAsync()).Count);
    }

    [Fact]
    public async Task Revert_saves_the_old_content_as_a_new_revision_and_puts_it_in_force()
    {
        var first = await _editing.SaveAsync(BannedWords("snarfle"), Ada, "first");
        var second = await _editing.SaveAsync(BannedWords("blorp"), Ada, "second");
        Assert.Equal(VerdictAction.Publish, RuleEngine.Evaluate(Trusted("snarfle!"), _current.Current).Action);

        var reverted = await _editing.RevertAsync(first.Revision!.Value, Bob);

        Assert.True(reverted.Succeeded);
        Assert.True(reverted.Revision > second.Revision);
        var revisions = await _editing.ListRevisionsAsync();
        Assert.Equal($"Reverted to revision {first.Revision}", revisions[0].Note);
        Assert.Equal(await _editing.RevisionJsonAsync(first.Revision.Value), await _editing.RevisionJsonAsync(reverted.Revision!.Value));
        Assert.Equal(VerdictAction.Hold, RuleEngine.Evaluate(Trusted("snarfle!"), _current.Current).Action);
        Assert.Equal(VerdictAction.Publish, RuleEngine.Evaluate(Trusted("blorp!"), _current.Current).Action);
    }

    [Fact]
    public async Task Diff_names_the_changed_rule_and_word_list_and_shows_changed_lines()
    {
        var first = await _editing.SaveAsync(BannedWords("alpha", "beta"), Ada, "");
        var edited = BannedWords("alpha", "gamma");
        edited.Rules[0].Action = VerdictAction.Spam;
        var second = await _editing.SaveAsync(edited, Ada, "");

        var diff = RuleSetEditingDiff.Compare((await _editing.RevisionJsonAsync(first.Revision!.Value))!, (await _editing.RevisionJsonAsync(second.Revision!.Value))!);

        Assert.Contains("Rule \u201cBanned words\u201d: action hold \u2192 spam.", diff.Changes);
        Assert.Contains("Word list \u201cbanned\u201d: 1 terms added, 1 removed.", diff.Changes);
        Assert.Contains(diff.Lines, l => l.Kind == DiffLineKind.Removed && l.Text.Contains("\"beta\""));
        Assert.Contains(diff.Lines, l => l.Kind == DiffLineKind.Added && l.Text.Contains("\"gamma\""));
        Assert.Contains(diff.Lines, l => l.Kind == DiffLineKind.Added && l.Text.Contains("\"spam\""));
        Assert.DoesNotContain(diff.Lines, l => l.Kind != DiffLineKind.Same && l.Text.Contains("\"alpha\""));
    }

    [Fact]
    public void Export_then_import_gives_back_the_same_rule_set()
    {
        var definition = BannedWords("idiot", "scum*");
        foreach (var pack in StarterPacks.All) StarterPacks.AddTo(definition, pack);

        var exported = RuleSetEditing.Export(definition);
        var (imported, errors) = RuleSetEditing.Import(exported);

        Assert.Empty(errors);
        Assert.Equal(exported, RuleSetEditing.Export(imported!));
        Assert.Equal(definition.Rules.Select(r => r.Key), imported!.Rules.Select(r => r.Key));
        Assert.Empty(CompiledRuleSet.Validate(imported));
    }

    /// <summary>starter-packs.rules.json is what export wrote for every starter pack before condition kinds became descriptors.</summary>
    [Fact]
    public void Export_of_the_starter_packs_is_the_stored_file_byte_for_byte()
    {
        var stored = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Rules", "starter-packs.rules.json"));
        var definition = new RuleSetDefinition();
        foreach (var pack in StarterPacks.All) StarterPacks.AddTo(definition, pack);

        Assert.Equal(stored, RuleSetEditing.Export(definition));
        Assert.Equal(stored, RuleSetEditing.Export(RuleSetEditing.Import(stored).Definition!));
    }

    [Fact]
    public void Import_of_a_malformed_file_reports_line_and_position()
    {
        var (definition, errors) = RuleSetEditing.Import("{\n  \"rules\": [\n    { \"name\": \"x\", \"action\": \"explode\", \"when\": { \"words\": { \"terms\": [\"a\"] } } }\n  ]\n}");

        Assert.Null(definition);
        var error = Assert.Single(errors);
        Assert.Equal(3, error.Position?.Line);
        Assert.Contains("explode", error.ToString());
    }

    [Fact]
    public void Starter_packs_compile_and_catch_what_they_promise()
    {
        var definition = new RuleSetDefinition();
        foreach (var pack in StarterPacks.All) StarterPacks.AddTo(definition, pack);
        var rules = CompiledRuleSet.Compile(definition, null);
        // The first match of a compiled regex is JIT-compiled inside the engine's 100 ms match budget;
        // on a loaded test machine that can time out (counted as no match), so run each pattern once first.
        RuleEngine.Evaluate(Trusted("555-123-4567 jane.doe@example.org"), rules);

        Assert.Equal(VerdictAction.Flag, RuleEngine.Evaluate(Trusted("Call me on 555-123-4567 tonight"), rules).Action);
        Assert.Equal(VerdictAction.Flag, RuleEngine.Evaluate(Trusted("write to jane.doe@example.org please"), rules).Action);
        Assert.Equal(VerdictAction.Flag, RuleEngine.Evaluate(Trusted("THIS IS THE WORST ARTICLE EVER WRITTEN"), rules).Action);
        Assert.Equal(VerdictAction.Hold, RuleEngine.Evaluate(Trusted("what an 1d10t"), rules).Action);
        Assert.Equal(VerdictAction.Hold, RuleEngine.Evaluate(Trusted("see https://bit.ly/abc"), rules).Action);
        Assert.Equal(VerdictAction.Publish, RuleEngine.Evaluate(Trusted("A classic piece by Dickens, worth reading in 2026."), rules).Action);
    }

    [Fact]
    public void Adding_a_starter_pack_twice_adds_nothing_the_second_time()
    {
        var definition = new RuleSetDefinition();
        var pack = StarterPacks.Find("common-abuse")!;
        StarterPacks.AddTo(definition, pack);
        var count = definition.Rules.Count;

        var added = StarterPacks.AddTo(definition, pack);

        Assert.Equal(count, definition.Rules.Count);
        Assert.Equal(["0 terms added to word list \u201ccommon-abuse\u201d"], added);
    }
}

public sealed class RuleSetEditingTests(AppFactory factory) : RuleSetEditingTests<AppFactory>(factory);

public sealed class RuleSetEditingTestsOnPostgres(PostgresAppFactory factory) : RuleSetEditingTests<PostgresAppFactory>(factory);
