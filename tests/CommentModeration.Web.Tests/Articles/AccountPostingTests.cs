using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>A signed-in reader's post takes its author from the account, read with the article's facts; a post from an account that is gone is refused.</summary>
public abstract class AccountPostingTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private const string Rules = """
        { "rules": [ { "name": "New accounts", "action": "hold", "reason": "Account under two days old",
            "when": { "author": { "isRegistered": true, "accountAgeDays": { "atMost": 2 } } } } ] }
        """;

    private Task<CommentPostResult> PostAsync(CommentSubmission submission) => factory.PostAsync(submission);

    [Fact]
    public async Task A_signed_in_author_is_named_by_their_account_and_judged_by_its_age()
    {
        await factory.UseRulesAsync(Rules);
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("account-author"));
        var newcomer = await factory.CreateUserAsync($"newcomer-{article.Id}@example.com", ReaderArrange.Password);
        var regular = await factory.CreateUserAsync($"regular-{article.Id}@example.com", ReaderArrange.Password);
        await using (var db = factory.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == regular.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.CreatedAt, factory.Clock.GetUtcNow().AddDays(-30)));
        }
        // Both have a comment approved before, so only the account's age tells them apart.
        await factory.AddCommentAsync(article, "Earlier", userId: newcomer.Id, email: newcomer.Email!);
        await factory.AddCommentAsync(article, "Earlier", userId: regular.Id, email: regular.Email!);

        // What a guest's fields would say is ignored for an account.
        var held = await PostAsync(new CommentSubmission { ArticleId = article.Id, Body = "First time here", UserId = newcomer.Id, AuthorName = "Someone Else", AuthorEmail = "else@example.com" });
        var published = await PostAsync(new CommentSubmission { ArticleId = article.Id, Body = "Been reading for years", UserId = regular.Id });

        Assert.Equal(PostingOutcome.Held, held.Outcome);
        Assert.Equal(PostingOutcome.Published, published.Outcome);
        await using var check = factory.CreateDbContext();
        var stored = await check.Comments.Where(c => c.Id == held.CommentId || c.Id == published.CommentId).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal([(newcomer.DisplayName, newcomer.Email!, newcomer.Id, CommentStatus.Pending), (regular.DisplayName, regular.Email!, regular.Id, CommentStatus.Approved)],
            stored.Select(c => (c.AuthorName, c.AuthorEmail, c.UserId!, c.Status)));
        Assert.Contains("New accounts", stored[0].VerdictJson);
    }

    [Fact]
    public async Task A_post_from_an_account_that_is_gone_is_refused_and_stores_nothing()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("gone-account"));

        var result = await PostAsync(new CommentSubmission { ArticleId = article.Id, Body = "Posted after my account was deleted", UserId = Guid.NewGuid().ToString() });

        Assert.Equal((PostingOutcome.Refused, RefusalKind.Forbidden), (result.Outcome, result.Refusal));
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Comments.AnyAsync(c => c.ArticleId == article.Id));
    }
}

public sealed class AccountPostingTests(ReaderAppFactory factory) : AccountPostingTests<ReaderAppFactory>(factory);

public sealed class AccountPostingTestsOnPostgres(PostgresReaderAppFactory factory) : AccountPostingTests<PostgresReaderAppFactory>(factory);
