using CommentModeration.Core.Rules.Evaluation;

namespace CommentModeration.Core.Rules.Predicates;

/// <summary>A compiled node of a condition tree: immutable, shared by every evaluation.</summary>
internal abstract class Predicate
{
    /// <summary>True when the condition holds; spans it matched go to <see cref="EvaluationContext.Matches"/>.</summary>
    public abstract bool Test(EvaluationContext context);

    /// <summary>
    /// The condition looks at the author's recent comments, a fact that must see every comment
    /// stored before this one, so posting can test it only under the write gate.
    /// </summary>
    public bool ReadsRecentComments => RecentCommentsCounted > 0;

    /// <summary>How many of the author's newest comments the condition may count; 0 when it reads none.</summary>
    public virtual int RecentCommentsCounted => 0;
}

internal sealed class AllPredicate(Predicate[] parts) : Predicate
{
    public Predicate[] Parts => parts;

    public override int RecentCommentsCounted => parts.Select(p => p.RecentCommentsCounted).DefaultIfEmpty().Max();

    public override bool Test(EvaluationContext context)
    {
        var mark = context.Matches.Count;
        foreach (var part in parts)
        {
            if (part.Test(context)) continue;
            context.Matches.RemoveRange(mark, context.Matches.Count - mark);
            return false;
        }
        return true;
    }
}

internal sealed class AnyPredicate(Predicate[] parts) : Predicate
{
    public Predicate[] Parts => parts;

    public override int RecentCommentsCounted => parts.Select(p => p.RecentCommentsCounted).DefaultIfEmpty().Max();

    public override bool Test(EvaluationContext context)
    {
        var any = false;
        foreach (var part in parts)
        {
            // Every branch runs, so a moderator sees each reason the rule fired.
            if (part.Test(context)) any = true;
        }
        return any;
    }
}

internal sealed class NotPredicate(Predicate inner) : Predicate
{
    public Predicate Inner => inner;

    public override int RecentCommentsCounted => inner.RecentCommentsCounted;

    public override bool Test(EvaluationContext context)
    {
        var mark = context.Matches.Count;
        var result = inner.Test(context);
        context.Matches.RemoveRange(mark, context.Matches.Count - mark);
        return !result;
    }
}
