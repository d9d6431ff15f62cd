using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;

namespace CommentModeration.Core.Tests.Rules;

public class RulesFileTests
{
    /// <summary>The example of issue 4, verbatim: a contract.</summary>
    public const string ContractExample = """
        {
          "wordLists": { "banned": ["idiot", "scum*"], "suspect": ["liar"] },
          "rules": [
            { "name": "Banned words", "action": "hold", "reason": "Contains a banned word",
              "when": { "words": { "list": "banned" } } },
            { "name": "Link spam from new authors", "action": "spam", "priority": 10,
              "when": { "all": [ { "links": { "atLeast": 3 } }, { "author": { "isNew": true } } ] } },
            { "name": "Phone numbers", "action": "flag", "reason": "Possible personal data",
              "when": { "regex": { "pattern": "\\b\\d{3}[- ]\\d{3}[- ]\\d{4}\\b", "in": ["body"] } } }
          ]
        }
        """;

    [Fact]
    public void Contract_example_parses_into_its_lists_and_rules()
    {
        var definition = RulesFile.Parse(ContractExample);
        Assert.Equal(["idiot", "scum*"], definition.WordLists["banned"]);
        Assert.Equal(["liar"], definition.WordLists["suspect"]);
        Assert.Equal(["Banned words", "Link spam from new authors", "Phone numbers"], definition.Rules.Select(r => r.Name));
        Assert.Equal([VerdictAction.Hold, VerdictAction.Spam, VerdictAction.Flag], definition.Rules.Select(r => r.Action));
        Assert.Equal(10, definition.Rules[1].Priority);
        var all = Assert.IsType<AllCondition>(definition.Rules[1].When);
        Assert.Equal(3, Assert.IsType<LinksCondition>(all.Conditions[0]).AtLeast);
        Assert.True(Assert.IsType<AuthorCondition>(all.Conditions[1]).IsNew);
        Assert.Equal(@"\b\d{3}[- ]\d{3}[- ]\d{4}\b", Assert.IsType<RegexCondition>(definition.Rules[2].When).Pattern);
        Assert.Null(definition.Discussion);
    }

    [Fact]
    public void Contract_example_decides_as_written()
    {
        var rules = CompiledRuleSet.Compile(RulesFile.Parse(ContractExample), null, revision: 7);
        var held = RuleEngine.Evaluate(Given.Comment("You are an idiot and scumbags all."), rules);
        Assert.Equal(VerdictAction.Hold, held.Action);
        var hit = Assert.Single(held.Hits);
        Assert.Equal("banned-words", hit.RuleKey);
        Assert.Equal("Contains a banned word", hit.Reason);
        Assert.Equal(["idiot", "scumbags"], hit.Spans.Select(s => s.Text));
        Assert.Equal(7, hit.RuleRevision);

        var phone = RuleEngine.Evaluate(Given.Comment("Call me at 555-123-4567 tonight."), rules);
        Assert.Equal(VerdictAction.Flag, phone.Action);
        Assert.Equal("555-123-4567", phone.Hits.Single().Spans.Single().Text);

        var spam = Given.Comment("https://a.example https://b.example https://c.example") with { Author = new AuthorContext() };
        Assert.Equal(VerdictAction.Spam, RuleEngine.Evaluate(spam, rules).Action);
        var known = spam with { Author = new AuthorContext { ApprovedCount = 4, HasPreviouslyApproved = true } };
        Assert.Equal(VerdictAction.Publish, RuleEngine.Evaluate(known, rules).Action);
    }

