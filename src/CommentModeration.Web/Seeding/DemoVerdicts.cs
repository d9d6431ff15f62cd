using System.Text.Json;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;

namespace CommentModeration.Web.Seeding;

/// <summary>
/// The rule engine's verdict on each demo comment, as it would have been when the comment was
/// posted: the rules in force, the article's policy, and whether its author had a comment
/// published before then. So a seeded held comment says why it is held, as a posted one does.
/// </summary>
internal sealed class DemoVerdicts
{
    internal static readonly JsonSerializerOptions HitsJson = new(JsonSerializerDefaults.Web);

    private readonly CompiledRuleSet _rules;

    /// <summary>When each author (by email) had a comment published: at posting, or when a moderator approved it.</summary>
    private readonly ILookup<string, DateTimeOffset> _published;

    public DemoVerdicts(IReadOnlyList<DemoArticle> articles, DateTimeOffset now, CompiledRuleSet rules)
    {
        _rules = rules;
        _published = articles
            .SelectMany(a =>
            {
                var flat = DemoSeeder.Flatten(a.Comments).Select(f => f.Comment).ToList();
                var times = DemoSeeder.CommentTimes(now.AddDays(-a.PublishedDaysAgo), now, flat.Count);
                return flat.Select((c, i) => (c, At: times[i]));
            })
            .Where(x => x.c.Status == CommentStatus.Approved)
            .ToLookup(x => x.c.Author.Email, x => x.c.HeldThenApproved ? x.At + DemoSeeder.ModeratorDelay : x.At);
    }

    public Verdict Decide(Comment comment, DemoComment spec, Article article)
    {
        var staff = spec.Author.Email is var email && (email == DemoContent.Moderator.Email || email == DemoContent.Admin.Email);
        var author = CommentCandidates.Author(spec.Author.IsAccount, staff, accountCreatedAt: null, standing: null,
            hasPreviouslyApproved: _published[spec.Author.Email].Any(at => at < comment.CreatedAt), comment.CreatedAt);
        // A closed article's comments were posted while it was open.
        var policy = article.CommentPolicy == CommentPolicy.Closed ? CommentPolicy.Open : article.CommentPolicy;
        var candidate = CommentCandidates.Of(
            new CandidateText(comment.BodyText, comment.AuthorName, comment.AuthorEmail, comment.AuthorUrl, comment.Ip, comment.UserAgent),
            author, new CandidateArticle(article.Id, policy, article.PublishedAt),
            new ActivityContext { Now = comment.CreatedAt, Parent = comment.ParentId is null ? ParentState.None : ParentState.Approved });
        return RuleEngine.Evaluate(candidate, _rules);
    }
}
