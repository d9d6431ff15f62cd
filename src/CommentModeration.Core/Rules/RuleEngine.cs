using System.Text;
using CommentModeration.Core.Rules.BuiltIn;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Evaluation;

namespace CommentModeration.Core.Rules;

/// <summary>
/// The decision for a new comment: the built-in discussion checks and the admins' rules in one
/// verdict. Pure (no I/O, no clock: the candidate carries "now") and thread-safe.
/// </summary>
public static class RuleEngine
{
    private const int MaxSpansPerHit = 50;

    public static Verdict Evaluate(CommentCandidate candidate, CompiledRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(rules);
        var context = new EvaluationContext(candidate, rules.Literals);
        var hits = new List<RuleHit>();
        try
        {
            rules.Discussion?.Run(context, hits, rules.Revision);

            // Staff skip the admins' rules as they skip the discussion holds: their comments need no moderation.
            if (!candidate.Author.IsStaff)
            {
                foreach (var rule in rules.ActiveRules)
                {
                    if (rule.Scope is not null && !rule.Scope.Contains(candidate.Article.ArticleId)) continue;
                    context.Matches.Clear();
                    if (!rule.Predicate.Test(context)) continue;
                    AddHits(rule, context, hits, rules.Revision);
                }
            }
        }
        finally
        {
            context.Release();
        }
        return Decide(candidate, hits, rules.Revision);
    }

    private static void AddHits(CompiledRule rule, EvaluationContext context, List<RuleHit> hits, int revision)
    {
        if (context.Matches.Count == 0)
        {
            hits.Add(NewHit(rule, revision, null, []));
            return;
        }
        foreach (var group in context.Matches.GroupBy(m => m.Field))
        {
            var text = context.Text(group.Key);
            var spans = group
                .Select(m => (m.Start, m.End))
                .Distinct()
                .OrderBy(m => m.Start).ThenBy(m => m.End)
                .Take(MaxSpansPerHit)
                .Select(m => new MatchSpan(m.Start, m.End - m.Start, text[m.Start..m.End]))
                .ToArray();
            hits.Add(NewHit(rule, revision, TextFieldNames.Of(group.Key), spans));
        }
    }

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
        var action = ModerationAction.Publish;
        foreach (var hit in hits)
        {
            if (hit.Action > action) action = hit.Action;
        }

        // An approve rule publishes over holds that only say the author is unknown.
        if (action == ModerationAction.Hold && hits.Any(h => h.Action == ModerationAction.Approve)
            && hits.All(h => h.Action != ModerationAction.Hold || (h.IsBuiltIn && BuiltInRule.IsSoftHold(h.RuleKey))))
        {
            for (var i = 0; i < hits.Count; i++)
            {
                if (hits[i].Action == ModerationAction.Hold) hits[i] = hits[i] with { Overridden = true };
            }
            action = ModerationAction.Approve;
        }

        string? refusal = null;
        var flood = false;
        if (action == ModerationAction.Reject)
        {
            var deciding = hits.First(h => h.Action == ModerationAction.Reject);
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
            if (hit.Action != ModerationAction.Censor || hit.Field != TextFieldNames.Body) continue;
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