    [Fact]
    public void Serialize_round_trips_every_condition_and_the_discussion_section()
    {
        var json = """
            {
              "wordLists": { "banned": ["idiot", "scum*", "kill yourself"], "domains": ["spam.example"] },
              "rules": [
                { "id": "r1", "name": "Everything", "enabled": false, "action": "censor", "priority": -3, "reason": "Why",
                  "scope": { "articles": [4, 9] },
                  "when": { "any": [
                    { "words": { "list": "banned", "match": "substring", "in": ["body", "authorEmail"] } },
                    { "words": { "terms": ["liar"], "match": "phrase" } },
                    { "not": { "regex": { "pattern": "ab+c", "ignoreCase": false, "in": ["ip", "userAgent"] } } },
                    { "links": { "atLeast": 2, "domains": ["example.com"], "domainList": "domains" } },
                    { "length": { "atLeast": 5, "atMost": 50 } },
                    { "capitals": { "shareAtLeast": 0.8, "minLetters": 12 } },
                    { "repeatedCharacters": { "atLeast": 6 } },
                    { "author": { "isRegistered": false, "isNew": true, "accountAgeDays": { "atMost": 2 }, "approved": { "atLeast": 1, "atMost": 3 },
                                  "rejected": { "atLeast": 2 }, "spam": { "atLeast": 1 }, "rejectionRate": { "atLeast": 0.5 }, "standing": ["normal", "premoderated"] } },
                    { "recentComments": { "atLeast": 3, "withinMinutes": 2.5 } },
                    { "sameText": { "atLeast": 2 } },
                    { "article": { "ageDays": { "atLeast": 30 }, "policy": ["open", "premoderated"] } }
                  ] } }
              ],
              "discussion": { "guestsMayComment": false, "requireNameAndEmail": false, "manualApproval": true, "requirePreviouslyApproved": false,
                              "holdWhenLinksAtLeast": 4, "moderationKeys": ["viagra", "поздравляем"], "disallowedKeys": ["192.0.2."],
                              "floodIntervalSeconds": 30, "closeCommentsAfterDays": 90 }
            }
            """;
        var first = RulesFile.Serialize(RulesFile.Parse(json));
        var second = RulesFile.Serialize(RulesFile.Parse(first));
        Assert.Equal(first, second);
        var definition = RulesFile.Parse(first);
        Assert.False(definition.Rules[0].Enabled);
        Assert.Equal([4L, 9L], definition.Rules[0].Scope!.Articles);
        Assert.Equal(11, Assert.IsType<AnyCondition>(definition.Rules[0].When).Conditions.Count);
        Assert.Equal(90, definition.Discussion!.CloseCommentsAfterDays);
        Assert.Equal(["viagra", "поздравляем"], DiscussionSettings.KeyLines(definition.Discussion.ModerationKeys));
        Assert.Contains("поздравляем", first);
        CompiledRuleSet.Compile(definition, null);
    }

    /// <summary>
    /// every-condition.rules.json was written by the serializer before condition kinds became
    /// descriptors: every kind, with and without its defaults. Reading it and writing it again
    /// must give the same bytes, so exports of stored rule sets do not change.
    /// </summary>
    [Fact]
    public void Export_of_a_stored_file_with_every_condition_kind_is_byte_identical()
    {
        var stored = System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Rules", "every-condition.rules.json"));

        var definition = RulesFile.Parse(stored);

        Assert.Equal(stored, RulesFile.Serialize(definition));
        CompiledRuleSet.Compile(definition, null);
    }

    [Fact]
    public void Discussion_section_round_trips_through_settings()
    {
        var settings = new DiscussionSettings { ManualApproval = true, ModerationKeys = "a\nb", HoldWhenLinksAtLeast = 5, CommentsPerPage = 20 };
        var thresholds = RulesFile.Parse(RulesFile.Serialize(new RuleSetDefinition { Discussion = settings })).Discussion;
        var copy = new DiscussionSettings().WithThresholdsOf(thresholds);
        Assert.True(copy.ManualApproval);
        Assert.Equal("a\nb", copy.ModerationKeys);
        Assert.Equal(5, copy.HoldWhenLinksAtLeast);
        Assert.Equal(50, copy.CommentsPerPage);
    }

    [Fact]
    public void Malformed_json_is_reported_with_line_and_position()
    {
        var json = "{\n  \"rules\": [\n    { \"name\" \"x\" }\n  ]\n}";
        var e = Assert.Throws<RuleSetValidationException>(() => RulesFile.Parse(json));
        var error = Assert.Single(e.Errors);
        Assert.Equal(3, error.Position!.Line);
        Assert.Equal(14, error.Position.Column);
        Assert.StartsWith("Invalid JSON", error.Message);
        Assert.Contains("line 3, position 14", e.Message);
    }

