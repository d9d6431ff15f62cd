using System.Net;
using System.Text.RegularExpressions;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>Anonymous article pages come from the output cache, carry a fresh antiforgery token each time, and are evicted when a comment is published.</summary>
public abstract partial class ReaderPageCacheTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private static string WithoutToken(string html) => TokenField().Replace(html, "TOKEN");

    [Fact]
    public async Task Anonymous_article_page_is_served_from_cache_with_a_fresh_token_that_validates()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("cached"));
        var url = "/articles/" + article.Slug;
        var first = await (await factory.CreateBrowserClient().GetAsync(url)).Content.ReadAsStringAsync();

        // Stored straight in the database: a cached page cannot show it until evicted.
        await factory.AddCommentAsync(article, "Written behind the cache's back");
        var secondBrowser = factory.CreateBrowserClient();
        var second = await (await secondBrowser.GetAsync(url)).Content.ReadAsStringAsync();

        Assert.Equal(WithoutToken(first), WithoutToken(second));
        Assert.DoesNotContain("Written behind the cache's back", second);
        Assert.NotEqual(TokenField().Match(first).Groups[1].Value, TokenField().Match(second).Groups[1].Value);
        Assert.DoesNotContain(Hosting.AntiforgeryTokenInjection.Placeholder, second);

        // The token filled into the cached page is valid for this browser: its post goes through.
        await factory.AddCommentAsync(article, "Earlier approved", author: "Cache Reader", email: "cache-reader@example.com");
        var response = await secondBrowser.SubmitFormAsync(url, "#commentform",
            ReaderArrange.GuestReply("Published through a cached form", author: "Cache Reader", email: "cache-reader@example.com"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        // Publishing evicted the article's pages: everyone now sees the new state.
        var after = await (await factory.CreateBrowserClient().GetAsync(url)).Content.ReadAsStringAsync();
        Assert.Contains("Published through a cached form", after);
        Assert.Contains("Written behind the cache's back", after);
    }

    [Fact]
    public async Task Eviction_by_article_id_refreshes_its_pages_and_the_home_page()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("evict"));
        var url = "/articles/" + article.Slug;
        var client = factory.CreateBrowserClient();
        await client.GetAsync(url);
        await client.GetAsync("/");
        await factory.AddCommentAsync(article, "Approved by a moderator elsewhere");
        await using (var db = factory.CreateDbContext())
        {
            await db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.ApprovedCommentCount, 1));
        }
        Assert.DoesNotContain("Approved by a moderator elsewhere", await client.GetStringAsync(url));

        await factory.Services.GetRequiredService<ArticlePageCache>().EvictAsync(article.Id);

        Assert.Contains("Approved by a moderator elsewhere", await client.GetStringAsync(url));
        var home = FormClient.Parse(await client.GetStringAsync("/"));
        var link = home.QuerySelectorAll("li.article-summary").Single(li => li.QuerySelector($"a[href='{url}']") is not null);
        Assert.Equal("1 comment", link.QuerySelector("a.comments-link")?.TextContent);
    }

    [Fact]
    public async Task Pages_are_not_cached_for_signed_in_readers()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("signed-in-uncached"));
        var url = "/articles/" + article.Slug;
        await factory.CreateBrowserClient().GetAsync(url);
        var member = await factory.SignedInClientAsync("cache-member@example.com");

        var memberForm = FormClient.Parse(await member.GetStringAsync(url)).QuerySelector("#commentform")!;
        var guestForm = FormClient.Parse(await factory.CreateBrowserClient().GetStringAsync(url)).QuerySelector("#commentform")!;

        Assert.Null(memberForm.QuerySelector("#author"));
        Assert.Contains("Logged in as cache-member.", memberForm.TextContent);
        Assert.NotNull(guestForm.QuerySelector("#author"));
        Assert.DoesNotContain("cache-member", guestForm.TextContent);
    }

    [Fact]
    public async Task Threads_shared_by_signed_in_readers_are_refreshed_when_a_comment_publishes()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("shared-threads"));
        var url = "/articles/" + article.Slug;
        var member = await factory.SignedInClientAsync("thread-member@example.com");
        var other = await factory.SignedInClientAsync("thread-other@example.com");
        await member.GetStringAsync(url);

        // Stored straight in the database: the rendered threads, shared by signed-in readers, do not show it until evicted.
        await factory.AddCommentAsync(article, "Written behind the thread cache's back");
        Assert.DoesNotContain("Written behind the thread cache's back", await other.GetStringAsync(url));

        await factory.AddCommentAsync(article, "Earlier approved", author: "Thread Reader", email: "thread-reader@example.com");
        var guest = factory.CreateBrowserClient();
        var response = await guest.SubmitFormAsync(url, "#commentform",
            ReaderArrange.GuestReply("Published for signed-in readers too", author: "Thread Reader", email: "thread-reader@example.com"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var after = await other.GetStringAsync(url);
        Assert.Contains("Published for signed-in readers too", after);
        Assert.Contains("Written behind the thread cache's back", after);
    }

    [Fact]
    public async Task Threads_shared_by_signed_in_readers_follow_a_change_of_page_size()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("shared-paging"));
        var url = "/articles/" + article.Slug;
        for (var i = 1; i <= 3; i++)
        {
            await factory.AddCommentAsync(article, $"Thread number {i}", at: factory.Clock.GetUtcNow().AddMinutes(-40 + i));
        }
        var member = await factory.SignedInClientAsync("paging-member@example.com");
        try
        {
            Assert.Equal(3, FormClient.Parse(await member.GetStringAsync(url)).QuerySelectorAll("ol.comment-list > li").Length);

            await factory.ConfigureDiscussionAsync(s => s with { CommentsPerPage = 2 });

            var page = FormClient.Parse(await member.GetStringAsync(url));
            Assert.Equal(2, page.QuerySelectorAll("ol.comment-list > li").Length);
            Assert.NotNull(page.QuerySelector($"a[href='{url}?cpage=2#comments']"));
        }
        finally
        {
            await factory.ConfigureDiscussionAsync(s => s with { CommentsPerPage = 50 });
        }
    }

    [Fact]
    public async Task A_reader_with_a_held_comment_sees_it_while_other_signed_in_readers_share_the_public_threads()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("held-and-shared"));
        var url = "/articles/" + article.Slug;
        await factory.AddCommentAsync(article, "Public reply");
        var writer = await factory.SignedInClientAsync("held-writer@example.com");
        var reader = await factory.SignedInClientAsync("held-onlooker@example.com");
        await reader.GetStringAsync(url);

        await writer.SubmitFormAsync(url, "#commentform", new Dictionary<string, string> { ["comment"] = "Held reply from a new member" });

        var writersPage = await writer.GetStringAsync(url);
        var readersPage = await reader.GetStringAsync(url);
        Assert.Contains("Held reply from a new member", writersPage);
        Assert.Contains("Your comment is awaiting moderation.", writersPage);
        Assert.Contains("Public reply", readersPage);
        Assert.DoesNotContain("Held reply from a new member", readersPage);
    }

    [Fact]
    public async Task Held_comments_take_their_places_in_the_shared_threads_for_their_author_only()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("held-spliced"));
        var url = "/articles/" + article.Slug;
        var start = factory.Clock.GetUtcNow();
        var first = await factory.AddCommentAsync(article, "First thread", author: "Ada", at: start.AddHours(-3));
        var second = await factory.AddCommentAsync(article, "Second thread", author: "Ben", at: start.AddHours(-2));
        var secondReply = await factory.AddCommentAsync(article, "Reply in the second thread", parent: second, author: "Cy", at: start.AddHours(-1));
        // Stands after the held thread the guest posts below, a minute from now.
        var later = await factory.AddCommentAsync(article, "A later thread", author: "Dee", at: start.AddMinutes(5));
        var onlooker = await factory.SignedInClientAsync("splice-onlooker@example.com");
        await onlooker.GetStringAsync(url);

        var guest = factory.CreateBrowserClient();
        var reply = ReaderArrange.GuestReply("Held reply to the first thread", author: "New Guest", email: "splice-guest@example.com");
        reply["comment_parent"] = first.Id.ToString();
        await guest.SubmitFormAsync(url, "#commentform", reply);
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await guest.SubmitFormAsync(url, "#commentform", ReaderArrange.GuestReply("Held thread of my own", author: "New Guest", email: "splice-guest@example.com"));

        long[] held;
        await using (var db = factory.CreateDbContext())
        {
            held = await db.Comments.Where(c => c.ArticleId == article.Id && c.Status == CommentStatus.Pending).OrderBy(c => c.Id).Select(c => c.Id).ToArrayAsync();
        }
        Assert.Equal(2, held.Length);

        var own = FormClient.Parse(await guest.GetStringAsync(url));
        Assert.Equal([$"comment-{first.Id}", $"comment-{second.Id}", $"comment-{held[1]}", $"comment-{later.Id}"],
            own.QuerySelectorAll("ol.comment-list > li").Select(li => li.Id));
        var heldReply = own.QuerySelector($"li#comment-{first.Id} > ol.children > li#comment-{held[0]}.depth-2.unapproved");
        Assert.NotNull(heldReply);
        Assert.NotNull(heldReply.QuerySelector("em.comment-awaiting-moderation"));
        Assert.Contains("parent", own.QuerySelector($"li#comment-{first.Id}")!.ClassList);
        Assert.NotNull(own.QuerySelector($"li#comment-{second.Id} > ol.children > li#comment-{secondReply.Id}"));
        Assert.NotNull(own.QuerySelector($"li#comment-{held[1]}.depth-1 em.comment-awaiting-moderation"));

        var others = FormClient.Parse(await onlooker.GetStringAsync(url));
        Assert.Equal([$"comment-{first.Id}", $"comment-{second.Id}", $"comment-{later.Id}"],
            others.QuerySelectorAll("ol.comment-list > li").Select(li => li.Id));
        Assert.Empty(others.QuerySelectorAll(".comment-awaiting-moderation"));
        Assert.DoesNotContain("parent", others.QuerySelector($"li#comment-{first.Id}")!.ClassList);
    }

    [Fact]
    public async Task Cache_varies_by_comment_page_and_reply_target()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("vary"));
        var parent = await factory.AddCommentAsync(article, "Reply to me", author: "Target Author");
        var url = "/articles/" + article.Slug;
        var client = factory.CreateBrowserClient();
        await client.GetAsync(url);

        var replying = FormClient.Parse(await client.GetStringAsync($"{url}?replytocom={parent.Id}"));

        Assert.Contains("Target Author", replying.QuerySelector("#reply-title")!.TextContent);
        Assert.DoesNotContain("Target Author", FormClient.Parse(await client.GetStringAsync(url)).QuerySelector("#reply-title")!.TextContent);
    }

    [Fact]
    public async Task Browser_holding_a_held_comment_gets_an_uncached_page()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("held-uncached"));
        var url = "/articles/" + article.Slug;
        var author = factory.CreateBrowserClient();
        await author.GetAsync(url);
        await author.SubmitFormAsync(url, "#commentform", ReaderArrange.GuestReply("Held and mine", email: "held-cache@example.com"));

        // Only the shared threads are evicted: the output cache still holds the page from before the post, so seeing both proves this browser skips it.
        await factory.AddCommentAsync(article, "Approved meanwhile");
        factory.Services.GetRequiredService<ReaderFragmentCache>().Evict(article.Slug);

        var page = await author.GetStringAsync(url);
        Assert.Contains("Held and mine", page);
        Assert.Contains("Approved meanwhile", page);
    }
}

public sealed class ReaderPageCacheTests(ReaderAppFactory factory) : ReaderPageCacheTests<ReaderAppFactory>(factory);

public sealed class ReaderPageCacheTestsOnPostgres(PostgresReaderAppFactory factory) : ReaderPageCacheTests<PostgresReaderAppFactory>(factory);
