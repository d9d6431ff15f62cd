using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.BuiltIn;
using CommentModeration.Core.Rules.File;

namespace CommentModeration.Core.Tests.Rules;

/// <summary>How hits become a verdict: precedence of every action, approve over soft holds, censoring, refusal reasons.</summary>
public class VerdictTests
{
    private static string Rules(params (string Name, string Action, int Priority)[] rules) =>
        "{ \"rules\": [" + string.Join(",", rules.Select(r =>
            $$"""{ "name": "{{r.Name}}", "action": "{{r.Action}}", "priority": {{r.Priority}}, "reason": "because {{r.Name}}", "when": { "words": { "terms": ["{{r.Name.ToLowerInvariant()}}"] } } }""")) + "] }";

    public static TheoryData<string, string> Pairs()
    {
        string[] order = ["reject", "spam", "hold", "flag", "censor", "approve"];
        var data = new TheoryData<string, string>();
        for (var i = 0; i < order.Length; i++)
        {
            for (var j = i + 1; j < order.Length; j++) data.Add(order[i], order[j]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void More_severe_action_decides_whatever_the_priority(string severe, string milder)
    {
        var json = Rules(("Alpha", milder, 100), ("Beta", severe, 0));
        var verdict = Given.Check(json, Given.Comment("alpha beta"));
        Assert.Equal(severe, RulesFile.ActionName(verdict.Action));
        Assert.Equal(2, verdict.Hits.Count);
        Assert.Equal(["alpha", "beta"], verdict.Hits.Select(h => h.RuleKey));
    }

    [Fact]
    public void No_hit_publishes()
    {
        var verdict = Given.Check(Rules(("Alpha", "reject", 0)), Given.Comment("nothing here"));
        Assert.Equal(VerdictAction.Publish, verdict.Action);
        Assert.Empty(verdict.Hits);
        Assert.Null(verdict.RefusalReason);
    }

    [Fact]
    public void Reject_rule_gives_its_reason_to_the_author_and_highest_priority_wins_the_reason()
    {
        var verdict = Given.Check(Rules(("Alpha", "reject", 1), ("Beta", "reject", 5)), Given.Comment("alpha beta"));
        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Equal("because Beta", verdict.RefusalReason);
        Assert.Equal("beta", verdict.DecidingHit!.RuleKey);
    }

    [Fact]
    public void Flag_censor_and_approve_publish_while_hold_spam_and_reject_do_not()
    {
        foreach (var (action, publishes) in new[] { ("flag", true), ("censor", true), ("approve", true), ("hold", false), ("spam", false), ("reject", false) })
        {
            var verdict = Given.Check(Rules(("Alpha", action, 0)), Given.Comment("alpha"));
            Assert.Equal(publishes, verdict.Publishes);
        }
    }

    [Fact]
    public void Censor_masks_the_matched_words_letter_for_letter()
    {
        var json = """{ "rules": [ { "name": "Mask", "action": "censor", "when": { "words": { "terms": ["idiot", "scum*"] } } } ] }""";
        var verdict = Given.Check(json, Given.Comment("You i.d.i.o.t, you scumbag!"));
        Assert.Equal(VerdictAction.Censor, verdict.Action);
        Assert.Equal("You *********, you *******!", verdict.CensoredBody);
    }

    [Fact]
    public void Censored_body_is_null_without_a_censor_hit()
    {
        Assert.Null(Given.Check(Rules(("Alpha", "flag", 0)), Given.Comment("alpha")).CensoredBody);
    }

    private static CompiledRuleSet WithSettings(string rulesJson, Func<Core.Discussion.DiscussionSettings, Core.Discussion.DiscussionSettings>? change = null) =>
        CompiledRuleSet.Compile(RulesFile.Parse(rulesJson), Given.Settings(change));

    private const string ApproveRegulars = """
        { "rules": [ { "name": "Regulars", "action": "approve", "when": { "author": { "isRegistered": true, "accountAgeDays": { "atLeast": 30 } } } } ] }
        """;

    [Fact]
    public void Approve_rule_publishes_over_soft_built_in_holds()
    {
        var regular = Given.Comment("Links: https://a.example https://b.example") with
        {
            Author = new AuthorContext { IsRegistered = true, AccountAgeDays = 400, HasPreviouslyApproved = false },
        };
        var verdict = RuleEngine.Evaluate(regular, WithSettings(ApproveRegulars));
        Assert.Equal(VerdictAction.Approve, verdict.Action);
        Assert.True(verdict.Publishes);
        Assert.All(verdict.Hits.Where(h => h.Action == VerdictAction.Hold), h => Assert.True(h.Overridden));
        Assert.Equal([BuiltInRule.PreviouslyApproved, BuiltInRule.Links, "regulars"], verdict.Keys());
    }

    [Fact]
    public void Approve_rule_does_not_override_manual_approval_moderation_keys_or_admin_holds()
    {
        var regular = Given.Comment("A word: xyzzy") with { Author = new AuthorContext { IsRegistered = true, AccountAgeDays = 400 } };
        Assert.Equal(VerdictAction.Hold, RuleEngine.Evaluate(regular, WithSettings(ApproveRegulars, s => s with { ManualApproval = true })).Action);
        Assert.Equal(VerdictAction.Hold, RuleEngine.Evaluate(regular, WithSettings(ApproveRegulars, s => s with { ModerationKeys = "xyzzy" })).Action);
        var withAdminHold = """
            { "rules": [
              { "name": "Regulars", "action": "approve", "when": { "author": { "isRegistered": true } } },
              { "name": "Xyzzy", "action": "hold", "when": { "words": { "terms": ["xyzzy"] } } } ] }
            """;
        var verdict = RuleEngine.Evaluate(regular, WithSettings(withAdminHold));
        Assert.Equal(VerdictAction.Hold, verdict.Action);
        Assert.DoesNotContain(verdict.Hits, h => h.Overridden);
    }

    [Fact]
    public void Approve_rule_never_overrides_spam_or_reject()
    {
        var regular = Given.Comment("casino") with { Author = new AuthorContext { IsRegistered = true, AccountAgeDays = 400 } };
        Assert.Equal(VerdictAction.Spam, RuleEngine.Evaluate(regular, WithSettings(ApproveRegulars, s => s with { DisallowedKeys = "casino" })).Action);
    }

    [Fact]
    public void Staff_skip_admin_rules()
    {
        var staff = Given.Comment("alpha") with { Author = new AuthorContext { IsStaff = true, IsRegistered = true } };
        Assert.Equal(VerdictAction.Publish, Given.Check(Rules(("Alpha", "reject", 0)), staff).Action);
    }

    [Fact]
    public void Built_in_and_admin_hits_share_one_verdict()
    {
        var candidate = Given.Comment("alpha") with { Author = new AuthorContext() };
        var verdict = RuleEngine.Evaluate(candidate, WithSettings(Rules(("Alpha", "flag", 0))));
        Assert.Equal(VerdictAction.Hold, verdict.Action);
        Assert.Equal([BuiltInRule.PreviouslyApproved, "alpha"], verdict.Keys());
        Assert.True(verdict.Hits[0].IsBuiltIn);
        Assert.False(verdict.Hits[1].IsBuiltIn);
    }
}