    [Fact]
    public void Structural_errors_are_all_reported_with_their_positions()
    {
        var json = """
            {
              "rules": [
                { "name": "A", "action": "destroy", "when": { "words": { "list": "x" } } },
                { "name": "B", "action": "hold", "when": { "links": { "atleast": 2, "bogus": 1 } } },
                { "name": "C", "action": "hold", "when": { "wrods": {} } }
              ]
            }
            """;
        var e = Assert.Throws<RuleSetValidationException>(() => RulesFile.Parse(json));
        Assert.Collection(e.Errors,
            a => { Assert.Equal("rules[0].action", a.Path); Assert.Equal(new SourcePosition(3, 30), a.Position); Assert.Contains("destroy", a.Message); },
            b => { Assert.Equal("rules[1].when.links.bogus", b.Path); Assert.Equal(4, b.Position!.Line); },
            c => { Assert.Equal("rules[2].when.wrods", c.Path); Assert.Equal(new SourcePosition(5, 48), c.Position); });
    }

    [Fact]
    public void Compile_errors_point_at_the_rule_in_the_file()
    {
        var json = """
            {
              "wordLists": { "banned": ["idiot"] },
              "rules": [
                { "name": "Unknown list", "action": "hold", "when": { "words": { "list": "missing" } } },
                { "name": "Bad pattern", "action": "hold", "when": { "regex": { "pattern": "(unclosed" } } }
              ]
            }
            """;
        var e = Assert.Throws<RuleSetValidationException>(() => RulesFile.ParseAndCompile(json, null));
        Assert.Equal(2, e.Errors.Count);
        Assert.Equal("rules[0].when.words.list", e.Errors[0].Path);
        Assert.Equal(4, e.Errors[0].Position!.Line);
        Assert.Contains("missing", e.Errors[0].Message);
        Assert.Equal("rules[1].when.regex.pattern", e.Errors[1].Path);
        Assert.Equal(5, e.Errors[1].Position!.Line);
    }

    [Fact]
    public void Rule_without_name_action_or_condition_is_reported()
    {
        var e = Assert.Throws<RuleSetValidationException>(() => RulesFile.Parse("""{ "rules": [ { "reason": "x" } ] }"""));
        Assert.Equal(3, e.Errors.Count);
        Assert.All(e.Errors, error => Assert.Equal("rules[0]", error.Path));
    }

    [Fact]
    public void Condition_with_two_keys_asks_for_all_or_any()
    {
        var e = Assert.Throws<RuleSetValidationException>(() => RulesFile.Parse(Given.Rule("""{ "length": { "atLeast": 1 }, "sameText": { "atLeast": 1 } }""")));
        Assert.Contains("\u201call\u201d or \u201cany\u201d", Assert.Single(e.Errors).Message);
    }

    [Fact]
    public void Duplicate_rule_keys_and_builtin_prefix_are_refused()
    {
        var json = """
            { "rules": [
              { "name": "Same name", "action": "hold", "when": { "length": { "atLeast": 1 } } },
              { "name": "Same  Name!", "action": "flag", "when": { "length": { "atLeast": 1 } } },
              { "id": "builtin:links", "name": "Sneaky", "action": "flag", "when": { "length": { "atLeast": 1 } } }
            ] }
            """;
        var e = Assert.Throws<RuleSetValidationException>(() => RulesFile.ParseAndCompile(json, null));
        Assert.Equal(2, e.Errors.Count);
        Assert.Contains(e.Errors, error => error.Message.Contains("same key"));
        Assert.Contains(e.Errors, error => error.Message.Contains("builtin:"));
    }

    [Fact]
    public void Compile_with_settings_lists_built_in_rules_before_admin_rules()
    {
        var rules = CompiledRuleSet.Compile(RulesFile.Parse(ContractExample), new DiscussionSettings());
        Assert.True(rules.HasDiscussionChecks);
        Assert.StartsWith("builtin:", rules.Rules[0].Key);
        Assert.Equal(["link-spam-from-new-authors", "banned-words", "phone-numbers"], rules.Rules.Where(r => !r.IsBuiltIn).Select(r => r.Key));
        Assert.Equal(CommentPolicy.Open, Given.Comment().Article.Policy);
    }
}
