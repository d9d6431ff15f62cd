using System.Text.RegularExpressions;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Evaluation;

namespace CommentModeration.Core.Rules.Predicates;

/// <summary>
/// An admin's pattern, built with the non-backtracking engine (time linear in the text, so no
/// pattern can stall posting) and a match timeout as a second guard.
/// </summary>
internal sealed class RegexPredicate(Regex regex, TextField[] fields) : Predicate
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);
    private const int MaxSpansPerField = 50;

    public static Regex Build(string pattern, bool ignoreCase)
    {
        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;
        if (ignoreCase) options |= RegexOptions.IgnoreCase;
        return new Regex(pattern, options, MatchTimeout);
    }

    public override bool Test(EvaluationContext context)
    {
        var found = false;
        foreach (var field in fields)
        {
            var text = context.Text(field);
            if (text.Length == 0) continue;
            try
            {
                var spans = 0;
                foreach (var match in regex.EnumerateMatches(text))
                {
                    found = true;
                    context.Matches.Add(new FieldMatch(field, match.Index, match.Index + match.Length));
                    if (++spans == MaxSpansPerField) break;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A text too large to scan in time counts as no match: posting must not wait.
            }
        }
        return found;
    }
}
