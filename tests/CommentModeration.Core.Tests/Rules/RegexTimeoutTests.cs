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

        Assert.Equal(ModerationAction.Hold, verdict.Action);
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
        Assert.Equal(ModerationAction.Flag, verdict.Action);
        Assert.Contains("timed out", Assert.Single(verdict.Hits).Reason);
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("censor")]
    public void A_rule_that_would_publish_flags_for_review_when_it_times_out(string action) =>
        Assert.Equal(ModerationAction.Flag, Given.Check(Rule(action, Regex()), Given.Comment(SlowBody)).Action);

    [Fact]
    public void Under_not_a_timeout_neither_fires_the_rule_nor_lets_the_comment_through()
    {
        var verdict = Given.Check(Rule("reject", $$"""{ "not": {{Regex()}} }"""), Given.Comment(SlowBody));
        Assert.Equal(ModerationAction.Hold, verdict.Action);
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
        Assert.Equal(ModerationAction.Publish, Given.Check(Rule("hold", Regex()), Given.Comment("Short words only, nothing to see")).Action);
        Assert.Equal(ModerationAction.Hold, Given.Check(Rule("hold", Regex()), Given.Comment("Simply amazing!")).Action);
    }
}
