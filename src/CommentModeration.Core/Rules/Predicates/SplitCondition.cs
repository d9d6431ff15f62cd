using CommentModeration.Core.Rules.Evaluation;

namespace CommentModeration.Core.Rules.Predicates;

/// <summary>What one part of a condition gave when tested early: its answer and the matches and timeouts it added.</summary>
internal sealed record TestedPart(bool Result, FieldMatch[] Matches, RegexTimeout[] Timeouts);

/// <summary>
/// A rule that looks at the author's recent comments, split for posting: every largest part of
/// its condition that does not is tested before the write gate (<see cref="TestParts"/>), and
/// only the rest, with those parts answered from what they gave, runs under it. The answer is
/// the whole condition's: a part's result and matches depend on nothing the gate changes.
/// </summary>
internal sealed class SplitCondition
{
    private readonly List<Predicate> _parts = [];

    public SplitCondition(Predicate condition) => Condition = Split(condition);

    /// <summary>The condition with the early parts replaced by their answers: no text is read when it is tested.</summary>
    public Predicate Condition { get; }

    /// <summary>Tests every early part (the ones a short-circuit may skip later too), leaving <paramref name="context"/> as it was.</summary>
    public TestedPart[] TestParts(EvaluationContext context)
    {
        var tested = new TestedPart[_parts.Count];
        for (var i = 0; i < tested.Length; i++)
        {
            var matches = context.Matches.Count;
            var timeouts = context.Timeouts.Count;
            var result = _parts[i].Test(context);
            tested[i] = new TestedPart(result, context.Matches[matches..].ToArray(), context.Timeouts[timeouts..].ToArray());
            context.Matches.RemoveRange(matches, context.Matches.Count - matches);
            context.Timeouts.RemoveRange(timeouts, context.Timeouts.Count - timeouts);
        }
        return tested;
    }

    private Predicate Split(Predicate condition)
    {
        if (!condition.ReadsRecentComments)
        {
            _parts.Add(condition);
            return new AnsweredPredicate(_parts.Count - 1);
        }
        return condition switch
        {
            AllPredicate all => new AllPredicate(all.Parts.Select(Split).ToArray()),
            AnyPredicate any => new AnyPredicate(any.Parts.Select(Split).ToArray()),
            NotPredicate not => new NotPredicate(Split(not.Inner)),
            _ => condition,
        };
    }

    /// <summary>An early part: replays what it gave.</summary>
    private sealed class AnsweredPredicate(int index) : Predicate
    {
        public override bool Test(EvaluationContext context)
        {
            var part = context.TestedParts[index];
            context.Matches.AddRange(part.Matches);
            context.Timeouts.AddRange(part.Timeouts);
            return part.Result;
        }
    }
}
