using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>The posting service over real SQLite: what a decision stores, and that a refusal stores nothing.</summary>
public abstract class CommentPostingTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private const string Rules = """
        {
          "wordLists": { "mild": ["darn"] },
          "rules": [
            { "name": "Phone numbers", "action": "flag", "reason": "Possible personal data",
              "when": { "regex": { "pattern": "\\b\\d{3}-\\d{4}\\b", "in": ["body"] } } },
            { "name": "Mild words", "action": "censor", "reason": "Mild language",
              "when": { "words": { "list": "mild" } } }
          ]
        }
        """;

    private Task<CommentPostResult> PostAsync(CommentSubmission submission) => factory.PostAsync(submission);

    private async Task<Dictionary<string, long>> CountersAsync()
    {
        await using var db = factory.CreateDbContext();
        return await db.QueueCounters.ToDictionaryAsync(q => q.Name, q => q.Value);
    }

    private static long Delta(Dictionary<string, long> before, Dictionary<string, long> after, QueueKind queue) =>
        after.GetValueOrDefault(CommentQueues.CounterName(queue)) - before.GetValueOrDefault(CommentQueues.CounterName(queue));

    private Task UseRulesAsync() => factory.UseRulesAsync(Rules);

    private async Task<Article> ArticleWithReturningAuthorAsync(string prefix, string email)
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug(prefix));
        await factory.AddCommentAsync(article, "Earlier", author: "Returning", email: email, at: factory.Clock.GetUtcNow().AddDays(-3));
        return article;
    }

    [Fact]
    public async Task Published_comment_stores_its_verdict_and_updates_counters_standing_audit_and_article_count()
    {
        var article = await ArticleWithReturningAuthorAsync("published", "returning@example.com");
        var before = await CountersAsync();

        var result = await PostAsync(new CommentSubmission
        {
            ArticleId = article.Id, Body = "Well *said*.", AuthorName = "Returning", AuthorEmail = "Returning@Example.com",
            Ip = "203.0.113.7", UserAgent = "TestBrowser/1.0",
        });

        Assert.Equal(PostingOutcome.Published, result.Outcome);
        await using var db = factory.CreateDbContext();
        var comment = await db.Comments.SingleAsync(c => c.Id == result.CommentId);
        Assert.Equal(CommentStatus.Approved, comment.Status);
        Assert.Equal(VerdictAction.Publish, comment.VerdictAction);
        Assert.Equal("<p>Well <em>said</em>.</p>", comment.BodyHtml);
        Assert.Equal("email:returning@example.com", comment.AuthorKey);
        Assert.Equal(comment.Id, comment.ThreadRootId);
        Assert.Equal(("203.0.113.7", "TestBrowser/1.0"), (comment.Ip, comment.UserAgent));
        var counted = await db.Articles.SingleAsync(a => a.Id == article.Id);
        // The earlier approved comment and this one, each a thread of its own.
        Assert.Equal((2, 2), (counted.ApprovedCommentCount, counted.PublishedThreadCount));
        var standing = await db.AuthorStandings.SingleAsync(s => s.AuthorKey == "email:returning@example.com");
        Assert.Equal(1, standing.ApprovedCount);
        var posted = await db.ModerationEvents.SingleAsync(e => e.CommentId == comment.Id);
        Assert.True(posted.Automatic);
        Assert.Equal("posted", posted.Action);
        Assert.Equal(CommentStatus.Approved, posted.ToStatus);
        var after = await CountersAsync();
        Assert.Equal(1, Delta(before, after, QueueKind.Approved));
        Assert.Equal(0, Delta(before, after, QueueKind.Pending));
    }

    [Fact]
    public async Task Held_comment_is_pending_with_the_check_that_fired_recorded_everywhere()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("held-service"));
        var before = await CountersAsync();

        var result = await PostAsync(new CommentSubmission { ArticleId = article.Id, Body = "First words here", AuthorName = "New", AuthorEmail = "new-held@example.com" });

        Assert.Equal(PostingOutcome.Held, result.Outcome);
        await using var db = factory.CreateDbContext();
        var comment = await db.Comments.SingleAsync(c => c.Id == result.CommentId);
        Assert.Equal(CommentStatus.Pending, comment.Status);
        Assert.Contains("builtin:previously-approved", comment.VerdictJson);
        Assert.Equal(0, (await db.Articles.SingleAsync(a => a.Id == article.Id)).ApprovedCommentCount);
        var posted = await db.ModerationEvents.SingleAsync(e => e.CommentId == comment.Id);
        Assert.Equal(CommentStatus.Pending, posted.ToStatus);
        Assert.Contains("No previously approved comment", posted.Reason);
        Assert.True(await db.RuleHitsDaily.AnyAsync(h => h.RuleKey == "builtin:previously-approved" && h.Count >= 1));
        Assert.Equal(1, Delta(before, await CountersAsync(), QueueKind.Pending));
    }

    [Fact]
    public async Task Refused_comment_stores_nothing_at_all()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("refused-service"));
        var before = await CountersAsync();

        var result = await PostAsync(new CommentSubmission { ArticleId = article.Id, Body = "   ", AuthorName = "Blank", AuthorEmail = "blank@example.com" });

        Assert.Equal(PostingOutcome.Refused, result.Outcome);
        Assert.Equal(RefusalKind.Invalid, result.Refusal);
        Assert.Equal("Please type your comment.", result.Message);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Comments.AnyAsync(c => c.ArticleId == article.Id));
        Assert.False(await db.AuthorStandings.AnyAsync(s => s.AuthorKey == "email:blank@example.com"));
        Assert.Equal(before, await CountersAsync());
    }

    [Fact]
    public async Task Comment_with_a_disallowed_word_is_stored_as_spam()
    {
        await factory.ConfigureDiscussionAsync(s => s with { DisallowedKeys = "cheap pills" });
        try
        {
            var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("spam-service"));
            var before = await CountersAsync();

            var result = await PostAsync(new CommentSubmission { ArticleId = article.Id, Body = "Buy CHEAP PILLS now", AuthorName = "Seller", AuthorEmail = "seller@example.com" });

            Assert.Equal(PostingOutcome.Spam, result.Outcome);
            await using var db = factory.CreateDbContext();
            Assert.Equal(CommentStatus.Spam, (await db.Comments.SingleAsync(c => c.Id == result.CommentId)).Status);
            Assert.Equal(1, (await db.AuthorStandings.SingleAsync(s => s.AuthorKey == "email:seller@example.com")).SpamCount);
            Assert.Equal(1, Delta(before, await CountersAsync(), QueueKind.Spam));
        }
        finally
        {
            await factory.ConfigureDiscussionAsync(s => s with { DisallowedKeys = "" });
        }
    }

    [Fact]
    public async Task Flag_rule_publishes_and_queues_the_comment_for_review()
    {
        await UseRulesAsync();
        var article = await ArticleWithReturningAuthorAsync("flag", "flagged@example.com");
        var before = await CountersAsync();

        var result = await PostAsync(new CommentSubmission { ArticleId = article.Id, Body = "Call 555-1234 after six", AuthorName = "Returning", AuthorEmail = "flagged@example.com" });

        Assert.Equal(PostingOutcome.Published, result.Outcome);
        await using var db = factory.CreateDbContext();
        var comment = await db.Comments.SingleAsync(c => c.Id == result.CommentId);
        Assert.Equal((CommentStatus.Approved, true, VerdictAction.Flag), (comment.Status, comment.NeedsReview, comment.VerdictAction));
        Assert.Contains("555-1234", comment.VerdictJson);
        var after = await CountersAsync();
        Assert.Equal(1, Delta(before, after, QueueKind.Flagged));
        Assert.Equal(1, Delta(before, after, QueueKind.Approved));
    }

    [Fact]
    public async Task Censor_rule_masks_the_published_html_and_keeps_the_text_as_written()
    {
        await UseRulesAsync();
        var article = await ArticleWithReturningAuthorAsync("censor", "censored@example.com");

        var result = await PostAsync(new CommentSubmission { ArticleId = article.Id, Body = "Well darn it", AuthorName = "Returning", AuthorEmail = "censored@example.com" });

        Assert.Equal(PostingOutcome.Published, result.Outcome);
        await using var db = factory.CreateDbContext();
        var comment = await db.Comments.SingleAsync(c => c.Id == result.CommentId);
        Assert.Equal(VerdictAction.Censor, comment.VerdictAction);
        Assert.Equal("Well darn it", comment.BodyText);
        Assert.DoesNotContain("darn", comment.BodyHtml);
        Assert.StartsWith("<p>Well ", comment.BodyHtml);
    }

    [Fact]
    public async Task Article_author_skips_the_holds()
    {
        var author = await factory.CreateUserAsync("columnist@example.com", ReaderArrange.Password);
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("own-article"), authorUserId: author.Id);

        var result = await PostAsync(new CommentSubmission { ArticleId = article.Id, Body = "Author here: thanks for reading", UserId = author.Id });

        Assert.Equal(PostingOutcome.Published, result.Outcome);
    }

    [Fact]
    public async Task Website_that_is_not_a_web_address_is_refused()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("bad-url"));

        var result = await PostAsync(new CommentSubmission { ArticleId = article.Id, Body = "Hi", AuthorName = "Url", AuthorEmail = "url@example.com", AuthorUrl = "javascript:alert(1)" });

        Assert.Equal((PostingOutcome.Refused, RefusalKind.Invalid), (result.Outcome, result.Refusal));
    }

    [Theory]
    [InlineData("example.com/me", "http://example.com/me")]
    [InlineData("https://example.com", "https://example.com")]
    [InlineData("", "")]
    public void Website_without_a_scheme_gets_http(string raw, string expected)
    {
        Assert.True(CommentPosting.TryNormalizeUrl(raw, out var url));
        Assert.Equal(expected, url);
    }
}

public sealed class CommentPostingTests(ReaderAppFactory factory) : CommentPostingTests<ReaderAppFactory>(factory);

public sealed class CommentPostingTestsOnPostgres(PostgresReaderAppFactory factory) : CommentPostingTests<PostgresReaderAppFactory>(factory);
