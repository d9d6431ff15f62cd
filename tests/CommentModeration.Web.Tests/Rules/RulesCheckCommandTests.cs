using System.Text.Json;
using CommentModeration.Web.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Rules;

/// <summary>`rules check` with the contract example of issue 4 against a JSONL file: verdicts line by line, malformed input reported.</summary>
public class RulesCheckCommandTests : IDisposable
{
    private static readonly string Here = Path.Combine(AppContext.BaseDirectory, "Rules");
    private static readonly string ContractRules = Path.Combine(Here, "contract-example.rules.json");
    private static readonly string Comments = Path.Combine(Here, "comments.jsonl");
    private readonly string _folder = Directory.CreateTempSubdirectory("cm-rules-check-").FullName;

    private static async Task<(int ExitCode, List<JsonElement> Verdicts, string Errors)> RunAsync(params string[] args)
    {
        var services = new ServiceCollection().AddSingleton(TimeProvider.System).BuildServiceProvider();
        var output = new StringWriter();
        var errors = new StringWriter();
        var exitCode = await RulesCommand.RunAsync(services, args, output, errors);
        var verdicts = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        return (exitCode, verdicts, errors.ToString());
    }

    private static string Action(JsonElement verdict) => verdict.GetProperty("action").GetString()!;

    private static IEnumerable<string> Rules(JsonElement verdict) =>
        verdict.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("rule").GetString()!);

    [Fact]
    public async Task Contract_example_gives_each_comment_its_verdict_line_by_line()
    {
        var (exitCode, verdicts, errors) = await RunAsync("check", "--rules", ContractRules, "--input", Comments);

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        Assert.Equal(7, verdicts.Count);

        // 1: a regular's ordinary comment.
        Assert.Equal(1, verdicts[0].GetProperty("id").GetInt32());
        Assert.Equal("publish", Action(verdicts[0]));
        Assert.Empty(verdicts[0].GetProperty("hits").EnumerateArray());

        // 2: obfuscated banned word and a wildcard term, spans in the original text.
        Assert.Equal("hold", Action(verdicts[1]));
        var hit = verdicts[1].GetProperty("hits").EnumerateArray().Single();
        Assert.Equal("Banned words", hit.GetProperty("rule").GetString());
        Assert.Equal("hold", hit.GetProperty("action").GetString());
        Assert.Equal("body", hit.GetProperty("field").GetString());
        var spans = hit.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(["1.d.1.o.t", "SCUMBAG"], spans.Select(s => s.GetProperty("text").GetString()));
        Assert.Equal(8, spans[0].GetProperty("start").GetInt32());
        Assert.Equal(9, spans[0].GetProperty("length").GetInt32());

        // 3: three links from a new author is spam; 4: the same from an author with approved comments is not.
        Assert.Equal("three", verdicts[2].GetProperty("id").GetString());
        Assert.Equal("spam", Action(verdicts[2]));
        Assert.Equal(3, verdicts[2].GetProperty("hits")[0].GetProperty("spans").GetArrayLength());
        Assert.Equal("publish", Action(verdicts[3]));

        // 5: a phone number is flagged.
        Assert.Equal("flag", Action(verdicts[4]));
        Assert.Equal("555-123-4567", verdicts[4].GetProperty("hits")[0].GetProperty("spans")[0].GetProperty("text").GetString());

        // 6: every rule fires, the most severe decides, every hit is listed (highest priority first).
        Assert.Equal("spam", Action(verdicts[5]));
        Assert.Equal(["Link spam from new authors", "Banned words", "Phone numbers"], Rules(verdicts[5]));

        // 7: the Scunthorpe sentence stays clean.
        Assert.Equal("publish", Action(verdicts[6]));
    }

    [Fact]
    public async Task Output_has_exactly_the_contract_keys()
    {
        var (_, verdicts, _) = await RunAsync("check", "--rules", ContractRules, "--input", Comments);
        var verdict = verdicts[1];
        Assert.Equal(["id", "action", "hits"], verdict.EnumerateObject().Select(p => p.Name));
        var hit = verdict.GetProperty("hits")[0];
        Assert.Equal(["rule", "action", "field", "spans"], hit.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["start", "length", "text"], hit.GetProperty("spans")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Malformed_input_lines_are_reported_with_line_and_position_and_the_rest_still_decided()
    {
        var input = Path.Combine(_folder, "mixed.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"id": 1, "body": "you idiot"}""",
            """{"id": 2, "body": "fine" """,
            "",
            """{"id": 3, "body": 42}""",
            """{"body": "no id"}""",
            """{"id": 6, "body": "ok", "author": {"approved": "many"}}""",
            """{"id": 7, "body": "call 555-123-4567"}""",
        ]);

        var (exitCode, verdicts, errors) = await RunAsync("check", "--rules", ContractRules, "--input", input);

        Assert.Equal(2, exitCode);
        Assert.Equal([1, 7], verdicts.Select(v => v.GetProperty("id").GetInt32()));
        Assert.Equal(["hold", "flag"], verdicts.Select(Action));
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith($"{input}: line 2, position 26: not valid JSON", lines[0]);
        Assert.StartsWith($"{input}: line 4, position 11: \"body\" must be a string", lines[1]);
        Assert.StartsWith($"{input}: line 5, position 1: every comment needs an \"id\"", lines[2]);
        Assert.StartsWith($"{input}: line 6, position 36: author \"approved\"", lines[3]);
    }

    [Fact]
    public async Task Malformed_rules_file_is_reported_with_line_and_position_and_exit_code_2()
    {
        var rules = Path.Combine(_folder, "bad.rules.json");
        await File.WriteAllTextAsync(rules, "{\n  \"rules\": [\n    { \"name\": \"x\", \"action\": \"hold\", \"when\": { \"words\": { \"list\": \"nope\" } } },\n  ]\n  oops\n}");
        var (exitCode, verdicts, errors) = await RunAsync("check", "--rules", rules, "--input", Comments);
        Assert.Equal(2, exitCode);
        Assert.Empty(verdicts);
        Assert.Contains($"{rules}: line 5, position 3: Invalid JSON", errors);
    }

    [Fact]
    public async Task Rules_that_do_not_compile_are_reported_at_their_place()
    {
        var rules = Path.Combine(_folder, "uncompilable.rules.json");
        await File.WriteAllTextAsync(rules, "{ \"rules\": [\n  { \"name\": \"x\", \"action\": \"hold\",\n    \"when\": { \"regex\": { \"pattern\": \"(\\\\w+\\\\s)+\\\\1\" } } } ] }");
        var (exitCode, _, errors) = await RunAsync("check", "--rules", rules, "--input", Comments);
        Assert.Equal(2, exitCode);
        Assert.Contains("line 3, position 15: rules[0].when.regex.pattern: The pattern could backtrack catastrophically", errors);
    }

    [Fact]
    public async Task Discussion_section_turns_the_built_in_checks_on()
    {
        var rules = Path.Combine(_folder, "with-discussion.rules.json");
        await File.WriteAllTextAsync(rules, """
            { "rules": [], "discussion": { "holdWhenLinksAtLeast": 2, "requirePreviouslyApproved": false, "moderationKeys": ["pills"] } }
            """);
        var (exitCode, verdicts, _) = await RunAsync("check", "--rules", rules, "--input", Comments);
        Assert.Equal(0, exitCode);
        Assert.Equal("publish", Action(verdicts[0]));
        Assert.Equal("hold", Action(verdicts[2]));
        Assert.Equal(["Too many links", "Moderation keys"], Rules(verdicts[2]));
    }

    [Fact]
    public async Task Missing_arguments_and_unknown_verbs_explain_usage()
    {
        var (exitCode, _, errors) = await RunAsync("check", "--rules", ContractRules);
        Assert.Equal(2, exitCode);
        Assert.Contains("rules check needs --rules FILE and --input FILE.", errors);
        Assert.Equal(2, (await RunAsync("frobnicate")).ExitCode);
        Assert.Contains("No input file", (await RunAsync("check", "--rules", ContractRules, "--input", Path.Combine(_folder, "none.jsonl"))).Errors);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
