using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>
/// A refused post answers with the form (<c>#respond</c>) as its address, the message above the form
/// and what the reader typed still in it; a closed article offers neither the form nor reply links.
/// </summary>
public abstract class RefusedPostLandingTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private static async Task<IHtmlDocument> ReadAsync(HttpResponseMessage response) => FormClient.Parse(await response.Content.ReadAsStringAsync());

    /// <summary>The message sits inside #respond, before the form; the form posts back to its own page's #respond.</summary>
    private static void AssertLandsOnTheForm(IHtmlDocument page, string formAction, string message)
    {
        var error = page.QuerySelector("#respond #comment-error");
        Assert.Equal(message, error?.TextContent.Trim());
        var form = page.QuerySelector("#respond #commentform")!;
        Assert.True(error!.CompareDocumentPosition(form).HasFlag(DocumentPositions.Following));
        Assert.Equal(formAction, form.GetAttribute("action"));
    }

    private static void AssertKept(IHtmlDocument page, Dictionary<string, string> typed)
    {
        Assert.Equal(typed["comment"], (page.QuerySelector("#commentform textarea[name=comment]") as IHtmlTextAreaElement)?.Value);
        foreach (var field in new[] { "author", "email", "url", "comment_parent" })
        {
            if (typed.TryGetValue(field, out var value)) Assert.Equal(value, page.QuerySelector($"#commentform input[name={field}]")?.GetAttribute("value"));
        }
    }

    [Fact]
    public async Task A_refused_reply_on_a_later_page_answers_on_its_form_with_the_message_above_it_and_every_field_kept()
    {
        await factory.ConfigureDiscussionAsync(s => s with { CommentsPerPage = 2 });
        try
        {
            var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("refused-reply"));
            var start = factory.Clock.GetUtcNow().AddDays(-1);
            var roots = new List<Comment>();
            for (var i = 0; i < 3; i++) roots.Add(await factory.AddCommentAsync(article, $"Thread {i}", author: $"Writer {i}", at: start.AddMinutes(i)));
            var url = "/articles/" + article.Slug;
            var client = factory.CreateBrowserClient();
            Assert.Equal($"{url}#respond", (await client.GetDocumentAsync(url)).QuerySelector("#commentform")?.GetAttribute("action"));

            var typed = ReaderArrange.GuestReply("A reply whose website is not one", author: "Kept Name", email: "kept@example.com", url: "ftp://example.com/files");
            var response = await client.SubmitFormAsync($"{url}?cpage=2&replytocom={roots[2].Id}", "#commentform", typed);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var page = await ReadAsync(response);
            AssertLandsOnTheForm(page, $"{url}?cpage=2#respond", "The website must be a web address starting with http:// or https://.");
            AssertKept(page, new(typed) { ["comment_parent"] = roots[2].Id.ToString() });
            Assert.Equal("Leave a Reply to Writer 2", page.QuerySelector("#reply-title")?.TextContent.Replace("Cancel reply", "").Trim());
            Assert.NotNull(page.QuerySelector($"li#comment-{roots[2].Id}"));
            await using var db = factory.CreateDbContext();
            Assert.False(await db.Comments.AnyAsync(c => c.ArticleId == article.Id && c.AuthorName == "Kept Name"));
        }
        finally
        {
            await factory.ConfigureDiscussionAsync(s => s with { CommentsPerPage = 50 });
        }
    }

    [Fact]
    public async Task A_flood_and_a_duplicate_answer_on_the_form_with_their_status_and_the_text_kept()
    {
        await factory.ConfigureDiscussionAsync(s => s with { FloodIntervalSeconds = 15 });
        try
        {
            var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("refused-flood"));
            var url = "/articles/" + article.Slug;
            var client = factory.CreateBrowserClient();
            var email = $"fast-{Guid.NewGuid():N}@example.com";
            Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(url, "#commentform", ReaderArrange.GuestReply("Said once.", author: "Quick Reader", email: email))).StatusCode);
            factory.Clock.Advance(TimeSpan.FromSeconds(5));

            var tooSoon = ReaderArrange.GuestReply("Said again, too soon.", author: "Quick Reader", email: email);
            var flood = await client.SubmitFormAsync(url, "#commentform", tooSoon);
            Assert.Equal(HttpStatusCode.TooManyRequests, flood.StatusCode);
            var floodPage = await ReadAsync(flood);
            AssertLandsOnTheForm(floodPage, $"{url}#respond", floodPage.QuerySelector("#comment-error")!.TextContent.Trim());
            AssertKept(floodPage, tooSoon);

            factory.Clock.Advance(TimeSpan.FromMinutes(1));
            var again = ReaderArrange.GuestReply("Said once.", author: "Quick Reader", email: email);
            var duplicate = await client.SubmitFormAsync(url, "#commentform", again);
            Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
            var duplicatePage = await ReadAsync(duplicate);
            Assert.Contains("already", duplicatePage.QuerySelector("#respond #comment-error")?.TextContent);
            AssertLandsOnTheForm(duplicatePage, $"{url}#respond", duplicatePage.QuerySelector("#comment-error")!.TextContent.Trim());
            AssertKept(duplicatePage, again);
        }
        finally
        {
            await factory.ConfigureDiscussionAsync(s => s with { FloodIntervalSeconds = 0 });
        }
    }

    [Fact]
    public async Task A_closed_article_shows_no_reply_links_nor_form_and_a_post_to_it_lands_on_the_notice_with_the_text_kept()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("closed"), CommentPolicy.Closed);
        var comment = await factory.AddCommentAsync(article, "Said before it closed.");
        var url = "/articles/" + article.Slug;
        var client = factory.CreateBrowserClient();

        foreach (var address in new[] { url, $"{url}?replytocom={comment.Id}" })
        {
            var page = await client.GetDocumentAsync(address);
            Assert.NotNull(page.QuerySelector($"li#comment-{comment.Id} a.comment-report-link"));
            Assert.Null(page.QuerySelector("a.comment-reply-link"));
            Assert.Null(page.QuerySelector("#commentform"));
            Assert.Equal("Comments are closed.", page.QuerySelector("#respond .no-comments")?.TextContent);
        }

        // The form of an open article (with this browser's valid token), posted to the closed one.
        var open = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("open"));
        var openPage = await client.GetDocumentAsync("/articles/" + open.Slug);
        var fields = new Dictionary<string, string>(ReaderArrange.GuestReply("Typed while it closed.", author: "Late Reader", email: "late@example.com"))
        {
            ["_handler"] = "comment",
            ["comment_parent"] = "0",
            ["__RequestVerificationToken"] = openPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        };
        var response = await client.PostAsync(url, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var refused = await ReadAsync(response);
        Assert.NotNull(refused.QuerySelector("#respond #comment-error"));
        Assert.Equal("Typed while it closed.", (refused.QuerySelector("#respond textarea#comment") as IHtmlTextAreaElement)?.Value);
        Assert.Null(refused.QuerySelector("#commentform"));
        Assert.Null(refused.QuerySelector("a.comment-reply-link"));
    }

    [Fact]
    public async Task An_article_closing_by_age_loses_its_reply_links_in_the_threads_shared_with_signed_in_readers()
    {
        await factory.ConfigureDiscussionAsync(s => s with { CloseCommentsAfterDays = 2 });
        try
        {
            var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("closing"), publishedAt: factory.Clock.GetUtcNow().AddDays(-1));
            var comment = await factory.AddCommentAsync(article, "Said while it was open.");
            var url = "/articles/" + article.Slug;
            var reader = await factory.SignedInClientAsync($"closing-{Guid.NewGuid():N}@example.com");
            Assert.NotNull((await reader.GetDocumentAsync(url)).QuerySelector($"li#comment-{comment.Id} a.comment-reply-link"));

            factory.Clock.Advance(TimeSpan.FromDays(1.5));

            var page = await reader.GetDocumentAsync(url);
            Assert.NotNull(page.QuerySelector($"li#comment-{comment.Id}"));
            Assert.Null(page.QuerySelector("a.comment-reply-link"));
            Assert.Null(page.QuerySelector("#commentform"));
        }
        finally
        {
            await factory.ConfigureDiscussionAsync(s => s with { CloseCommentsAfterDays = 0 });
        }
    }
}

public sealed class RefusedPostLandingTests(ReaderAppFactory factory) : RefusedPostLandingTests<ReaderAppFactory>(factory);

public sealed class RefusedPostLandingTestsOnPostgres(PostgresReaderAppFactory factory) : RefusedPostLandingTests<PostgresReaderAppFactory>(factory);
