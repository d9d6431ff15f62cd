using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Evaluation;

namespace CommentModeration.Core.Rules.Predicates;

/// <summary>Facts about the author; every one given must hold.</summary>
internal sealed class AuthorPredicate(AuthorCondition condition) : Predicate
{
    private readonly AuthorStandingLevel[] _standing = condition.Standing.ToArray();

    public override bool Test(EvaluationContext context)
    {
        var author = context.Candidate.Author;
        if (condition.IsRegistered is { } registered && author.IsRegistered != registered) return false;
        if (condition.IsNew is { } isNew && IsNew(author) != isNew) return false;
        if (condition.AccountAgeDays is { } age && !(author.AccountAgeDays is { } days && age.Contains(days))) return false;
        if (condition.Approved is { } approved && !approved.Contains(author.ApprovedCount)) return false;
        if (condition.Rejected is { } rejected && !rejected.Contains(author.RejectedCount)) return false;
        if (condition.Spam is { } spam && !spam.Contains(author.SpamCount)) return false;
        if (condition.RejectionRate is { } rate)
        {
            var decided = author.ApprovedCount + author.RejectedCount + author.SpamCount;
            if (decided == 0 || !rate.Contains((double)(author.RejectedCount + author.SpamCount) / decided)) return false;
        }
        if (_standing.Length > 0 && Array.IndexOf(_standing, author.Standing) < 0) return false;
        return true;
    }

    /// <summary>An author none of whose comments has been approved yet.</summary>
    public static bool IsNew(AuthorContext author) => author.ApprovedCount == 0 && !author.HasPreviouslyApproved;
}

/// <summary>At least N comments by the same author or IP in the last minutes (this one not counted).</summary>
internal sealed class RecentCommentsPredicate(int atLeast, TimeSpan within) : Predicate
{
    public override int RecentCommentsCounted => Math.Max(1, atLeast);

    public override bool Test(EvaluationContext context)
    {
        var activity = context.Candidate.Activity;
        var since = activity.Now - within;
        var count = 0;
        foreach (var at in activity.RecentCommentTimes)
        {
            if (at >= since && at <= activity.Now) count++;
        }
        return count >= atLeast;
    }
}

/// <summary>The same text posted recently by anyone, at least N times.</summary>
internal sealed class SameTextPredicate(int atLeast) : Predicate
{
    public override bool Test(EvaluationContext context) => context.Candidate.Activity.RecentSameTextCount >= atLeast;
}

internal sealed class ArticlePredicate(NumberRange? ageDays, CommentPolicy[] policies) : Predicate
{
    public override bool Test(EvaluationContext context)
    {
        var article = context.Candidate.Article;
        if (ageDays is { } range && !range.Contains(article.AgeDays)) return false;
        if (policies.Length > 0 && Array.IndexOf(policies, article.Policy) < 0) return false;
        return true;
    }
}
