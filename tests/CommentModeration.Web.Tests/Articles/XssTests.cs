using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>Whatever a reader posts (body, name, website), the page never carries live markup from it.</summary>
public abstract class XssTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "srcset"];
    private static readonly string[] ForbiddenElements = ["script", "iframe", "object", "embed", "style", "svg", "math", "frame", "frameset", "base", "meta", "link", "template", "noscript"];

    [Fact]
    public async Task Payloads_posted_as_comment_bodies_never_come_back_as_live_markup()
    {
        Assert.True(XssPayloads.All.Count >= 50);
        var article = await PrepareArticleAsync("xss-body");
        var client = factory.CreateBrowserClient();

        var index = 0;
        foreach (var payload in XssPayloads.All)
        {
            var response = await client.SubmitFormAsync(article, "#commentform",
                ReaderArrange.GuestReply(payload, author: $"Body {index}", email: $"body{index++}@example.com"));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            factory.Clock.Advance(TimeSpan.FromSeconds(30));
        }

        var page = await factory.CreateBrowserClient().GetDocumentAsync(article);
        Assert.Equal(XssPayloads.All.Count, page.QuerySelectorAll("ol.comment-list > li.comment").Length);
        AssertNoLiveMarkup(page);
    }

    [Fact]
    public async Task Payloads_posted_as_author_name_and_website_never_come_back_as_live_markup()
    {
        var article = await PrepareArticleAsync("xss-author");
        var client = factory.CreateBrowserClient();
        var stored = 0;

        var index = 0;
        foreach (var payload in XssPayloads.All)
        {
            var name = payload.Length > 245 ? payload[..245] : payload;
            var response = await client.SubmitFormAsync(article, "#commentform",
                ReaderArrange.GuestReply($"Reply {index}", author: name, email: $"author{index++}@example.com", url: payload.Length > 200 ? payload[..200] : payload));
            // A website that is not an http(s) address is refused with a message; anything else is stored.
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {payload}");
            if (response.StatusCode == HttpStatusCode.Redirect) stored++;
            else AssertNoLiveMarkup(FormClient.Parse(await response.Content.ReadAsStringAsync()));
            factory.Clock.Advance(TimeSpan.FromSeconds(30));
        }

        var page = await factory.CreateBrowserClient().GetDocumentAsync(article);
        Assert.Equal(stored, page.QuerySelectorAll("ol.comment-list > li.comment").Length);
        AssertNoLiveMarkup(page);
        foreach (var link in page.QuerySelectorAll(".comment-author a"))
        {
            Assert.Matches("^https?://", link.GetAttribute("href")!);
        }
    }

    private async Task<string> PrepareArticleAsync(string prefix)
    {
        await factory.ConfigureDiscussionAsync(s => s with
        {
            RequirePreviouslyApproved = false,
            CommentsPerPage = 500,
            HoldWhenLinksAtLeast = 0,
        });
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug(prefix));
        return "/articles/" + article.Slug;
    }

    private static void AssertNoLiveMarkup(IHtmlDocument page)
    {
        // The page's own replies script (by its address, nothing inline) is the one script a reader page has; any other fails below.
        foreach (var own in page.QuerySelectorAll("script[src='/js/replies.js']").Where(s => s.TextContent.Length == 0).ToList()) own.Remove();
        foreach (var tag in ForbiddenElements)
        {
            Assert.Empty(page.Body!.QuerySelectorAll(tag));
        }
        Assert.Empty(page.QuerySelectorAll("script"));
        foreach (var element in page.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase),
                    $"<{element.LocalName} {attribute.Name}=\"{attribute.Value}\"> carries an event handler");
                if (UrlAttributes.Contains(attribute.Name, StringComparer.OrdinalIgnoreCase))
                {
                    var value = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
                    Assert.False(value.StartsWith("javascript:") || value.StartsWith("vbscript:") || value.StartsWith("data:"),
                        $"<{element.LocalName} {attribute.Name}=\"{attribute.Value}\"> is a script URL");
                }
                Assert.False(attribute.Name.Equals("style", StringComparison.OrdinalIgnoreCase), $"<{element.LocalName}> carries a style attribute");
            }
        }
        foreach (var form in page.QuerySelectorAll("form"))
        {
            Assert.Contains(form.Id, new[] { "commentform" });
        }
        Assert.All(page.QuerySelectorAll("input, button, textarea").Where(e => e.Closest("form") is null), e => Assert.Fail($"stray <{e.LocalName}> outside a form"));
    }
}

public sealed class XssTests(ReaderAppFactory factory) : XssTests<ReaderAppFactory>(factory);

public sealed class XssTestsOnPostgres(PostgresReaderAppFactory factory) : XssTests<PostgresReaderAppFactory>(factory);
