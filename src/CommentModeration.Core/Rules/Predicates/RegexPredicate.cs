using System.Text.RegularExpressions;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Evaluation;
using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Rules.Predicates;

/// <summary>
/// An admin's pattern. A pattern whose shape could backtrack badly (a repeated group that
/// repeats or alternates inside, like <c>(a+)+$</c>, or two open-ended repeats) runs on the
/// non-backtracking engine, linear in the text; any other runs compiled, which is several
/// times faster to run and to build. Every pattern has a match timeout as a second guard, and
/// a pattern with a required literal runs only on texts that contain it. A pattern that still
/// runs out of time on a text fails closed: the engine sends the comment to review. The patterns
/// of one comment share a budget (<see cref="CommentBudget"/>): once it is spent, the patterns
/// left do not run and fail closed the same way, so one comment cannot take longer than the
/// budget and one match timeout, however many slow patterns the rules hold.
/// </summary>
internal sealed class RegexPredicate(Regex regex, TextField[] fields, int literal, bool requiresDigit) : Predicate
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The time every pattern of one comment may take together: one pattern timing out twice, and some.</summary>
    public static readonly TimeSpan CommentBudget = TimeSpan.FromMilliseconds(300);
    private const int MaxSpansPerField = 50;

    private static int _linearEngineWarmed;

    public static Regex Build(string pattern, bool ignoreCase, RegexShape shape)
    {
        var options = RegexOptions.CultureInvariant
            | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None)
            | (shape.CouldBacktrackBadly ? RegexOptions.NonBacktracking : RegexOptions.Compiled);
        var regex = new Regex(pattern, options, MatchTimeout);
        if (shape.CouldBacktrackBadly) WarmLinearEngine();
        return regex;
    }

    /// <summary>
    /// The first match on the non-backtracking engine in a process compiles the engine's own code
    /// (tens of milliseconds on a loaded machine). A timeout fails closed, so that cost must not
    /// fall on the first comment: the rule set's compile pays it, once per process.
    /// </summary>
    private static void WarmLinearEngine()
    {
        if (Interlocked.Exchange(ref _linearEngineWarmed, 1) == 1) return;
        new Regex("(a+)+$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase).IsMatch("aaaa!");
    }

    public override bool Test(EvaluationContext context)
    {
        var found = false;
        foreach (var field in fields)
        {
            var text = context.Text(field);
            if (text.Length == 0) continue;
            if (literal >= 0 && !context.HasLiteral(field, literal)) continue;
            if (requiresDigit && !context.HasDigit(field)) continue;
            if (!context.RegexTimeLeft)
            {
                context.Timeouts.Add(new RegexTimeout(field, regex.ToString(), OutOfBudget: true));
                continue;
            }
            // A timeout can come from one-time costs rather than the pattern (the first run of a
            // compiled pattern generates its code; a loaded machine deschedules the thread), so
            // only a second one counts, budget allowing. Posting must not wait longer, and a rule
            // must not let through what it could not check: the engine sends the comment to review.
            var matched = FindAll(context, field, text);
            var retried = matched is null && context.RegexTimeLeft;
            if (retried) matched = FindAll(context, field, text);
            if (matched is { } any) found |= any;
            else context.Timeouts.Add(new RegexTimeout(field, regex.ToString(), OutOfBudget: !retried));
        }
        return found;
    }

    /// <summary>Adds the pattern's matches in the field; whether there was one, or null when it timed out (adding nothing).</summary>
    private bool? FindAll(EvaluationContext context, TextField field, string text)
    {
        var mark = context.Matches.Count;
        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var spans = 0;
            foreach (var match in regex.EnumerateMatches(text))
            {
                context.Matches.Add(new FieldMatch(field, match.Index, match.Index + match.Length));
                if (++spans == MaxSpansPerField) break;
            }
            return spans > 0;
        }
        catch (RegexMatchTimeoutException)
        {
            context.Matches.RemoveRange(mark, context.Matches.Count - mark);
            return null;
        }
        finally
        {
            context.SpendRegexTime(startedAt);
        }
    }
}
