using System.Net;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>Comment pages cut by top-level threads, and replies nested no deeper than the thread depth.</summary>
public abstract class PagingAndDepthTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    [Fact]
    public async Task Threads_are_paged_oldest_first_by_top_level_comments_with_working_page_links()
    {
        await factory.ConfigureDiscussionAsync(s => s with { CommentsPerPage = 50 });
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("paged"));
        var start = factory.Clock.GetUtcNow().AddDays(-1);
        var roots = new List<Comment>();
        for (var i = 0; i < 120; i++)
        {
            roots.Add(await factory.AddCommentAsync(article, $"Top-level {i}", at: start.AddMinutes(i)));
        }
        // Replies belong to their thread's page, however late they were written.
        var lateReply = await factory.AddCommentAsync(article, "Late reply on the first thread", parent: roots[0], at: start.AddMinutes(500));
        await factory.AddCommentAsync(article, "Held top-level", CommentStatus.Pending, at: start.AddMinutes(5));
        var url = "/articles/" + article.Slug;
        var client = factory.CreateBrowserClient();

        var first = await client.GetDocumentAsync(url);
        var firstIds = first.QuerySelectorAll("ol.comment-list > li.comment").Select(li => li.Id).ToList();
        Assert.Equal(roots.Take(50).Select(c => $"comment-{c.Id}"), firstIds);
        Assert.NotNull(first.QuerySelector($"li#comment-{roots[0].Id} > ol.children > li#comment-{lateReply.Id}"));
        Assert.Equal("1", first.QuerySelector("nav.comment-navigation .page-numbers.current")?.TextContent);

        var pageLinks = first.QuerySelectorAll("nav.comment-navigation a.page-numbers").Select(a => a.GetAttribute("href")!).Distinct().ToList();
        Assert.Contains($"{url}?cpage=2#comments", pageLinks);
        Assert.Contains($"{url}?cpage=3#comments", pageLinks);

        var third = await client.GetDocumentAsync($"{url}?cpage=3");
        Assert.Equal(roots.Skip(100).Select(c => $"comment-{c.Id}"), third.QuerySelectorAll("ol.comment-list > li.comment").Select(li => li.Id));
        Assert.Null(third.QuerySelector("nav.comment-navigation a.next"));
        Assert.Equal($"{url}?cpage=2#comments", third.QuerySelector("nav.comment-navigation a.prev")?.GetAttribute("href"));
        Assert.Equal($"{url}?cpage=3&replytocom={roots[110].Id}#respond",
            third.QuerySelector($"li#comment-{roots[110].Id} a.comment-reply-link")?.GetAttribute("href"));

        // Out-of-range and malformed page numbers fall back to a real page instead of failing.
        Assert.Equal(50, (await client.GetDocumentAsync($"{url}?cpage=abc")).QuerySelectorAll("ol.comment-list > li.comment").Length);
        Assert.Equal(20, (await client.GetDocumentAsync($"{url}?cpage=99")).QuerySelectorAll("ol.comment-list > li.comment").Length);
    }

    [Fact]
    public async Task Posting_lands_on_the_page_that_holds_the_new_comment()
    {
        await factory.ConfigureDiscussionAsync(s => s with { CommentsPerPage = 2 });
        try
        {
            var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("land"));
            var start = factory.Clock.GetUtcNow().AddDays(-1);
            for (var i = 0; i < 4; i++) await factory.AddCommentAsync(article, $"Existing {i}", at: start.AddMinutes(i));
            await factory.AddCommentAsync(article, "Earlier approved", author: "Lander", email: "lander@example.com", at: start.AddMinutes(-10));

            var response = await factory.CreateBrowserClient().SubmitFormAsync("/articles/" + article.Slug, "#commentform",
                ReaderArrange.GuestReply("The sixth thread", author: "Lander", email: "lander@example.com"));

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            await using var db = factory.CreateDbContext();
            var id = await db.Comments.Where(c => c.ArticleId == article.Id).MaxAsync(c => c.Id);
            Assert.Equal($"/articles/{article.Slug}?cpage=3#comment-{id}", response.Headers.Location!.PathAndQuery + response.Headers.Location.Fragment);
            var page = await factory.CreateBrowserClient().GetDocumentAsync(response.Headers.Location.PathAndQuery);
            Assert.NotNull(page.QuerySelector($"li#comment-{id}"));

            // A reply to the oldest thread lands on the first page; a held new thread on the last, where its author sees it.
            factory.Clock.Advance(TimeSpan.FromMinutes(1));
            var oldest = await db.Comments.Where(c => c.ArticleId == article.Id && c.AuthorName == "Lander").MinAsync(c => c.Id);
            var reply = ReaderArrange.GuestReply("A reply to the oldest thread", author: "Lander", email: "lander@example.com");
            reply["comment_parent"] = oldest.ToString();
            response = await factory.CreateBrowserClient().SubmitFormAsync("/articles/" + article.Slug, "#commentform", reply);
            var replyId = await db.Comments.Where(c => c.ArticleId == article.Id).MaxAsync(c => c.Id);
            Assert.Equal($"/articles/{article.Slug}?cpage=1#comment-{replyId}", response.Headers.Location!.PathAndQuery + response.Headers.Location.Fragment);

            factory.Clock.Advance(TimeSpan.FromMinutes(1));
            var newcomer = factory.CreateBrowserClient();
            response = await newcomer.SubmitFormAsync("/articles/" + article.Slug, "#commentform", ReaderArrange.GuestReply("A held thread", author: "Newcomer", email: "land-newcomer@example.com"));
            var heldId = await db.Comments.Where(c => c.ArticleId == article.Id).MaxAsync(c => c.Id);
            Assert.Equal(CommentStatus.Pending, (await db.Comments.SingleAsync(c => c.Id == heldId)).Status);
            Assert.Equal($"/articles/{article.Slug}?cpage=3#comment-{heldId}", response.Headers.Location!.PathAndQuery + response.Headers.Location.Fragment);
            Assert.NotNull((await newcomer.GetDocumentAsync(response.Headers.Location.PathAndQuery)).QuerySelector($"li#comment-{heldId} em.comment-awaiting-moderation"));
        }
        finally
        {
            await factory.ConfigureDiscussionAsync(s => s with { CommentsPerPage = 50 });
        }
    }

    [Fact]
    public async Task Replies_nest_to_the_thread_depth_and_deeper_replies_attach_at_the_deepest_level()
    {
        await factory.ConfigureDiscussionAsync(s => s with { ThreadDepth = 3 });
        try
        {
            var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("depth"));
            var level1 = await factory.AddCommentAsync(article, "Level one", author: "Deep Replier", email: "deep@example.com");
            var level2 = await factory.AddCommentAsync(article, "Level two", parent: level1);
            var level3 = await factory.AddCommentAsync(article, "Level three", parent: level2);
            var url = "/articles/" + article.Slug;
            var client = factory.CreateBrowserClient();

            var response = await client.SubmitFormAsync($"{url}?replytocom={level3.Id}", "#commentform",
                ReaderArrange.GuestReply("Reply to level three", author: "Deep Replier", email: "deep@example.com"));

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            await using var db = factory.CreateDbContext();
            var deeper = await db.Comments.Where(c => c.ArticleId == article.Id).OrderBy(c => c.Id).LastAsync();
            Assert.Equal(CommentStatus.Approved, deeper.Status);
            Assert.Equal(3, deeper.Depth);
            Assert.Equal(level2.Id, deeper.ParentId);
            Assert.Equal(level1.Id, deeper.ThreadRootId);

            var page = await factory.CreateBrowserClient().GetDocumentAsync(url);
            var thread = page.QuerySelector($"li#comment-{level1.Id}.depth-1")!;
            Assert.NotNull(thread.QuerySelector($"ol.children > li#comment-{level2.Id}.depth-2 > ol.children > li#comment-{level3.Id}.depth-3"));
            Assert.NotNull(thread.QuerySelector($"li#comment-{level2.Id} > ol.children > li#comment-{deeper.Id}.depth-3"));
            Assert.Empty(page.QuerySelectorAll(".depth-4"));
        }
        finally
        {
            await factory.ConfigureDiscussionAsync(s => s with { ThreadDepth = 5 });
        }
    }

    [Fact]
    public async Task A_page_shows_exactly_the_comments_readers_may_see_with_their_dates_and_edits()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("visible"));
        var start = factory.Clock.GetUtcNow().AddDays(-2);
        var shown = await factory.AddCommentAsync(article, "Approved root", at: start);
        var reply = await factory.AddCommentAsync(article, "Approved reply", parent: shown, at: start.AddMinutes(1));
        var edited = await factory.AddCommentAsync(article, "Edited reply", parent: reply, at: start.AddMinutes(2));
        var hiddenRoot = await factory.AddCommentAsync(article, "Hidden by reports", at: start.AddMinutes(3));
        var replyUnderHidden = await factory.AddCommentAsync(article, "Reply under a hidden root", parent: hiddenRoot, at: start.AddMinutes(4));
        var hiddenReply = await factory.AddCommentAsync(article, "Hidden reply", parent: shown, at: start.AddMinutes(5));
        var held = await factory.AddCommentAsync(article, "Held reply", CommentStatus.Pending, parent: shown, at: start.AddMinutes(6));
        var rejected = await factory.AddCommentAsync(article, "Rejected root", CommentStatus.Rejected, at: start.AddMinutes(7));
        var spam = await factory.AddCommentAsync(article, "Spam root", CommentStatus.Spam, at: start.AddMinutes(8));
        var other = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("visible-other"));
        var elsewhere = await factory.AddCommentAsync(other, "On another article", at: start.AddMinutes(9));
        await using (var db = factory.CreateDbContext())
        {
            await db.Comments.Where(c => c.Id == hiddenRoot.Id || c.Id == hiddenReply.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.HiddenByReports, true));
            await db.Comments.Where(c => c.Id == edited.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.EditedAt, start.AddHours(1)));
        }
        await factory.Services.GetRequiredService<ArticlePageCache>().EvictAsync(article.Slug);

        var page = await factory.CreateBrowserClient().GetDocumentAsync("/articles/" + article.Slug);

        Assert.Equal([shown.Id, reply.Id, edited.Id], page.QuerySelectorAll("li.comment").Select(li => long.Parse(li.Id!["comment-".Length..])));
        Assert.NotNull(page.QuerySelector($"li#comment-{shown.Id} > ol.children > li#comment-{reply.Id} > ol.children > li#comment-{edited.Id}"));
        Assert.Equal("(edited)", page.QuerySelector($"li#comment-{edited.Id} .comment-edited")?.TextContent);
        Assert.Null(page.QuerySelector($"li#comment-{reply.Id} > article .comment-edited"));
        Assert.Equal(start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), page.QuerySelector($"li#comment-{shown.Id} time")?.GetAttribute("datetime"));
        foreach (var notShown in new[] { hiddenRoot, replyUnderHidden, hiddenReply, held, rejected, spam, elsewhere })
        {
            Assert.Null(page.QuerySelector($"li#comment-{notShown.Id}"));
        }
    }
}

public sealed class PagingAndDepthTests(ReaderAppFactory factory) : PagingAndDepthTests<ReaderAppFactory>(factory);

public sealed class PagingAndDepthTestsOnPostgres(PostgresReaderAppFactory factory) : PagingAndDepthTests<PostgresReaderAppFactory>(factory);
