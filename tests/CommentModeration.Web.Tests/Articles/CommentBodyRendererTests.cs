using CommentModeration.Web.Articles;

namespace CommentModeration.Web.Tests.Articles;

public sealed class CommentBodyRendererTests
{
    private readonly CommentBodyRenderer _renderer = new();

    [Theory]
    [InlineData("Hello *there*", "<p>Hello <em>there</em></p>")]
    [InlineData("**strong**", "<p><strong>strong</strong></p>")]
    [InlineData("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>")]
    [InlineData("Use `code`", "<p>Use <code>code</code></p>")]
    [InlineData("one\n\ntwo", "<p>one</p>\n<p>two</p>")]
    public void Markdown_subset_becomes_html(string markdown, string html)
    {
        Assert.Equal(html, _renderer.Render(markdown));
    }

    [Fact]
    public void Links_get_nofollow_ugc_noopener()
    {
        Assert.Equal("<p><a href=\"https://example.com/\" rel=\"nofollow ugc noopener\">site</a></p>", _renderer.Render("[site](https://example.com/)"));
    }

    [Fact]
    public void Raw_html_is_shown_as_text()
    {
        Assert.Equal("<p>&lt;b&gt;bold&lt;/b&gt;</p>", _renderer.Render("<b>bold</b>"));
    }

    [Fact]
    public void Features_outside_the_subset_keep_their_text_only()
    {
        var html = _renderer.Render("# Heading\n\n![alt](https://example.com/x.png)");
        Assert.DoesNotContain("<h1", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("Heading", html);
    }
}
