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
/// a pattern with a required literal runs only on texts that contain it.
/// </summary>
internal sealed class RegexPredicate(Regex regex, TextField[] fields, int literal) : Predicate
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);
    private const int MaxSpansPerField = 50;

    public static Regex Build(string pattern, bool ignoreCase, RegexShape shape)
    {
        var options = RegexOptions.CultureInvariant
            | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None)
            | (shape.CouldBacktrackBadly ? RegexOptions.NonBacktracking : RegexOptions.Compiled);
        return new Regex(pattern, options, MatchTimeout);
    }

    public override bool Test(EvaluationContext context)
    {
        var found = false;
        foreach (var field in fields)
        {
            var text = context.Text(field);
            if (text.Length == 0) continue;
            if (literal >= 0 && !context.HasLiteral(field, literal)) continue;
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
                // A text that takes too long counts as no match: posting must not wait.
            }
        }
        return found;
    }
}
