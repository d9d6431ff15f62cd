using System.Text;
using CommentModeration.Core.Rules.BuiltIn;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Evaluation;
using CommentModeration.Core.Rules.Predicates;

namespace CommentModeration.Core.Rules;

/// <summary>
/// The decision for a new comment: the built-in discussion checks and the admins' rules in one
/// verdict. Pure (no I/O, no clock: the candidate carries "now") and thread-safe.
/// Posting decides in two steps: <see cref="Prepare"/> runs everything that reads the text (the
/// patterns, word lists, links, and the key lists), before the write gate; <see cref="Finish"/>
/// adds what must see every comment stored before this one (duplicate, flood, and rules on the
/// author's recent comments) under the gate, reading no text. One evaluation is both.
/// </summary>
public static class RuleEngine
{
    private const int MaxSpansPerHit = 50;

    public static Verdict Evaluate(CommentCandidate candidate, CompiledRuleSet rules) =>
        Finish(Prepare(candidate, rules), candidate.Activity.RecentCommentTimes, candidate.Activity.IsDuplicate);

    /// <summary>
    /// Everything but the facts <see cref="Finish"/> takes: the candidate's RecentCommentTimes and
    /// IsDuplicate are not read. The comment's patterns share <paramref name="regexBudget"/>
    /// (default <see cref="RegexPredicate.CommentBudget"/>); a pattern left without time fails
    /// closed, as a timeout does.
    /// </summary>
    public static PreparedVerdict Prepare(CommentCandidate candidate, CompiledRuleSet rules, TimeSpan? regexBudget = null)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(rules);
        var context = new EvaluationContext(candidate, rules.Literals, regexBudget ?? RegexPredicate.CommentBudget);
        var discussion = new List<RuleHit>();
        var activityAt = 0;
        var ruleHits = new List<RuleHit>();
        var split = new List<SplitRule>();
        var notChecked = new List<string>();
        try
        {
            rules.Discussion?.Run(context, discussion, rules.Revision, out activityAt);

            // Staff skip the admins' rules as they skip the discussion holds: their comments need no moderation.
            if (!candidate.Author.IsStaff)
            {
                foreach (var rule in rules.ActiveRules)
                {
                    if (rule.Scope is not null && !rule.Scope.Contains(candidate.Article.ArticleId)) continue;
                    if (rule.Split is { } condition)
                    {
                        var parts = condition.TestParts(context);
                        split.Add(new SplitRule(ruleHits.Count, rule, parts));
                        if (parts.Any(p => p.Timeouts.Length > 0)) notChecked.Add(rule.Name);
                        continue;
                    }
                    if (Test(rule, rule.Predicate, context, ruleHits, rules.Revision)) notChecked.Add(rule.Name);
                }
            }
        }
        finally
        {
            context.Release();
        }
        return new PreparedVerdict(candidate, rules, discussion, activityAt, ruleHits, split, notChecked);
    }

    /// <summary>The verdict, given the author's (and address's) recent comment times and whether the same comment is already stored.</summary>
    public static Verdict Finish(PreparedVerdict prepared, IReadOnlyList<DateTimeOffset> recentCommentTimes, bool isDuplicate)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var candidate = prepared.Candidate with
        {
            Activity = prepared.Candidate.Activity with { RecentCommentTimes = recentCommentTimes, IsDuplicate = isDuplicate },
        };
        var rules = prepared.Rules;
        var hits = new List<RuleHit>(prepared.Discussion.Count + prepared.RuleHits.Count + 2);
        hits.AddRange(prepared.Discussion.Take(prepared.ActivityAt));
        rules.Discussion?.RunActivity(candidate, hits, rules.Revision);
        hits.AddRange(prepared.Discussion.Skip(prepared.ActivityAt));

        var done = 0;
        if (prepared.Split.Count > 0)
        {
            // No budget: what is left reads no text, and a pattern here would fail closed.
            var context = new EvaluationContext(candidate, rules.Literals, TimeSpan.Zero);
            foreach (var rule in prepared.Split)
            {
                hits.AddRange(prepared.RuleHits.Skip(done).Take(rule.Position - done));
                done = rule.Position;
                context.TestedParts = rule.Parts;
                Test(rule.Rule, rule.Rule.Split!.Condition, context, hits, rules.Revision);
            }
        }
        hits.AddRange(prepared.RuleHits.Skip(done));
        return Decide(candidate, hits, rules.Revision);
    }

    /// <summary>Tests one rule, adding its hits; true when a pattern could not check a field.</summary>
    private static bool Test(CompiledRule rule, Predicate condition, EvaluationContext context, List<RuleHit> hits, int revision)
    {
        context.Matches.Clear();
        context.Timeouts.Clear();
        var fired = condition.Test(context);
        // A rule that could not check a field is trusted neither way (under "not" a timeout would
        // even make it fire): a moderator decides instead.
        if (context.Timeouts.Count > 0) hits.Add(TimeoutHit(rule, context.Timeouts[0], revision));
        else if (fired) AddHits(rule, context, hits, revision);
        return context.Timeouts.Count > 0;
    }

    private static void AddHits(CompiledRule rule, EvaluationContext context, List<RuleHit> hits, int revision)
    {
        var matches = context.Matches;
        if (matches.Count == 0)
        {
            hits.Add(NewHit(rule, revision, null, []));
            return;
        }
        // One hit per field, fields in the order they first matched, each with its distinct spans in text order.
        var done = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            var field = matches[i].Field;
            if ((done & (1 << (int)field)) != 0) continue;
            done |= 1 << (int)field;
            var ranges = new List<(int Start, int End)>();
            for (var j = i; j < matches.Count; j++)
            {
                if (matches[j].Field == field) ranges.Add((matches[j].Start, matches[j].End));
            }
            ranges.Sort();
            var text = context.Text(field);
            var spans = new List<MatchSpan>(Math.Min(ranges.Count, MaxSpansPerHit));
            for (var k = 0; k < ranges.Count && spans.Count < MaxSpansPerHit; k++)
            {
                if (k > 0 && ranges[k] == ranges[k - 1]) continue;
                var (start, end) = ranges[k];
                spans.Add(new MatchSpan(start, end - start, text[start..end]));
            }
            hits.Add(NewHit(rule, revision, TextFieldNames.Of(field), spans.ToArray()));
        }
    }

    /// <summary>
    /// A rule whose pattern ran out of time could not say whether it matches: the comment goes to
    /// a moderator (held, or flagged when the rule itself would do no more than flag), with a reason
    /// that names the pattern.
    /// </summary>
    private static RuleHit TimeoutHit(CompiledRule rule, RegexTimeout timeout, int revision) => new()
    {
        RuleKey = rule.Key,
        Rule = rule.Name,
        RuleRevision = revision,
        Action = rule.Action >= VerdictAction.Hold ? VerdictAction.Hold : VerdictAction.Flag,
        Reason = (timeout.OutOfBudget
                ? $"The pattern \u201c{timeout.Pattern}\u201d could not finish on the {TextFieldNames.Of(timeout.Field)}: the comment's patterns had used up their time " +
                    $"({RegexPredicate.CommentBudget.TotalMilliseconds:N0} ms for all of them), "
                : $"The pattern \u201c{timeout.Pattern}\u201d timed out on the {TextFieldNames.Of(timeout.Field)} (twice, {RegexPredicate.MatchTimeout.TotalMilliseconds:N0} ms each), ") +
            "so the rule could not check this comment; a moderator should review it.",
        Field = TextFieldNames.Of(timeout.Field),
    };

    private static RuleHit NewHit(CompiledRule rule, int revision, string? field, MatchSpan[] spans) => new()
    {
        RuleKey = rule.Key,
        Rule = rule.Name,
        RuleRevision = revision,
        Action = rule.Action,
        Reason = rule.Reason,
        Field = field,
        Spans = spans,
    };

    private static Verdict Decide(CommentCandidate candidate, List<RuleHit> hits, int revision)
    {
        var action = VerdictAction.Publish;
        foreach (var hit in hits)
        {
            if (hit.Action > action) action = hit.Action;
        }

        // An approve rule publishes over holds that only say the author is unknown.
        if (action == VerdictAction.Hold && hits.Any(h => h.Action == VerdictAction.Approve)
            && hits.All(h => h.Action != VerdictAction.Hold || (h.IsBuiltIn && BuiltInRule.IsSoftHold(h.RuleKey))))
        {
            for (var i = 0; i < hits.Count; i++)
            {
                if (hits[i].Action == VerdictAction.Hold) hits[i] = hits[i] with { Overridden = true };
            }
            action = VerdictAction.Approve;
        }

        string? refusal = null;
        var flood = false;
        if (action == VerdictAction.Reject)
        {
            var deciding = hits.First(h => h.Action == VerdictAction.Reject);
            refusal = deciding.Reason.Length > 0 ? deciding.Reason : deciding.Rule;
            flood = deciding.RuleKey == BuiltInRule.Flood;
        }

        return new Verdict
        {
            Action = action,
            Hits = hits,
            RefusalReason = refusal,
            IsFlood = flood,
            CensoredBody = Censor(candidate.Body, hits),
            RuleSetRevision = revision,
        };
    }

    /// <summary>The body with every span of a censor hit masked, letter for letter; null when nothing is censored.</summary>
    private static string? Censor(string? body, List<RuleHit> hits)
    {
        if (string.IsNullOrEmpty(body)) return null;
        StringBuilder? masked = null;
        foreach (var hit in hits)
        {
            if (hit.Action != VerdictAction.Censor || hit.Field != TextFieldNames.Body) continue;
            masked ??= new StringBuilder(body);
            foreach (var span in hit.Spans)
            {
                for (var i = span.Start; i < span.Start + span.Length && i < masked.Length; i++)
                {
                    if (!char.IsWhiteSpace(masked[i])) masked[i] = '*';
                }
            }
        }
        return masked?.ToString();
    }
}

