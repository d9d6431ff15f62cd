using System.Net;
using AngleSharp.Html.Dom;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>The discussion settings' comment order (oldest or newest threads first) and the page an article opens on.</summary>
public abstract class CommentOrderTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private Task UseAsync(CommentOrder order, CommentLandingPage landing) =>
        factory.ConfigureDiscussionAsync(s => s with { CommentOrder = order, CommentLandingPage = landing, CommentsPerPage = 2, FloodIntervalSeconds = 0 });

    /// <summary>An article with five threads, a minute apart, the oldest first in the list.</summary>
    private async Task<(Article Article, List<Comment> Roots)> FiveThreadsAsync(string prefix)
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug(prefix));
        var start = factory.Clock.GetUtcNow().AddDays(-1);
        var roots = new List<Comment>();
        for (var i = 0; i < 5; i++) roots.Add(await factory.AddCommentAsync(article, $"Thread {i}", at: start.AddMinutes(i)));
        return (article, roots);
    }

    private static List<string> TopLevelIds(IHtmlDocument page) =>
        page.QuerySelectorAll("ol.comment-list > li.comment").Select(li => li.Id!).ToList();

    private static IEnumerable<string> Ids(params Comment[] comments) => comments.Select(c => $"comment-{c.Id}");

    [Fact]
    public async Task Newest_first_puts_the_newest_threads_on_the_first_page_with_their_replies_oldest_first()
    {
        await UseAsync(CommentOrder.NewestFirst, CommentLandingPage.First);
        var (article, roots) = await FiveThreadsAsync("newest");
        var earlierReply = await factory.AddCommentAsync(article, "Earlier reply", parent: roots[4], at: factory.Clock.GetUtcNow().AddMinutes(-20));
        var laterReply = await factory.AddCommentAsync(article, "Later reply", parent: roots[4], at: factory.Clock.GetUtcNow().AddMinutes(-10));
        var url = "/articles/" + article.Slug;
        var client = factory.CreateBrowserClient();

        var first = await client.GetDocumentAsync(url);
        Assert.Equal(Ids(roots[4], roots[3]), TopLevelIds(first));
        Assert.Equal(Ids(earlierReply, laterReply), first.QuerySelectorAll($"li#comment-{roots[4].Id} > ol.children > li").Select(li => li.Id!));
        Assert.Equal("1", first.QuerySelector("nav.comment-navigation .page-numbers.current")?.TextContent);
        var older = first.QuerySelector("nav.comment-navigation a.next");
        Assert.Equal(("Older comments", $"{url}?cpage=2#comments"), (older?.TextContent, older?.GetAttribute("href")));
        Assert.Equal($"{url}?replytocom={roots[4].Id}#respond", first.QuerySelector($"li#comment-{roots[4].Id} a.comment-reply-link")?.GetAttribute("href"));

        var second = await client.GetDocumentAsync($"{url}?cpage=2");
        Assert.Equal(Ids(roots[2], roots[1]), TopLevelIds(second));
        Assert.Equal("Newer comments", second.QuerySelector("nav.comment-navigation a.prev")?.TextContent);
        Assert.Equal(Ids(roots[0]), TopLevelIds(await client.GetDocumentAsync($"{url}?cpage=3")));

        // A signed-in reader is served the shared threads, not the cached page: the same order.
        var signedIn = await factory.SignedInClientAsync($"order-reader-{Guid.NewGuid():N}@example.com");
        Assert.Equal(Ids(roots[4], roots[3]), TopLevelIds(await signedIn.GetDocumentAsync(url)));
    }

    [Fact]
    public async Task Opening_on_the_last_page_shows_it_at_the_articles_address_and_every_link_names_its_page()
    {
        await UseAsync(CommentOrder.OldestFirst, CommentLandingPage.Last);
        var (article, roots) = await FiveThreadsAsync("last");
        var url = "/articles/" + article.Slug;
        var client = factory.CreateBrowserClient();

        var landing = await client.GetDocumentAsync(url);
        Assert.Equal(Ids(roots[4]), TopLevelIds(landing));
        Assert.Equal("3", landing.QuerySelector("nav.comment-navigation .page-numbers.current")?.TextContent);
        Assert.Equal($"{url}?cpage=3&replytocom={roots[4].Id}#respond", landing.QuerySelector($"li#comment-{roots[4].Id} a.comment-reply-link")?.GetAttribute("href"));

        // The first page is no longer the article's address: its reply links, the form and "Cancel reply" name it.
        var first = await client.GetDocumentAsync($"{url}?cpage=1&replytocom={roots[0].Id}");
        Assert.Equal(Ids(roots[0], roots[1]), TopLevelIds(first));
        Assert.Equal($"{url}?cpage=1&replytocom={roots[1].Id}#respond", first.QuerySelector($"li#comment-{roots[1].Id} a.comment-reply-link")?.GetAttribute("href"));
        Assert.Equal($"{url}?cpage=1#respond", first.QuerySelector("#commentform")?.GetAttribute("action"));
        Assert.Equal($"{url}?cpage=1#respond", first.QuerySelector("#cancel-comment-reply-link")?.GetAttribute("href"));
        Assert.Equal($"{url}?cpage=1#comment-{roots[0].Id}", first.QuerySelector("#reply-title a")?.GetAttribute("href"));

        // Newest first, the last page holds the oldest threads.
        await UseAsync(CommentOrder.NewestFirst, CommentLandingPage.Last);
        Assert.Equal(Ids(roots[0]), TopLevelIds(await client.GetDocumentAsync(url)));
        Assert.Equal(Ids(roots[4], roots[3]), TopLevelIds(await client.GetDocumentAsync($"{url}?cpage=1")));
    }

    [Fact]
    public async Task Newest_first_a_post_lands_on_the_page_holding_its_thread_and_a_held_thread_leads_its_authors_first_page()
    {
        await UseAsync(CommentOrder.NewestFirst, CommentLandingPage.First);
        var (article, roots) = await FiveThreadsAsync("land-newest");
        var oldest = await factory.AddCommentAsync(article, "Earlier approved", author: "Lander", email: "lander@example.com", at: factory.Clock.GetUtcNow().AddDays(-2));
        var url = "/articles/" + article.Slug;
        await using var db = factory.CreateDbContext();
        async Task<string> LandingAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var id = await db.Comments.Where(c => c.ArticleId == article.Id).MaxAsync(c => c.Id);
            return response.Headers.Location!.PathAndQuery + response.Headers.Location.Fragment + $" ({id})";
        }

        var posted = await factory.CreateBrowserClient().SubmitFormAsync(url, "#commentform", ReaderArrange.GuestReply("The newest thread", author: "Lander", email: "lander@example.com"));
        var newId = await db.Comments.Where(c => c.ArticleId == article.Id).MaxAsync(c => c.Id);
        Assert.Equal($"{url}?cpage=1#comment-{newId} ({newId})", await LandingAsync(posted));

        // Six threads before the oldest one: it is on the fourth page, and so is a reply to it.
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var reply = ReaderArrange.GuestReply("A reply to the oldest thread", author: "Lander", email: "lander@example.com");
        reply["comment_parent"] = oldest.Id.ToString();
        var replied = await factory.CreateBrowserClient().SubmitFormAsync(url, "#commentform", reply);
        var replyId = await db.Comments.Where(c => c.ArticleId == article.Id).MaxAsync(c => c.Id);
        Assert.Equal($"{url}?cpage=4#comment-{replyId} ({replyId})", await LandingAsync(replied));
        Assert.NotNull((await factory.CreateBrowserClient().GetDocumentAsync($"{url}?cpage=4")).QuerySelector($"li#comment-{oldest.Id} li#comment-{replyId}"));

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var newcomer = factory.CreateBrowserClient();
        var held = await newcomer.SubmitFormAsync(url, "#commentform", ReaderArrange.GuestReply("A held thread", author: "Newcomer", email: $"newcomer-{Guid.NewGuid():N}@example.com"));
        var heldId = await db.Comments.Where(c => c.ArticleId == article.Id).MaxAsync(c => c.Id);
        Assert.Equal(CommentStatus.Pending, (await db.Comments.SingleAsync(c => c.Id == heldId)).Status);
        Assert.Equal($"{url}?cpage=1#comment-{heldId} ({heldId})", await LandingAsync(held));
        var authorsPage = await newcomer.GetDocumentAsync($"{url}?cpage=1");
        Assert.Equal($"comment-{heldId}", TopLevelIds(authorsPage)[0]);
        Assert.NotNull(authorsPage.QuerySelector($"li#comment-{heldId} em.comment-awaiting-moderation"));
    }
}

public sealed class CommentOrderTests(ReaderAppFactory factory) : CommentOrderTests<ReaderAppFactory>(factory);

public sealed class CommentOrderTestsOnPostgres(PostgresReaderAppFactory factory) : CommentOrderTests<PostgresReaderAppFactory>(factory);
