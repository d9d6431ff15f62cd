using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>
/// A rule on the author's recent comments, through real posting: posting reads only as many of an
/// author's newest comments as the rules count, and must still see all of those.
/// </summary>
public abstract class RecentCommentsPostingTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private const int Busy = 8;

    // At least Busy comments.
    private const string Rules = """
        { "rules": [ { "name": "Busy author", "action": "hold", "reason": "Many comments in an hour",
          "when": { "recentComments": { "atLeast": 8, "withinMinutes": 60 } } } ] }
        """;

    private Task UseRulesAsync() => factory.UseRulesAsync(Rules);

    /// <summary>An author with <paramref name="inTheHour"/> comments in the last hour and more earlier that day, then their next post (from an address of its own: the flood check counts addresses too).</summary>
    private async Task<CommentPostResult> PostAfterAsync(int inTheHour, string ip)
    {
        await UseRulesAsync();
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("busy"));
        var email = $"busy-{Guid.NewGuid():N}@example.org";
        var now = factory.Clock.GetUtcNow();
        // A busy morning too: more comments than the rule counts, older than the hour's.
        for (var i = 0; i < 12; i++) await factory.AddCommentAsync(article, $"Morning comment {i}", author: "Busy Reader", email: email, at: now.AddHours(-3).AddMinutes(i));
        for (var i = 0; i < inTheHour; i++) await factory.AddCommentAsync(article, $"Recent comment {i}", author: "Busy Reader", email: email, at: now.AddMinutes(-50 + i));

        return await factory.PostAsync(new CommentSubmission
        {
            ArticleId = article.Id, Body = "One more thought.", AuthorName = "Busy Reader", AuthorEmail = email, Ip = ip,
        });
    }

    [Fact]
    public async Task A_post_after_as_many_comments_in_the_hour_as_the_rule_counts_is_held_by_it()
    {
        var result = await PostAfterAsync(inTheHour: Busy, ip: "203.0.113.44");

        Assert.Equal(PostingOutcome.Held, result.Outcome);
        await using var db = factory.CreateDbContext();
        var comment = await db.Comments.SingleAsync(c => c.Id == result.CommentId);
        Assert.Equal(CommentStatus.Pending, comment.Status);
        Assert.Contains("Busy author", comment.VerdictJson);
    }

    [Fact]
    public async Task A_post_after_one_comment_fewer_is_published()
    {
        var result = await PostAfterAsync(inTheHour: Busy - 1, ip: "203.0.113.45");

        Assert.True(result.Outcome == PostingOutcome.Published, $"{result.Outcome}: {result.Message}");
    }
}

public sealed class RecentCommentsPostingTests(ReaderAppFactory factory) : RecentCommentsPostingTests<ReaderAppFactory>(factory);

public sealed class RecentCommentsPostingTestsOnPostgres(PostgresReaderAppFactory factory) : RecentCommentsPostingTests<PostgresReaderAppFactory>(factory);
