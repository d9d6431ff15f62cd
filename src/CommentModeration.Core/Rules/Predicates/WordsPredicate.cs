using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Evaluation;
using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Rules.Predicates;

/// <summary>Terms of a word list (or inline) in chosen fields, after normalization.</summary>
internal sealed class WordsPredicate(WordListMatcher matcher, TextField[] fields) : Predicate
{
    public override bool Test(EvaluationContext context)
    {
        var found = false;
        foreach (var field in fields)
        {
            var terms = context.TermMatches;
            terms.Clear();
            if (!matcher.FindAll(context.Normalized(field), terms)) continue;
            found = true;
            foreach (var m in terms) context.Matches.Add(new FieldMatch(field, m.Start, m.End));
        }
        return found;
    }
}
