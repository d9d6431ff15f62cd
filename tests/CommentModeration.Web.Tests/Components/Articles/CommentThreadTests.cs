using Bunit;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Components.Pages.Articles;

namespace CommentModeration.Web.Tests.Components.Articles;

public sealed class CommentThreadTests : BunitContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 9, 30, 0, TimeSpan.Zero);

    public CommentThreadTests() => this.AddTestServices();

    private static CommentView View(long id, long? parent, long root, string author = "Reader", string url = "",
        CommentStatus status = CommentStatus.Approved, string html = "<p>Text</p>", int minutes = 0) =>
        new(id, parent, root, author, url, At.AddMinutes(minutes + id), html, status, null);

    private IRenderedComponent<CommentThread> RenderThreads(IEnumerable<CommentView> comments, int depth = 5, int page = 1) =>
        Render<CommentThread>(p => p
            .Add(c => c.Threads, CommentTree.Build(comments, depth))
            .Add(c => c.ArticleSlug, "a-story")
            .Add(c => c.PageNumber, page));

    [Fact]
    public void Renders_WordPress_thread_markup_with_replies_nested_oldest_first()
    {
        var cut = RenderThreads([View(1, null, 1), View(3, 1, 1, author: "Second reply"), View(2, 1, 1, author: "First reply"), View(4, 2, 1)]);

        var list = cut.Find("ol.comment-list");
        var top = list.QuerySelector(":scope > li#comment-1")!;
        Assert.Contains("comment", top.ClassList);
        Assert.Contains("depth-1", top.ClassList);
        Assert.Equal(["comment-2", "comment-3"], top.QuerySelectorAll(":scope > ol.children > li").Select(li => li.Id));
        Assert.NotNull(top.QuerySelector("li#comment-2.depth-2 > ol.children > li#comment-4.depth-3"));
    }

    [Fact]
    public void Shows_author_date_body_and_a_no_script_reply_link()
    {
        var cut = RenderThreads([View(7, null, 7, author: "Ada", html: "<p>Body <em>here</em></p>")], page: 2);

        var item = cut.Find("li#comment-7");
        Assert.Equal("Ada", item.QuerySelector(".comment-author .fn")!.TextContent.Trim());
        Assert.Equal("2026-11-01T09:37:00Z", item.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("here", item.QuerySelector(".comment-content em")!.TextContent);
        Assert.Equal("/articles/a-story?cpage=2&replytocom=7#respond", item.QuerySelector("a.comment-reply-link")!.GetAttribute("href"));
    }

    [Fact]
    public void Held_comment_is_marked_awaiting_moderation_and_offers_no_reply()
    {
        var cut = RenderThreads([View(1, null, 1), View(2, 1, 1, status: CommentStatus.Pending)]);

        var held = cut.Find("li#comment-2");
        Assert.Equal("Your comment is awaiting moderation.", held.QuerySelector("em.comment-awaiting-moderation")!.TextContent);
        Assert.Null(held.QuerySelector("a.comment-reply-link"));
        Assert.Null(cut.Find("li#comment-1 > article").QuerySelector("em.comment-awaiting-moderation"));
    }

    [Fact]
    public void Author_name_is_encoded_and_only_web_addresses_become_links()
    {
        var cut = RenderThreads([View(1, null, 1, author: "<script>x</script>", url: "javascript:alert(1)"), View(2, null, 2, author: "Site", url: "https://example.com/me")]);

        Assert.Empty(cut.FindAll("script"));
        Assert.Equal("<script>x</script>", cut.Find("li#comment-1 .fn").TextContent.Trim());
        Assert.Empty(cut.Find("li#comment-1").QuerySelectorAll(".comment-author a"));
        var link = cut.Find("li#comment-2 .comment-author a.url");
        Assert.Equal("https://example.com/me", link.GetAttribute("href"));
        Assert.Contains("nofollow", link.GetAttribute("rel"));
    }

    [Fact]
    public void Replies_beyond_the_thread_depth_show_at_the_deepest_level()
    {
        var cut = RenderThreads([View(1, null, 1), View(2, 1, 1), View(3, 2, 1), View(4, 3, 1)], depth: 2);

        Assert.NotNull(cut.Find("li#comment-1 > ol.children > li#comment-3.depth-2"));
        Assert.NotNull(cut.Find("li#comment-1 > ol.children > li#comment-4.depth-2"));
        Assert.Empty(cut.FindAll(".depth-3"));
    }

    [Fact]
    public void Reply_whose_parent_is_not_shown_is_not_shown()
    {
        var cut = RenderThreads([View(1, null, 1), View(5, 99, 1)]);

        Assert.Empty(cut.FindAll("#comment-5"));
    }

    [Fact]
    public void No_threads_render_no_list()
    {
        var cut = RenderThreads([]);

        Assert.Empty(cut.FindAll("ol.comment-list"));
    }

    [Fact]
    public void Quotes_and_markup_in_a_name_stay_inside_the_attributes_that_carry_it()
    {
        const string name = "\"><img src=x onerror=alert(1)> O'Brien & Co";
        var cut = RenderThreads([View(1, null, 1, author: name, url: "https://example.com/?a=1&b=\"2\"")]);

        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll("[onerror]"));
        var item = cut.Find("li#comment-1");
        Assert.Equal(name, item.QuerySelector(".fn a.url")!.TextContent);
        Assert.Equal("https://example.com/?a=1&b=%222%22", item.QuerySelector(".fn a.url")!.GetAttribute("href"));
        Assert.Equal("Reply to " + name, item.QuerySelector("a.comment-reply-link")!.GetAttribute("aria-label"));
        Assert.Equal("Report this reply by " + name + " to the moderators", item.QuerySelector("a.comment-report-link")!.GetAttribute("title"));
    }

    [Fact]
    public void Edited_comment_says_so_and_a_parent_is_marked()
    {
        var edited = View(1, null, 1) with { EditedAt = At.AddHours(1) };
        var cut = RenderThreads([edited, View(2, 1, 1)]);

        var top = cut.Find("li#comment-1");
        Assert.Contains("parent", top.ClassList);
        Assert.Equal("(edited)", top.QuerySelector(":scope > article .comment-edited")!.TextContent);
        Assert.DoesNotContain("parent", cut.Find("li#comment-2").ClassList);
        Assert.Null(cut.Find("li#comment-2").QuerySelector(".comment-edited"));
    }

    [Fact]
    public void Each_thread_is_its_own_part_holding_only_its_comments_even_after_a_very_long_thread()
    {
        // The writer reuses one buffer: a thread far longer than it must not leave anything in the next.
        var longBody = "<p>" + new string('x', 200_000) + "</p>";
        var threads = CommentTree.Build([View(1, null, 1, html: longBody), View(2, 1, 1, author: "Replier"), View(3, null, 3, author: "Next", html: "<p>Short</p>"), View(4, null, 4, author: "Last")], 5);

        var parts = CommentThreadMarkup.Render(threads, "a-story", 1).Select(p => p.Value).ToList();
        var again = CommentThreadMarkup.Render(threads, "a-story", 1).Select(p => p.Value).ToList();

        Assert.Equal(5, parts.Count);
        Assert.Equal("<ol class=\"comment-list\">", parts[0]);
        Assert.StartsWith("<li id=\"comment-1\"", parts[1]);
        Assert.Contains("id=\"comment-2\"", parts[1]);
        Assert.Contains(longBody, parts[1]);
        Assert.StartsWith("<li id=\"comment-3\"", parts[2]);
        Assert.DoesNotContain("xxxx", parts[2]);
        Assert.DoesNotContain("comment-4", parts[2]);
        Assert.StartsWith("<li id=\"comment-4\"", parts[3]);
        Assert.EndsWith("</li>", parts[3]);
        Assert.Equal("</ol>", parts[4]);
        Assert.Equal(parts, again);
    }

    [Fact]
    public void Date_reads_as_readers_expect_and_links_point_at_the_comment_on_its_page()
    {
        var cut = RenderThreads([View(7, null, 7, minutes: 400)], page: 3);

        var item = cut.Find("li#comment-7");
        Assert.Equal("November 1, 2026 at 4:17 PM", item.QuerySelector("time")!.TextContent);
        Assert.Equal("2026-11-01T16:17:00Z", item.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("/articles/a-story?cpage=3#comment-7", item.QuerySelector(".comment-metadata a")!.GetAttribute("href"));
        Assert.Equal(ArticleUrls.Comment("a-story", 3, 7), item.QuerySelector(".comment-metadata a")!.GetAttribute("href"));
        Assert.Equal(ArticleUrls.ReplyTo("a-story", 3, 7), item.QuerySelector("a.comment-reply-link")!.GetAttribute("href"));
        Assert.Equal("/articles/a-story?replytocom=7#respond", ArticleUrls.ReplyTo("a-story", 1, 7));
    }
}
