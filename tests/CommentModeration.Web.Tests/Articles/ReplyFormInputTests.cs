using System.Net;
using AngleSharp.Html.Dom;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>Odd input to the reply form: each gets a message that says what was wrong, and nothing is stored.</summary>
public abstract class ReplyFormInputTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private static async Task<(HttpStatusCode Status, string? Alert, IHtmlDocument Page)> ReadAsync(HttpResponseMessage response)
    {
        var page = FormClient.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, page.QuerySelector("[role=alert]")?.TextContent.Trim(), page);
    }

    private async Task<int> StoredOnAsync(long articleId)
    {
        await using var db = factory.CreateDbContext();
        return await db.Comments.CountAsync(c => c.ArticleId == articleId);
    }

    private async Task<(HttpStatusCode Status, string? Alert, long ArticleId)> PostAsync(string prefix, Dictionary<string, string> fields)
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug(prefix));
        var response = await factory.CreateBrowserClient().SubmitFormAsync($"/articles/{article.Slug}", "#commentform", fields);
        var (status, alert, _) = await ReadAsync(response);
        return (status, alert, article.Id);
    }

    [Fact]
    public async Task A_comment_of_only_zero_width_characters_is_refused_like_an_empty_one()
    {
        var (status, alert, articleId) = await PostAsync("zero-width", ReaderArrange.GuestReply("\u200B\u200C\u200D\u2060\uFEFF", email: "blank@example.com"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Please type your comment.", alert);
        Assert.Equal(0, await StoredOnAsync(articleId));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("12345678901234567890")]
    public async Task A_reply_to_what_cannot_be_a_comment_is_refused_as_one_that_no_longer_exists(string parent)
    {
        var fields = ReaderArrange.GuestReply("A reply to nothing in particular.", email: "parent@example.com");
        fields["comment_parent"] = parent;

        var (status, alert, articleId) = await PostAsync("bad-parent", fields);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("The comment you are replying to no longer exists.", alert);
        Assert.Equal(0, await StoredOnAsync(articleId));
    }

    [Fact]
    public async Task Direction_controls_are_taken_out_of_names_and_text_and_the_byline_isolates_the_name()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("bidi"));
        var guest = factory.CreateBrowserClient();

        var response = await guest.SubmitFormAsync($"/articles/{article.Slug}", "#commentform",
            ReaderArrange.GuestReply("See the file \u202Egpj.exe\u202C and \u2067this\u2069, with a mark\u200F kept.", author: "Mallory\u202E yrrab", email: "bidi@example.com"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using (var db = factory.CreateDbContext())
        {
            var stored = await db.Comments.SingleAsync(c => c.ArticleId == article.Id);
            Assert.Equal("Mallory yrrab", stored.AuthorName);
            Assert.Equal("See the file gpj.exe and this, with a mark\u200F kept.", stored.BodyText);
        }
        // The author sees their held comment: the name stands isolated in the byline.
        var page = await guest.GetDocumentAsync(response.Headers.Location!.PathAndQuery);
        Assert.Equal("Mallory yrrab", page.QuerySelector(".comment-author .fn bdi")?.TextContent);
    }

    /// <summary>A form the server cannot read: the page says what was wrong with it, not that the form expired.</summary>
    private async Task AssertUnreadableAsync(string prefix, Dictionary<string, string> fields, HttpStatusCode expected, params string[] saying)
    {
        var (status, alert, articleId) = await PostAsync(prefix, fields);

        Assert.Equal(expected, status);
        foreach (var words in saying) Assert.Contains(words, alert);
        Assert.DoesNotContain("expired", alert);
        Assert.Equal(0, await StoredOnAsync(articleId));
    }

    [Fact]
    public Task A_nul_byte_is_refused_with_a_message_that_names_it() =>
        AssertUnreadableAsync("nul", ReaderArrange.GuestReply("Hello\0world", email: "nul@example.com"), HttpStatusCode.BadRequest, "NUL character");

    [Fact]
    public Task A_five_megabyte_comment_is_refused_as_too_long() =>
        AssertUnreadableAsync("huge", ReaderArrange.GuestReply(new string('x', 5_000_000), email: "huge@example.com"), HttpStatusCode.RequestEntityTooLarge,
            "too long", "65,525 characters");

    [Fact]
    public Task Two_thousand_fields_are_refused_as_too_many()
    {
        var fields = ReaderArrange.GuestReply("Many fields.", email: "fields@example.com");
        for (var i = 0; i < 2000; i++) fields["field" + i] = "x";
        return AssertUnreadableAsync("fields", fields, HttpStatusCode.BadRequest, "more fields than any form on this site has");
    }

    [Fact]
    public async Task A_reply_posted_to_an_article_that_does_not_exist_gets_the_not_found_page()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("real"));
        var client = factory.CreateBrowserClient();
        var form = (IHtmlFormElement)(await client.GetDocumentAsync($"/articles/{article.Slug}")).QuerySelector("#commentform")!;
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden").ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in ReaderArrange.GuestReply("Lost reply.", email: "lost@example.com")) fields[name] = value;

        var response = await client.PostAsync("/articles/no-such-article", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = FormClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Not Found", page.QuerySelector("h3")?.TextContent);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Comments.AnyAsync(c => c.BodyText == "Lost reply."));
    }
}

public sealed class ReplyFormInputTests(ReaderAppFactory factory) : ReplyFormInputTests<ReaderAppFactory>(factory);

public sealed class ReplyFormInputTestsOnPostgres(PostgresReaderAppFactory factory) : ReplyFormInputTests<PostgresReaderAppFactory>(factory);
