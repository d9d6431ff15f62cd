using CommentModeration.Core.Comments;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Moderation;

/// <summary>A moderator's author action decides what happens to that author's next comment (posting service and rule engine, a real database).</summary>
public abstract class AuthorStandingDecisionTests<TFactory> : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private readonly ReaderAppFactory _factory;
    private readonly ModerationTestData _data;
    private static int _ip;

    protected AuthorStandingDecisionTests(TFactory factory)
    {
        _factory = factory;
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
    }

    private async Task<CommentPostResult> PostAsync(long articleId, string email, string body)
    {
        // Past flood control (same email within seconds).
        _factory.Clock.Advance(TimeSpan.FromMinutes(1));
        return await _factory.PostAsync(new CommentSubmission
        {
            ArticleId = articleId,
            Body = body,
            AuthorName = "Standing Sam",
            AuthorEmail = email,
            Ip = $"198.51.100.{Interlocked.Increment(ref _ip) % 250}",
            UserAgent = "test",
        });
    }

    /// <summary>A guest with one approved comment: their next comment would publish.</summary>
    private async Task<(long ArticleId, string Email, string Key)> ReturningAuthorAsync()
    {
        var article = await _data.AddArticleAsync();
        var email = $"sam.{Guid.NewGuid():N}@example.org";
        var first = await PostAsync(article.Id, email, "My first comment here.");
        Assert.Equal(PostingOutcome.Held, first.Outcome);
        var held = await _data.ReloadAsync(first.CommentId!.Value);
        await _data.Get<ModeratorDecisions>().ApproveAsync([Ref(held)], Alice);
        Assert.Equal(PostingOutcome.Published, (await PostAsync(article.Id, email, "A second, after approval.")).Outcome);
        return (article.Id, email, held.AuthorKey);
    }

    [Fact]
    public async Task A_banned_author_is_refused_and_reinstating_lets_them_publish_again()
    {
        var (articleId, email, key) = await ReturningAuthorAsync();

        await _data.Get<AuthorModeration>().SetStandingAsync(key, AuthorStandingLevel.Banned, null, "Threats", Alice);
        var refused = await PostAsync(articleId, email, "Banned, trying again.");
        Assert.Equal((PostingOutcome.Refused, RefusalKind.Forbidden), (refused.Outcome, refused.Refusal));
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));

        await _data.Get<AuthorModeration>().SetStandingAsync(key, AuthorStandingLevel.Normal, null, null, Alice);
        Assert.Equal(PostingOutcome.Published, (await PostAsync(articleId, email, "Reinstated and civil.")).Outcome);
    }

    [Fact]
    public async Task A_suspended_author_is_refused_until_the_date()
    {
        var (articleId, email, key) = await ReturningAuthorAsync();

        await _data.Get<AuthorModeration>().SetStandingAsync(key, AuthorStandingLevel.Suspended, _factory.Clock.GetUtcNow().AddDays(2), null, Alice);

        Assert.Equal(PostingOutcome.Refused, (await PostAsync(articleId, email, "Suspended, trying.")).Outcome);
    }

    [Fact]
    public async Task A_pre_moderated_author_is_held_though_previously_approved()
    {
        var (articleId, email, key) = await ReturningAuthorAsync();

        await _data.Get<AuthorModeration>().SetStandingAsync(key, AuthorStandingLevel.PreModerated, null, null, Alice);

        Assert.Equal(PostingOutcome.Held, (await PostAsync(articleId, email, "Pre-moderated now.")).Outcome);
    }

    [Fact]
    public async Task A_trusted_new_author_publishes_without_a_previously_approved_comment()
    {
        var article = await _data.AddArticleAsync();
        var email = $"new.{Guid.NewGuid():N}@example.org";
        var first = await PostAsync(article.Id, email, "Brand new here.");
        Assert.Equal(PostingOutcome.Held, first.Outcome);
        var key = (await _data.ReloadAsync(first.CommentId!.Value)).AuthorKey;

        await _data.Get<AuthorModeration>().SetStandingAsync(key, AuthorStandingLevel.Trusted, null, null, Alice);

        Assert.Equal(PostingOutcome.Published, (await PostAsync(article.Id, email, "Trusted now.")).Outcome);
        Assert.Equal(CommentStatus.Pending, (await _data.ReloadAsync(first.CommentId.Value)).Status);
    }
}

public sealed class AuthorStandingDecisionTests(ReaderAppFactory factory) : AuthorStandingDecisionTests<ReaderAppFactory>(factory);

public sealed class AuthorStandingDecisionTestsOnPostgres(PostgresReaderAppFactory factory) : AuthorStandingDecisionTests<PostgresReaderAppFactory>(factory);
