using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Tests.Rules;

/// <summary>
/// A pattern that runs out of time fails closed: the comment goes to a moderator with a reason
/// naming the pattern, whatever the rule's action and wherever the pattern sits in its condition.
/// </summary>
public class RegexTimeoutTests
{
    // Bounded repeats of overlapping classes look harmless to the shape check, so the pattern runs
    // on the backtracking engine; on a long run of letters without the final '!' it tries ~30^4
    // splits at every start and meets the match timeout on any machine.
    private const string SlowPattern = @"\w{1,30}[a-z]{1,30}\w{1,30}[a-z]{1,30}\w{1,30}!";
    private static readonly string SlowBody = new('a', 400);

    private static string Rule(string action, string when) =>
        $$"""{ "rules": [ { "name": "Slow pattern", "action": "{{action}}", "when": {{when}} } ] }""";

    private static string Regex(string field = "body") =>
        $$"""{ "regex": { "pattern": {{System.Text.Json.JsonSerializer.Serialize(SlowPattern)}}, "in": ["{{field}}"] } }""";

    [Fact]
    public void The_test_pattern_runs_on_the_backtracking_engine() => Assert.False(RegexShape.Read(SlowPattern).CouldBacktrackBadly);

    [Fact]
    public void A_timed_out_pattern_holds_the_comment_with_a_reason_naming_it()
    {
        var verdict = Given.Check(Rule("spam", Regex()), Given.Comment(SlowBody));

        Assert.Equal(VerdictAction.Hold, verdict.Action);
        var hit = Assert.Single(verdict.Hits);
        Assert.Equal("Slow pattern", hit.Rule);
        Assert.Equal("body", hit.Field);
        Assert.Contains("timed out", hit.Reason);
        Assert.Contains(SlowPattern, hit.Reason);
        Assert.Same(hit, verdict.DecidingHit);
    }

    [Fact]
    public void A_flag_rule_that_times_out_flags_rather_than_holds()
    {
        var verdict = Given.Check(Rule("flag", Regex()), Given.Comment(SlowBody));
        Assert.Equal(VerdictAction.Flag, verdict.Action);
        Assert.Contains("timed out", Assert.Single(verdict.Hits).Reason);
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("censor")]
    public void A_rule_that_would_publish_flags_for_review_when_it_times_out(string action) =>
        Assert.Equal(VerdictAction.Flag, Given.Check(Rule(action, Regex()), Given.Comment(SlowBody)).Action);

    [Fact]
    public void Under_not_a_timeout_neither_fires_the_rule_nor_lets_the_comment_through()
    {
        var verdict = Given.Check(Rule("reject", $$"""{ "not": {{Regex()}} }"""), Given.Comment(SlowBody));
        Assert.Equal(VerdictAction.Hold, verdict.Action);
        Assert.Null(verdict.RefusalReason);
    }

    [Fact]
    public void A_timeout_in_another_field_is_named_in_the_hit()
    {
        var verdict = Given.Check(Rule("hold", Regex("authorName")), Given.Comment("A fine reply.") with { AuthorName = SlowBody });
        Assert.Equal("authorName", Assert.Single(verdict.Hits).Field);
    }

    [Fact]
    public void The_same_pattern_on_ordinary_text_decides_as_usual()
    {
        Assert.Equal(VerdictAction.Publish, Given.Check(Rule("hold", Regex()), Given.Comment("Short words only, nothing to see")).Action);
        Assert.Equal(VerdictAction.Hold, Given.Check(Rule("hold", Regex()), Given.Comment("Simply amazing!")).Action);
    }

    [Fact]
    public void The_patterns_of_one_comment_share_a_time_budget_and_those_left_without_time_hold_it()
    {
        // Eight slow rules would take eight timeouts, twice each; the budget stops them after about three.
        var rules = string.Join(", ", Enumerable.Range(1, 8).Select(i =>
            $$"""{ "name": "Slow pattern {{i}}", "action": "hold", "when": {{Regex()}} }"""));
        var verdict = Given.Check($$"""{ "rules": [ {{rules}} ] }""", Given.Comment(SlowBody));

        Assert.Equal(VerdictAction.Hold, verdict.Action);
        Assert.Equal(8, verdict.Hits.Count);
        Assert.All(verdict.Hits, hit => Assert.Equal(VerdictAction.Hold, hit.Action));
        Assert.Contains(verdict.Hits, hit => hit.Reason.Contains("used up their time"));
        Assert.Contains("used up their time", verdict.Hits[^1].Reason);
    }

    [Fact]
    public void A_pattern_left_without_time_holds_the_comment_however_harmless_it_is()
    {
        var rules = Given.Rules(Rule("spam", """{ "regex": { "pattern": "[0-9]{3}-[0-9]{4}" } }"""));
        var prepared = RuleEngine.Prepare(Given.Comment("No phone number here."), rules, regexBudget: TimeSpan.Zero);
        var verdict = RuleEngine.Finish(prepared, [], isDuplicate: false);

        Assert.Equal(VerdictAction.Hold, verdict.Action);
        Assert.Contains("used up their time", Assert.Single(verdict.Hits).Reason);
        Assert.Equal(["Slow pattern"], prepared.UncheckedRules);
    }

    [Fact]
    public void Large_bounded_repeats_that_the_linear_engine_cannot_hold_are_refused_when_saved()
    {
        var e = Assert.Throws<RuleSetValidationException>(() => Given.Rules(Rule("hold", """{ "regex": { "pattern": ".{0,30000}.{0,30000}.{0,30000}#" } }""")));
        var message = Assert.Single(e.Errors).Message;
        Assert.Contains("large bounds", message);
        Assert.Contains("open repeats (+ or *) or smaller bounds", message);
    }
}
