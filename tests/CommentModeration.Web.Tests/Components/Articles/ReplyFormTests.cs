using AngleSharp.Html.Dom;
using Bunit;
using CommentModeration.Web.Components.Pages.Articles;
using CommentModeration.Web.Hosting;

namespace CommentModeration.Web.Tests.Components.Articles;

public sealed class ReplyFormTests : BunitContext
{
    public ReplyFormTests() => this.AddTestServices();

    private IRenderedComponent<ReplyForm> RenderForm(Action<ComponentParameterCollectionBuilder<ReplyForm>>? parameters = null) =>
        Render<ReplyForm>(p =>
        {
            p.Add(c => c.ArticleSlug, "a-story");
            parameters?.Invoke(p);
        });

    [Fact]
    public void Guest_form_has_the_WordPress_fields_labels_and_submit()
    {
        var cut = RenderForm();

        Assert.Equal("Leave a Reply", cut.Find("div#respond h3#reply-title").TextContent.Trim());
        var form = cut.Find("form#commentform");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("comment", cut.Find("textarea#comment").GetAttribute("name"));
        foreach (var (id, label) in new[] { ("comment", "Comment"), ("author", "Name"), ("email", "Email"), ("url", "Website") })
        {
            Assert.StartsWith(label, cut.Find($"label[for={id}]").TextContent.Trim());
            Assert.Equal(id, cut.Find($"#{id}").GetAttribute("name"));
        }
        Assert.Equal("0", cut.Find("input#comment_parent[type=hidden]").GetAttribute("value"));
        var submit = cut.Find("#submit");
        Assert.Equal("submit", submit.GetAttribute("type"));
        Assert.Equal("Post Comment", submit.GetAttribute("value"));
        Assert.Equal(AntiforgeryTokenInjection.Placeholder, cut.Find("input[name=__RequestVerificationToken]").GetAttribute("value"));
        Assert.Empty(cut.FindAll("[role=alert]"));
    }

    [Fact]
    public void Signed_in_reader_sees_no_guest_fields()
    {
        var cut = RenderForm(p => p.Add(c => c.SignedInAs, "Margaret H."));

        Assert.Contains("Logged in as Margaret H.", cut.Find(".logged-in-as").TextContent);
        Assert.Empty(cut.FindAll("#author, #email, #url"));
        Assert.NotNull(cut.Find("textarea#comment"));
    }

    [Fact]
    public void Reply_mode_names_the_comment_and_offers_cancel()
    {
        var cut = RenderForm(p => p
            .Add(c => c.ReplyTo, new ReplyTarget(42, "Grace"))
            .Add(c => c.Values, new ReplyFormValues(Parent: 42))
            .Add(c => c.CancelReplyUrl, "/articles/a-story#respond"));

        Assert.StartsWith("Leave a Reply to Grace", cut.Find("#reply-title").TextContent.Trim());
        Assert.Equal("/articles/a-story#comment-42", cut.Find("#reply-title a").GetAttribute("href"));
        Assert.Equal("/articles/a-story#respond", cut.Find("#cancel-comment-reply-link").GetAttribute("href"));
        Assert.Equal("42", cut.Find("#comment_parent").GetAttribute("value"));
    }

    [Fact]
    public void Error_is_announced_and_everything_typed_is_kept()
    {
        var cut = RenderForm(p => p
            .Add(c => c.Error, "Your name is too long.")
            .Add(c => c.Values, new ReplyFormValues("My <b>text</b>", "A name", "me@example.com", "https://example.com", 0)));

        Assert.Equal("Your name is too long.", cut.Find("#respond [role=alert]").TextContent);
        Assert.Equal("comment-error", cut.Find("form#commentform").GetAttribute("aria-describedby"));
        Assert.Equal("My <b>text</b>", ((IHtmlTextAreaElement)cut.Find("textarea#comment")).Value);
        Assert.Equal("A name", cut.Find("#author").GetAttribute("value"));
        Assert.Equal("me@example.com", cut.Find("#email").GetAttribute("value"));
        Assert.Equal("https://example.com", cut.Find("#url").GetAttribute("value"));
    }
}
