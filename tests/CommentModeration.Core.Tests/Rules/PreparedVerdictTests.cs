using CommentModeration.Core.Rules;

namespace CommentModeration.Core.Tests.Rules;

/// <summary>
/// Posting decides in two steps: everything that reads the text before the write gate, and the
/// facts that must see every comment stored before this one (duplicate, flood, the author's
/// recent comments) under it. Together they decide as one evaluation does.
/// </summary>
public class PreparedVerdictTests
{
    private static readonly CompiledRuleSet BuiltIns = CompiledRuleSet.FromSettings(Given.Settings());

    [Fact]
    public void Flood_and_duplicate_are_decided_from_the_facts_given_after_the_text()
    {
        var prepared = RuleEngine.Prepare(Given.Comment(), BuiltIns);

        Assert.Equal(VerdictAction.Publish, RuleEngine.Finish(prepared, [], isDuplicate: false).Action);
        var flood = RuleEngine.Finish(prepared, [Given.Now.AddSeconds(-2)], isDuplicate: false);
        Assert.True(flood.IsFlood);
        Assert.Equal(VerdictAction.Reject, flood.Action);
        Assert.Contains("already said that", RuleEngine.Finish(prepared, [], isDuplicate: true).RefusalReason);
    }

    [Fact]
    public void A_rule_on_recent_comments_and_a_pattern_keeps_the_patterns_spans()
    {
        var rules = Given.Rules(Given.Rule("""
            { "all": [ { "recentComments": { "atLeast": 2, "withinMinutes": 10 } }, { "regex": { "pattern": "buy now" } } ] }
            """));
        var comment = Given.Comment("Great deals, buy now!");
        var prepared = RuleEngine.Prepare(comment, rules);

        var busy = RuleEngine.Finish(prepared, [Given.Now.AddMinutes(-1), Given.Now.AddMinutes(-2)], isDuplicate: false);
        var hit = Assert.Single(busy.Hits);
        Assert.Equal(VerdictAction.Hold, busy.Action);
        Assert.Equal("buy now", Assert.Single(hit.Spans).Text);
        Assert.Equal(busy, RuleEngine.Evaluate(comment with { Activity = comment.Activity with { RecentCommentTimes = [Given.Now.AddMinutes(-1), Given.Now.AddMinutes(-2)] } }, rules),
            VerdictComparer.Instance);

        Assert.Equal(VerdictAction.Publish, RuleEngine.Finish(prepared, [Given.Now.AddMinutes(-1)], isDuplicate: false).Action);
    }

    [Fact]
    public void Under_the_write_gate_no_pattern_runs_patterns_are_answered_from_before()
    {
        // The second step has no regex time at all: a pattern run there would fail closed and hold.
        var rules = Given.Rules(Given.Rule("""
            { "any": [ { "regex": { "pattern": "casino" } }, { "not": { "recentComments": { "atLeast": 1, "withinMinutes": 5 } } } ] }
            """, action: "flag"));
        var prepared = RuleEngine.Prepare(Given.Comment("No gambling talk."), rules);

        Assert.Equal(VerdictAction.Publish, RuleEngine.Finish(prepared, [Given.Now.AddMinutes(-1)], isDuplicate: false).Action);
        Assert.Equal(VerdictAction.Flag, RuleEngine.Finish(prepared, [], isDuplicate: false).Action);
        Assert.Empty(prepared.UncheckedRules);
    }

    private sealed class VerdictComparer : IEqualityComparer<Verdict>
    {
        public static readonly VerdictComparer Instance = new();

        public bool Equals(Verdict? x, Verdict? y) =>
            x is not null && y is not null && x.Action == y.Action && x.Hits.SequenceEqual(y.Hits, HitComparer.Instance);

        public int GetHashCode(Verdict obj) => obj.Action.GetHashCode();
    }

    private sealed class HitComparer : IEqualityComparer<RuleHit>
    {
        public static readonly HitComparer Instance = new();

        public bool Equals(RuleHit? x, RuleHit? y) =>
            x is not null && y is not null && x with { Spans = [] } == y with { Spans = [] } && x.Spans.SequenceEqual(y.Spans);

        public int GetHashCode(RuleHit obj) => obj.RuleKey.GetHashCode(StringComparison.Ordinal);
    }
}
