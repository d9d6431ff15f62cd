using System.Net;
using AngleSharp.Html.Dom;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>Posting replies through the article page's form, as a browser without JavaScript does.</summary>
public abstract class ReplyPostingTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private static string Url(Article article) => "/articles/" + article.Slug;

    private async Task<List<Comment>> CommentsOfAsync(Article article)
    {
        await using var db = factory.CreateDbContext();
        return await db.Comments.Where(c => c.ArticleId == article.Id).OrderBy(c => c.Id).ToListAsync();
    }

    [Fact]
    public async Task First_time_guest_is_held_and_sees_own_comment_awaiting_moderation_while_another_browser_does_not()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("held"));
        var author = factory.CreateBrowserClient();

        var response = await author.SubmitFormAsync(Url(article), "#commentform", ReaderArrange.GuestReply("My first reply", email: "first-timer@example.com"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = Assert.Single(await CommentsOfAsync(article));
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.Equal(VerdictAction.Hold, stored.VerdictAction);
        Assert.Equal($"{Url(article)}?cpage=1#comment-{stored.Id}", response.Headers.Location!.PathAndQuery + response.Headers.Location.Fragment);

        var own = await author.GetDocumentAsync(response.Headers.Location.PathAndQuery);
        var item = own.QuerySelector($"li#comment-{stored.Id}");
        Assert.NotNull(item);
        Assert.Equal("Your comment is awaiting moderation.", item.QuerySelector("em.comment-awaiting-moderation")?.TextContent);

        var other = await factory.CreateBrowserClient().GetDocumentAsync(Url(article));
        Assert.Null(other.QuerySelector($"#comment-{stored.Id}"));
        Assert.DoesNotContain("My first reply", other.Body!.TextContent);
    }

    [Fact]
    public async Task Guest_with_a_previously_approved_comment_under_the_same_name_and_email_is_published()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("returning"));
        await factory.AddCommentAsync(article, "An earlier approved reply", author: "Regular Reader", email: "regular@example.com",
            at: factory.Clock.GetUtcNow().AddDays(-2));

        var response = await factory.CreateBrowserClient().SubmitFormAsync(Url(article), "#commentform",
            ReaderArrange.GuestReply("Back again with *emphasis*", author: "Regular Reader", email: "Regular@Example.com"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = (await CommentsOfAsync(article)).Last();
        Assert.Equal(CommentStatus.Approved, stored.Status);
        var page = await factory.CreateBrowserClient().GetDocumentAsync(response.Headers.Location!.PathAndQuery);
        var item = page.QuerySelector($"li#comment-{stored.Id}.comment.depth-1");
        Assert.NotNull(item);
        Assert.Equal("emphasis", item.QuerySelector(".comment-content em")?.TextContent);
        Assert.Null(item.QuerySelector(".comment-awaiting-moderation"));
    }

    [Fact]
    public async Task Approving_a_held_first_comment_lets_the_next_one_publish()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("approve-then"));
        var client = factory.CreateBrowserClient();
        await client.SubmitFormAsync(Url(article), "#commentform", ReaderArrange.GuestReply("First, held", author: "Newcomer", email: "newcomer@example.com"));
        await using (var db = factory.CreateDbContext())
        {
            var held = await db.Comments.SingleAsync(c => c.ArticleId == article.Id);
            held.Status = CommentStatus.Approved;
            await db.SaveChangesAsync();
        }
        factory.Clock.Advance(TimeSpan.FromMinutes(1));

        await client.SubmitFormAsync(Url(article), "#commentform", ReaderArrange.GuestReply("Second, published", author: "Newcomer", email: "newcomer@example.com"));

        Assert.Equal(CommentStatus.Approved, (await CommentsOfAsync(article)).Last().Status);
    }

    [Fact]
    public async Task Signed_in_reader_posts_under_the_account_name_without_guest_fields()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("signed-in"));
        var client = await factory.SignedInClientAsync("member@example.com");

        var form = (await client.GetDocumentAsync(Url(article))).QuerySelector("#commentform")!;
        Assert.Null(form.QuerySelector("#author"));
        Assert.Null(form.QuerySelector("#email"));
        Assert.Null(form.QuerySelector("#url"));
        // The account's display name, never its email address.
        Assert.Contains("Logged in as member.", form.TextContent);

        var response = await client.SubmitFormAsync(Url(article), "#commentform", new Dictionary<string, string> { ["comment"] = "Posting as a member" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = Assert.Single(await CommentsOfAsync(article));
        Assert.Equal("member", stored.AuthorName);
        Assert.Equal("member@example.com", stored.AuthorEmail);
        Assert.StartsWith("user:", stored.AuthorKey);
        Assert.Equal(CommentStatus.Pending, stored.Status);

        // Signed-in authors see their own held comment without any cookie trick.
        var own = await client.GetDocumentAsync(Url(article));
        Assert.NotNull(own.QuerySelector($"li#comment-{stored.Id} em.comment-awaiting-moderation"));
    }

    [Fact]
    public async Task Moderator_comment_publishes_at_once()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("staff"));
        var client = await factory.SignedInClientAsync("mod-poster@example.com", Roles.Moderator);

        await client.SubmitFormAsync(Url(article), "#commentform", new Dictionary<string, string> { ["comment"] = "Staff note" });

        Assert.Equal(CommentStatus.Approved, Assert.Single(await CommentsOfAsync(article)).Status);
    }

    [Fact]
    public async Task Reply_link_puts_the_form_in_reply_mode_and_the_reply_nests_under_its_parent()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("reply"));
        var parent = await factory.AddCommentAsync(article, "Parent comment", author: "Parent Author");
        await factory.AddCommentAsync(article, "Earlier by replier", author: "Replier", email: "replier@example.com");
        var client = factory.CreateBrowserClient();

        var page = await client.GetDocumentAsync(Url(article));
        var replyLink = page.QuerySelector($"li#comment-{parent.Id} a.comment-reply-link")!.GetAttribute("href")!;
        Assert.Equal($"{Url(article)}?replytocom={parent.Id}#respond", replyLink);

        var replyPage = await client.GetDocumentAsync(replyLink.Split('#')[0]);
        Assert.StartsWith("Leave a Reply to Parent Author", replyPage.QuerySelector("#reply-title")!.TextContent.Trim());
        Assert.NotNull(replyPage.QuerySelector("#cancel-comment-reply-link"));
        Assert.Equal(parent.Id.ToString(), ((IHtmlInputElement)replyPage.QuerySelector("#comment_parent")!).Value);

        var response = await client.SubmitFormAsync(replyLink.Split('#')[0], "#commentform",
            ReaderArrange.GuestReply("A nested reply", author: "Replier", email: "replier@example.com"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var reply = (await CommentsOfAsync(article)).Last();
        Assert.Equal(parent.Id, reply.ParentId);
        Assert.Equal(parent.Id, reply.ThreadRootId);
        Assert.Equal(2, reply.Depth);
        var after = await factory.CreateBrowserClient().GetDocumentAsync(Url(article));
        Assert.NotNull(after.QuerySelector($"li#comment-{parent.Id} > ol.children > li#comment-{reply.Id}.comment.depth-2"));
    }

    [Fact]
    public async Task Reply_to_a_held_comment_is_refused_and_nothing_is_stored()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("reply-held"));
        var held = await factory.AddCommentAsync(article, "Held one", CommentStatus.Pending);

        var response = await factory.CreateBrowserClient().SubmitFormAsync(Url(article), "#commentform",
            new Dictionary<string, string>(ReaderArrange.GuestReply("Replying to a held comment", email: "held-replier@example.com")) { ["comment_parent"] = held.Id.ToString() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = FormClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("[role=alert]")?.TextContent));
        Assert.Equal("Replying to a held comment", page.QuerySelector("textarea#comment")!.TextContent);
        Assert.Single(await CommentsOfAsync(article));
    }

    [Fact]
    public async Task Reply_to_a_comment_of_another_article_is_refused_and_nothing_is_stored()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("reply-here"));
        var elsewhere = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("reply-elsewhere"));
        var foreign = await factory.AddCommentAsync(elsewhere, "On another article");

        var response = await factory.CreateBrowserClient().SubmitFormAsync(Url(article), "#commentform",
            new Dictionary<string, string>(ReaderArrange.GuestReply("Cross-article reply", email: "cross@example.com")) { ["comment_parent"] = foreign.Id.ToString() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await CommentsOfAsync(article));
        Assert.Single(await CommentsOfAsync(elsewhere));
    }

    [Theory]
    [InlineData("comment", 65_526)]
    [InlineData("author", 246)]
    [InlineData("email", 101)]
    [InlineData("url", 201)]
    public async Task Over_long_field_is_refused_with_a_message_nothing_stored_and_the_typed_text_kept(string field, int length)
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("long-" + field));
        var values = ReaderArrange.GuestReply("A reply whose " + field + " is too long", email: $"long-{field}@example.com");
        values[field] = field switch
        {
            "email" => new string('e', length - "@example.com".Length) + "@example.com",
            "url" => "https://example.com/" + new string('u', length - "https://example.com/".Length),
            _ => new string('x', length),
        };

        var response = await factory.CreateBrowserClient().SubmitFormAsync(Url(article), "#commentform", values);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = FormClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("#respond [role=alert]")?.TextContent));
        Assert.Equal(values["comment"], page.QuerySelector("textarea#comment")!.TextContent);
        Assert.Equal(values["author"], ((IHtmlInputElement)page.QuerySelector("input#author")!).Value);
        Assert.Equal(values["email"], ((IHtmlInputElement)page.QuerySelector("input#email")!).Value);
        Assert.Equal(values["url"], ((IHtmlInputElement)page.QuerySelector("input#url")!).Value);
        Assert.Empty(await CommentsOfAsync(article));
    }

    [Fact]
    public async Task Post_without_antiforgery_token_is_refused_and_nothing_is_stored()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("no-token"));

        var response = await factory.CreateBrowserClient().SubmitFormAsync(Url(article), "#commentform",
            ReaderArrange.GuestReply("Forged post", email: "forger@example.com"), includeAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("form has expired", await response.Content.ReadAsStringAsync());
        Assert.Empty(await CommentsOfAsync(article));
    }

    [Fact]
    public async Task Second_comment_within_the_flood_interval_is_refused_with_429_and_a_message()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("flood"));
        var client = factory.CreateBrowserClient();
        await client.SubmitFormAsync(Url(article), "#commentform", ReaderArrange.GuestReply("First", email: "fast@example.com"));
        factory.Clock.Advance(TimeSpan.FromSeconds(5));

        var response = await client.SubmitFormAsync(Url(article), "#commentform", ReaderArrange.GuestReply("Second, too soon", email: "fast@example.com"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var page = FormClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("#respond [role=alert]")?.TextContent));
        Assert.Equal("Second, too soon", page.QuerySelector("textarea#comment")!.TextContent);
        Assert.Single(await CommentsOfAsync(article));
        factory.Clock.Advance(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Closed_article_shows_comments_are_closed_and_refuses_posts()
    {
        var open = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("was-open"));
        var closed = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("closed"), CommentPolicy.Closed);

        var page = await factory.CreateBrowserClient().GetDocumentAsync(Url(closed));
        Assert.Equal("Comments are closed.", page.QuerySelector("p.no-comments")?.TextContent);
        Assert.Null(page.QuerySelector("#commentform"));

        // The form of an open article (with this browser's valid token), posted to the closed one.
        var client = factory.CreateBrowserClient();
        var openPage = await client.GetDocumentAsync(Url(open));
        var fields = new Dictionary<string, string>(ReaderArrange.GuestReply("Too late", email: "late@example.com"))
        {
            ["_handler"] = "comment",
            ["comment_parent"] = "0",
            ["__RequestVerificationToken"] = openPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        };
        var response = await client.PostAsync(Url(closed), new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var refused = FormClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Comments are closed.", refused.QuerySelector("p.no-comments")?.TextContent);
        Assert.NotNull(refused.QuerySelector("[role=alert]"));
        Assert.Empty(await CommentsOfAsync(closed));
    }

    [Fact]
    public async Task Article_older_than_the_close_after_days_setting_is_closed()
    {
        var old = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("old"), publishedAt: factory.Clock.GetUtcNow().AddDays(-400));
        var page = await factory.CreateBrowserClient().GetDocumentAsync(Url(old));
        Assert.NotNull(page.QuerySelector("#commentform"));

        await factory.ConfigureDiscussionAsync(s => s with { CloseCommentsAfterDays = 365 });
        try
        {
            var closed = await factory.CreateBrowserClient().GetDocumentAsync(Url(old) + "?cpage=1");
            Assert.Equal("Comments are closed.", closed.QuerySelector("p.no-comments")?.TextContent);
        }
        finally
        {
            await factory.ConfigureDiscussionAsync(s => s with { CloseCommentsAfterDays = 0 });
        }
    }

    [Fact]
    public async Task Unknown_article_is_404()
    {
        var response = await factory.CreateBrowserClient().GetAsync("/articles/no-such-article");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Not Found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Held_comment_cookie_from_one_article_does_not_reveal_other_held_comments()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("cookie"));
        var someoneElses = await factory.AddCommentAsync(article, "Someone else's held comment", CommentStatus.Pending);
        var client = factory.CreateBrowserClient();
        await client.SubmitFormAsync(Url(article), "#commentform", ReaderArrange.GuestReply("Mine, held", email: "cookie-holder@example.com"));

        var page = await client.GetDocumentAsync(Url(article));

        Assert.Contains("Mine, held", page.QuerySelector("ol.comment-list")!.TextContent);
        Assert.Null(page.QuerySelector($"#comment-{someoneElses.Id}"));
    }

    [Fact]
    public async Task Held_comments_are_remembered_per_article_and_shown_on_their_own_article_only()
    {
        var first = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("held-first"));
        var second = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("held-second"));
        var client = factory.CreateBrowserClient();
        await client.SubmitFormAsync(Url(first), "#commentform", ReaderArrange.GuestReply("Held on the first article", email: "two-articles@example.com"));
        await client.SubmitFormAsync(Url(second), "#commentform", ReaderArrange.GuestReply("Held on the second article", email: "two-articles-2@example.com"));

        var firstPage = (await client.GetDocumentAsync(Url(first))).QuerySelector("ol.comment-list")!.TextContent;
        var secondPage = (await client.GetDocumentAsync(Url(second))).QuerySelector("ol.comment-list")!.TextContent;

        Assert.Contains("Held on the first article", firstPage);
        Assert.DoesNotContain("Held on the second article", firstPage);
        Assert.Contains("Held on the second article", secondPage);
        Assert.DoesNotContain("Held on the first article", secondPage);
    }

    [Fact]
    public async Task A_held_comment_cookie_written_before_articles_were_kept_in_it_still_shows_the_comment()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("held-legacy"));
        var held = await factory.AddCommentAsync(article, "Remembered by its id alone", CommentStatus.Pending);
        var protector = factory.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("CommentModeration.HeldComments.v1");
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.Add("Cookie", $"{HeldCommentCookie.Name}={protector.Protect(held.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))}");

        var page = await client.GetDocumentAsync(Url(article));

        Assert.Contains("Remembered by its id alone", page.QuerySelector($"#comment-{held.Id}")!.TextContent);
    }
}

public sealed class ReplyPostingTests(ReaderAppFactory factory) : ReplyPostingTests<ReaderAppFactory>(factory);

public sealed class ReplyPostingTestsOnPostgres(PostgresReaderAppFactory factory) : ReplyPostingTests<PostgresReaderAppFactory>(factory);
