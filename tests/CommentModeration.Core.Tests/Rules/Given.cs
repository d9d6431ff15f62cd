using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.File;

namespace CommentModeration.Core.Tests.Rules;

/// <summary>Comments and rule sets the tests start from: a returning guest with an ordinary comment, at a fixed time.</summary>
internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public static CommentCandidate Comment(string body = "A thoughtful reply about the article.") => new()
    {
        Body = body,
        AuthorName = "Ada Reader",
        AuthorEmail = "ada@example.org",
        AuthorUrl = "",
        Ip = "203.0.113.7",
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64)",
        Author = new AuthorContext { HasPreviouslyApproved = true, ApprovedCount = 3 },
        Article = new ArticleContext { ArticleId = 1, AgeDays = 2 },
        Activity = new ActivityContext { Now = Now },
    };

    public static DiscussionSettings Settings(Func<DiscussionSettings, DiscussionSettings>? change = null) =>
        change is null ? new DiscussionSettings() : change(new DiscussionSettings());

    public static Verdict Decide(CommentCandidate candidate, DiscussionSettings? settings = null) =>
        RuleEngine.Evaluate(candidate, CompiledRuleSet.FromSettings(settings ?? Settings()));

    /// <summary>Admin rules only (no built-in checks), from rules-file JSON.</summary>
    public static CompiledRuleSet Rules(string json, int revision = 0) => CompiledRuleSet.Compile(RulesFile.Parse(json), null, revision);

    public static Verdict Check(string rulesJson, CommentCandidate candidate) => RuleEngine.Evaluate(candidate, Rules(rulesJson));

    /// <summary>One rule with the given condition (JSON) and action.</summary>
    public static string Rule(string when, string action = "hold", string extraLists = "") =>
        $$"""{ "wordLists": { {{extraLists}} }, "rules": [ { "name": "Test rule", "action": "{{action}}", "when": {{when}} } ] }""";

    public static bool Fires(string when, CommentCandidate candidate, string extraLists = "") =>
        Check(Rule(when, extraLists: extraLists), candidate).Action == VerdictAction.Hold;

    public static IEnumerable<string> Keys(this Verdict verdict) => verdict.Hits.Select(h => h.RuleKey);
}
