using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Evaluation;

namespace CommentModeration.Core.Rules.Predicates;

/// <summary>The body's length in characters within a range.</summary>
internal sealed class LengthPredicate(int? atLeast, int? atMost) : Predicate
{
    public override bool Test(EvaluationContext context)
    {
        var length = context.Text(TextField.Body).Length;
        return (atLeast is not { } min || length >= min) && (atMost is not { } max || length <= max);
    }
}

/// <summary>Shouting: the share of upper-case letters among the body's letters.</summary>
internal sealed class CapitalsPredicate(double shareAtLeast, int minLetters) : Predicate
{
    public override bool Test(EvaluationContext context)
    {
        var (letters, capitals, _) = context.BodyShape;
        return letters >= minLetters && letters > 0 && (double)capitals / letters >= shareAtLeast;
    }
}

/// <summary>Any non-space character repeated at least N times in a row, each run a span.</summary>
internal sealed class RepeatedCharactersPredicate(int atLeast) : Predicate
{
    public override bool Test(EvaluationContext context)
    {
        // Most comments have no run that long: the shared count says so without a scan for spans.
        if (context.BodyShape.LongestRepeat < atLeast) return false;
        var text = context.Text(TextField.Body);
        var found = false;
        var i = 0;
        while (i < text.Length)
        {
            var j = i + 1;
            while (j < text.Length && text[j] == text[i]) j++;
            if (j - i >= atLeast && !char.IsWhiteSpace(text[i]))
            {
                found = true;
                context.Matches.Add(new FieldMatch(TextField.Body, i, j));
            }
            i = j;
        }
        return found;
    }
}
