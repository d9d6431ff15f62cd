using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>
/// Signed-in readers share one page, each with their own name, links and tokens written into it:
/// nobody sees another reader's name, email, held comment, Edit link, staff links or token.
/// </summary>
public abstract partial class SignedInPageTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private static IReadOnlyList<string> Tokens(string html) => TokenField().Matches(html).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The page with its reader's name and tokens taken out: what every signed-in reader shares.</summary>
    private static string Shared(string html, string name) => TokenField().Replace(html, "TOKEN").Replace(name, "READER");

    private static string AccountLink(IHtmlDocument page) => page.QuerySelector("nav.site-nav a[href='/Account/Manage']")!.TextContent;

    private static string[] NavLinks(IHtmlDocument page) => page.QuerySelectorAll("nav.site-nav a").Select(a => a.GetAttribute("href")!).ToArray();

    [Fact]
    public async Task Each_signed_in_reader_gets_their_own_name_and_tokens_in_the_shared_page_and_signing_out_shows_the_guest_page()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("signed-shared"));
        var url = "/articles/" + article.Slug;
        await factory.AddCommentAsync(article, "A published reply everyone reads");
        var first = await factory.SignedInClientAsync("first-sharer@example.com");
        var second = await factory.SignedInClientAsync("second-sharer@example.com");

        var firstHtml = await first.GetStringAsync(url);
        var secondHtml = await second.GetStringAsync(url);

        var secondPage = FormClient.Parse(secondHtml);
        Assert.Equal("Logged in as second-sharer.", secondPage.QuerySelector("#commentform .logged-in-as")!.TextContent);
        Assert.Equal("second-sharer", AccountLink(secondPage));
        Assert.DoesNotContain("first-sharer", secondHtml);
        Assert.DoesNotContain("@example.com", secondHtml);
        Assert.Contains("A published reply everyone reads", secondHtml);
        Assert.Equal(2, Tokens(secondHtml).Count);
        Assert.Empty(Tokens(secondHtml).Intersect(Tokens(firstHtml)));
        Assert.DoesNotContain("<!--cm-reader-slot", secondHtml);
        Assert.Equal(Shared(firstHtml, "first-sharer"), Shared(secondHtml, "second-sharer"));

        // The token written for the second reader is theirs: the Log out form signs them out (a reply posted through such a page: A_held_comment_and_its_Edit_link_show_only_to_their_author).
        var signedOut = await second.SubmitFormAsync(url, "nav.site-nav form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        var guestPage = await second.GetDocumentAsync(url);
        Assert.NotNull(guestPage.QuerySelector("#commentform #author"));
        Assert.Null(guestPage.QuerySelector("#commentform .logged-in-as"));
        Assert.NotNull(guestPage.QuerySelector("nav.site-nav a[href='/Account/Login']"));
        Assert.DoesNotContain("sharer", guestPage.DocumentElement.OuterHtml);
    }

    [Fact]
    public async Task Signed_in_readers_are_served_the_page_kept_for_them_until_the_article_is_evicted()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("signed-kept"));
        var target = await factory.AddCommentAsync(article, "Reply to me", author: "Named Before");
        var url = $"/articles/{article.Slug}?replytocom={target.Id}";
        var first = await factory.SignedInClientAsync("kept-first@example.com");
        var second = await factory.SignedInClientAsync("kept-second@example.com");
        await first.GetStringAsync(url);

        // Changed behind the caches' back: a page written anew would name the reply target as it is now.
        await using (var db = factory.CreateDbContext())
        {
            await db.Comments.Where(c => c.Id == target.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.AuthorName, "Named After"));
        }
        var kept = await second.GetDocumentAsync(url);
        Assert.Contains("Named Before", kept.QuerySelector("#reply-title")!.TextContent);
        Assert.Equal("Logged in as kept-second.", kept.QuerySelector("#commentform .logged-in-as")!.TextContent);

        await factory.Services.GetRequiredService<ArticlePageCache>().EvictAsync(article.Slug);
        Assert.Contains("Named After", (await second.GetDocumentAsync(url)).QuerySelector("#reply-title")!.TextContent);
    }

    [Fact]
    public async Task The_shared_page_is_the_page_a_reader_gets_written_in_full()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("signed-same"));
        var url = "/articles/" + article.Slug;
        var start = factory.Clock.GetUtcNow();
        var root = await factory.AddCommentAsync(article, "The first thread", author: "Ada", at: start.AddHours(-2));
        await factory.AddCommentAsync(article, "A reply in it", parent: root, author: "Ben", at: start.AddHours(-1));
        await factory.AddCommentAsync(article, "The second thread", author: "Cy", at: start.AddMinutes(-50));
        await factory.AddCommentAsync(article, "The third thread, on the second page", author: "Dee", at: start.AddMinutes(-40));
        var writer = await factory.SignedInClientAsync("full-writer@example.com");
        var sharer = await factory.SignedInClientAsync("full-sharer@example.com");
        await factory.ConfigureDiscussionAsync(s => s with { CommentsPerPage = 2 });
        try
        {
            // The writer's held thread stands on page 2: their page 1 is written for them in full, and shows what everyone's does.
            var posted = await writer.SubmitFormAsync(url, "#commentform", new Dictionary<string, string> { ["comment"] = "Held, on the second page" });
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.Contains("cpage=2", posted.Headers.Location!.OriginalString);

            foreach (var page in new[] { url, url + "?cpage=1", $"{url}?replytocom={root.Id}" })
            {
                var sharerHtml = await sharer.GetStringAsync(page);
                using var written = await writer.GetAsync(page);
                var writerHtml = await written.Content.ReadAsStringAsync();
                Assert.Equal(Shared(writerHtml, "full-writer"), Shared(sharerHtml, "full-sharer"));
                using var shared = await sharer.GetAsync(page);
                Assert.Equal(Shared(writerHtml, "full-writer"), Shared(await shared.Content.ReadAsStringAsync(), "full-sharer"));
                Assert.Equal(written.Content.Headers.ContentType, shared.Content.Headers.ContentType);
                Assert.Equal(written.Headers.Select(h => h.Key + ": " + string.Join(", ", h.Value)).Order(),
                    shared.Headers.Select(h => h.Key + ": " + string.Join(", ", h.Value)).Order());
            }
            Assert.Contains("Held, on the second page", await writer.GetStringAsync(url + "?cpage=2"));
            Assert.DoesNotContain("Held, on the second page", await sharer.GetStringAsync(url + "?cpage=2"));
        }
        finally
        {
            await factory.ConfigureDiscussionAsync(s => s with { CommentsPerPage = 50 });
        }
    }

    [Fact]
    public async Task A_held_comment_and_its_Edit_link_show_only_to_their_author()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("signed-held"));
        var url = "/articles/" + article.Slug;
        await factory.AddCommentAsync(article, "Published before");
        var author = await factory.SignedInClientAsync("held-author@example.com");
        var onlooker = await factory.SignedInClientAsync("held-looker@example.com");
        await onlooker.GetStringAsync(url);

        // Posted through the page shared with the onlooker: the token written into it for the author validates.
        var posted = await author.SubmitFormAsync(url, "#commentform", new Dictionary<string, string> { ["comment"] = "Held reply of the author" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        long held;
        await using (var db = factory.CreateDbContext())
        {
            held = await db.Comments.Where(c => c.ArticleId == article.Id && c.Status == CommentStatus.Pending).Select(c => c.Id).SingleAsync();
        }

        for (var view = 0; view < 2; view++)
        {
            var own = await author.GetDocumentAsync(url);
            Assert.NotNull(own.QuerySelector($"li#comment-{held} em.comment-awaiting-moderation"));
            Assert.NotNull(own.QuerySelector($"li#comment-{held} a.comment-edit-link"));
            var others = await onlooker.GetStringAsync(url);
            Assert.Contains("Published before", others);
            Assert.DoesNotContain("Held reply of the author", others);
            Assert.DoesNotContain("comment-edit-link", others);
            Assert.DoesNotContain("held-author", others);
        }
    }

    [Fact]
    public async Task A_published_comment_is_editable_by_its_author_only()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("signed-edit"));
        var url = "/articles/" + article.Slug;
        var moderator = await factory.SignedInClientAsync("edit-moderator@example.com", Roles.Moderator);
        var reader = await factory.SignedInClientAsync("edit-reader@example.com");

        // Staff posts are published at once; the moderator's own page, read first, carries their Edit link.
        await moderator.SubmitFormAsync(url, "#commentform", new Dictionary<string, string> { ["comment"] = "Published by staff, editable for a while" });
        var own = await moderator.GetDocumentAsync(url);
        Assert.Single(own.QuerySelectorAll("a.comment-edit-link"));

        for (var view = 0; view < 2; view++)
        {
            var others = await reader.GetDocumentAsync(url);
            Assert.Contains("Published by staff, editable for a while", others.DocumentElement.TextContent);
            Assert.Empty(others.QuerySelectorAll("a.comment-edit-link"));
        }
        Assert.Single((await moderator.GetDocumentAsync(url)).QuerySelectorAll("a.comment-edit-link"));
    }

    [Fact]
    public async Task Staff_links_follow_each_readers_roles()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("signed-staff"));
        var url = "/articles/" + article.Slug;
        var admin = await factory.SignedInClientAsync("nav-admin@example.com", Roles.Admin);
        var moderator = await factory.SignedInClientAsync("nav-moderator@example.com", Roles.Moderator);
        var reader = await factory.SignedInClientAsync("nav-reader@example.com");

        for (var view = 0; view < 2; view++)
        {
            Assert.Equal(["/moderation", "/admin", "/Account/Manage"], NavLinks(await admin.GetDocumentAsync(url)));
            Assert.Equal(["/moderation", "/Account/Manage"], NavLinks(await moderator.GetDocumentAsync(url)));
            var readerPage = await reader.GetDocumentAsync(url);
            Assert.Equal(["/Account/Manage"], NavLinks(readerPage));
            Assert.Equal("nav-reader", AccountLink(readerPage));
        }
    }
}

public sealed class SignedInPageTests(ReaderAppFactory factory) : SignedInPageTests<ReaderAppFactory>(factory);

public sealed class SignedInPageTestsOnPostgres(PostgresReaderAppFactory factory) : SignedInPageTests<PostgresReaderAppFactory>(factory);