/// <summary>
/// A verdict decided up to the facts that must see every comment stored before this one; <see cref="RuleEngine.Finish"/> completes it.
/// </summary>
public sealed class PreparedVerdict
{
    internal PreparedVerdict(CommentCandidate candidate, CompiledRuleSet rules, List<RuleHit> discussion, int activityAt,
        List<RuleHit> ruleHits, List<SplitRule> split, List<string> uncheckedRules)
    {
        Candidate = candidate;
        Rules = rules;
        Discussion = discussion;
        ActivityAt = activityAt;
        RuleHits = ruleHits;
        Split = split;
        UncheckedRules = uncheckedRules;
    }

    /// <summary>Rules a pattern of which timed out or had no time left: the comment goes to review.</summary>
    public IReadOnlyList<string> UncheckedRules { get; }

    /// <summary>How many of the author's newest comments <see cref="RuleEngine.Finish"/> needs to see (<see cref="CompiledRuleSet.NewestCommentsNeeded"/>).</summary>
    public int NewestCommentsNeeded => Rules.NewestCommentsNeeded;

    internal CommentCandidate Candidate { get; }
    internal CompiledRuleSet Rules { get; }
    internal List<RuleHit> Discussion { get; }

    /// <summary>Where in <see cref="Discussion"/> the duplicate and flood checks' hits go.</summary>
    internal int ActivityAt { get; }
    internal List<RuleHit> RuleHits { get; }
    internal List<SplitRule> Split { get; }
}

/// <summary>A rule on the author's recent comments, its other parts tested; its hits go at <paramref name="Position"/> of the rule hits.</summary>
internal sealed record SplitRule(int Position, CompiledRule Rule, TestedPart[] Parts);
