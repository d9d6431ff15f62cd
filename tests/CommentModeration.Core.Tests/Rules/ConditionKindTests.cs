using System.Text.Json;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Core.Rules.Kinds;

namespace CommentModeration.Core.Tests.Rules;

public class ConditionKindTests
{
    private static RuleSetDefinition EveryCondition() =>
        RulesFile.Parse(System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Rules", "every-condition.rules.json")));

    [Fact]
    public void Each_kind_is_found_by_its_key_in_any_case_and_by_its_condition_type()
    {
        Assert.Equal(["words", "regex", "links", "length", "capitals", "repeatedCharacters", "author", "recentComments", "sameText", "article"],
            ConditionKinds.All.Select(k => k.JsonKey));
        foreach (var kind in ConditionKinds.All)
        {
            Assert.Same(kind, ConditionKinds.Find(kind.JsonKey.ToUpperInvariant()));
            Assert.Same(kind, ConditionKinds.Of(kind.ConditionType));
        }
        Assert.Null(ConditionKinds.Find("all"));
        Assert.Null(ConditionKinds.Of(new AllCondition()));
        Assert.Equal("not", ConditionKinds.KeyOf(new NotCondition()));
        Assert.Equal("repeatedCharacters", ConditionKinds.KeyOf(new RepeatedCharactersCondition()));
    }

    /// <summary>The lines the rules list showed before descriptions moved into the kinds, for every kind with and without its defaults.</summary>
    [Fact]
    public void Every_kind_is_described_in_one_line_as_before()
    {
        var rules = EveryCondition().Rules;

        Assert.Equal(
            "any of (words from list \u201cbanned\u201d (substring) in text, email; words from 5 terms (phrase) in body and name; " +
            "not matches /ab+c \"quoted\" <b> \\d/ in IP, browser; \u2265 2 links and links to example.com, b.example and links to domains in \u201cdomains\u201d; " +
            "length 5\u201350 characters; capitals \u2265 80 % of \u2265 12 letters; a character repeated \u2265 6 times; " +
            "author guest, no approved comment yet, account age \u2264 2 days, approved 1\u20133, rejected \u2265 2, spam \u2265 1, rejection rate \u2265 0.5, standing normal/premoderated; " +
            "\u2265 3 comments by the same author or IP in 2.5 min; same text posted recently \u2265 2 times; article age \u2265 30 days, policy open/pre-moderated)",
            ConditionDescriptions.Describe(rules[0].When));
        Assert.Equal(
            "all of (words from list \u201cempty\u201d and \u201cx\u201d in body and name; matches /a/i in body; links to domains in \u201cdomains\u201d; \u2265 1 links; " +
            "length \u2264 10 characters; capitals \u2265 70 % of \u2265 10 letters; a character repeated \u2265 5 times; author registered, standing banned/trusted; " +
            "author has approved comments, account age 0.5\u2013365 days; \u2265 1 comments by the same author or IP in 10 min; same text posted recently \u2265 1 times; " +
            "article policy closed; article age \u2264 1.25 days; not any of (author rejection rate \u2264 0.25; words from list \u201cbanned\u201d in name, website))",
            ConditionDescriptions.Describe(rules[1].When));
        Assert.Equal("words from \u201c\u043f\u043e\u0437\u0434\u0440\u0430\u0432\u043b\u044f\u0435\u043c\u201d in body and name", ConditionDescriptions.Describe(rules[2].When));
        Assert.Equal("(no condition)", ConditionDescriptions.Describe(null));
    }

    [Fact]
    public void A_rule_uses_the_word_lists_its_words_and_links_conditions_name_at_any_depth()
    {
        var rules = EveryCondition().Rules;

        Assert.True(ConditionDescriptions.UsesList(rules[0].When, "banned"));
        Assert.True(ConditionDescriptions.UsesList(rules[0].When, "domains"));
        Assert.False(ConditionDescriptions.UsesList(rules[0].When, "empty"));
        Assert.True(ConditionDescriptions.UsesList(rules[1].When, "banned"), "the words condition under not/any");
        Assert.True(ConditionDescriptions.UsesList(rules[1].When, "empty"));
        Assert.False(ConditionDescriptions.UsesList(rules[2].When, "banned"));
        Assert.False(ConditionDescriptions.UsesList(null, "banned"));
    }

    /// <summary>The schema and the format's page are written by hand: each must name every kind the reader knows, and no other.</summary>
    [Fact]
    public void The_schema_and_the_rules_page_list_every_condition_kind()
    {
        var root = RepositoryRoot();
        using var schema = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(root, "docs", "rules.schema.json")));
        var inSchema = schema.RootElement.GetProperty("$defs").GetProperty("condition").GetProperty("properties").EnumerateObject().Select(p => p.Name);
        var keys = ConditionKinds.Combinators.Concat(ConditionKinds.All.Select(k => k.JsonKey)).ToList();

        Assert.Equal(keys, inSchema);
        var page = System.IO.File.ReadAllText(Path.Combine(root, "docs", "rules.md"));
        Assert.All(keys, key => Assert.Contains($"| `{key}` | `{{ \"{key}\":", page));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "CommentModeration.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (CommentModeration.sln) was not found above " + AppContext.BaseDirectory);
    }
}
