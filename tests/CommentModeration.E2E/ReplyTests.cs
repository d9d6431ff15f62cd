using System.Text.RegularExpressions;
using CommentModeration.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CommentModeration.E2E;

[Collection(SiteCollection.Name)]
public sealed partial class ReplyTests(SiteFixture site) : SiteTest(site)
{
    [Fact]
    public async Task Guest_reply_is_shown_to_its_author_as_awaiting_moderation_and_to_nobody_else()
    {
        var guest = await NewPageAsync();
        await guest.GotoAsync(DemoArticles.CarbonLevy);
        var parentId = await CommentIdAsync(guest, "About time. We have talked about pricing carbon");
        var text = $"Households will feel this before industry does ({Guid.NewGuid():N}).";

        await guest.Locator($"#div-comment-{parentId}").GetByRole(AriaRole.Link, new() { Name = "Reply to Ruth Evans" }).ClickAsync();
        await Expect(guest.Locator("#reply-title")).ToContainTextAsync("Leave a Reply to Ruth Evans");
        await FillGuestReplyAsync(guest, text, "Jo Guest", $"jo.{Guid.NewGuid():N}@example.net");
        await guest.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();

        var newId = await LandedCommentIdAsync(guest, DemoArticles.CarbonLevy);
        var mine = guest.Locator($"#comment-{parentId} > ol.children > li#comment-{newId}");
        await Expect(mine).ToContainTextAsync(text);
        await Expect(mine.Locator("em.comment-awaiting-moderation")).ToHaveTextAsync("Your comment is awaiting moderation.");

        var someoneElse = await NewPageAsync();
        await someoneElse.GotoAsync(DemoArticles.CarbonLevy);
        await Expect(someoneElse.Locator($"#div-comment-{parentId}")).ToBeVisibleAsync();
        await Expect(someoneElse.Locator($"#comment-{newId}")).ToHaveCountAsync(0);
        await Expect(someoneElse.GetByText(text)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_reply_to_a_reply_nests_under_it_one_level_deeper_for_every_reader()
    {
        var alice = await NewPageAsync(signedInAs: Accounts.Alice);
        await alice.GotoAsync(DemoArticles.CarbonLevy);
        var replyId = await CommentIdAsync(alice, "Easy to say from a city flat");
        await Expect(alice.Locator($"li#comment-{replyId}")).ToHaveClassAsync(new Regex(@"\bdepth-2\b"));
        var text = $"A bus every two hours would already change the sums for a lot of villages ({Guid.NewGuid():N}).";

        await alice.Locator($"#div-comment-{replyId}").GetByRole(AriaRole.Link, new() { Name = "Reply to Glyn the farmer" }).ClickAsync();
        await alice.GetByLabel("Comment").FillAsync(text);
        await alice.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();

        var newId = await LandedCommentIdAsync(alice, DemoArticles.CarbonLevy);
        var nested = alice.Locator($"li#comment-{replyId} > ol.children > li#comment-{newId}");
        await Expect(nested).ToHaveClassAsync(new Regex(@"\bdepth-3\b"));
        await Expect(nested.Locator("em.comment-awaiting-moderation")).ToHaveCountAsync(0);

        // Published, so the cached page was evicted: a guest sees it nested in the same place.
        var guest = await NewPageAsync();
        await guest.GotoAsync(DemoArticles.CarbonLevy);
        await Expect(guest.Locator($"li#comment-{replyId} > ol.children > li#comment-{newId}")).ToContainTextAsync(text);
    }

    [Fact]
    public async Task Without_JavaScript_a_reader_reads_picks_a_comment_to_reply_to_and_posts()
    {
        var page = await NewPageAsync(javaScriptEnabled: false);
        await page.GotoAsync(DemoArticles.NewsStory);
        await Expect(page.Locator("ol.comment-list > li.comment").First).ToBeVisibleAsync();
        Assert.True(await page.Locator("ol.comment-list li.comment").CountAsync() >= 10);
        var parentId = await CommentIdAsync(page, "Because this time the US didn't block it");

        await page.Locator($"#div-comment-{parentId}").GetByRole(AriaRole.Link, new() { Name = "Reply to Grace Obi" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"replytocom={parentId}#respond$"));
        await Expect(page.Locator("#reply-title")).ToContainTextAsync("Leave a Reply to Grace Obi");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Cancel reply" })).ToBeVisibleAsync();
        var text = $"Read without scripts, posted without scripts ({Guid.NewGuid():N}).";
        await FillGuestReplyAsync(page, text, "Sam No-Script", $"sam.{Guid.NewGuid():N}@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();

        var newId = await LandedCommentIdAsync(page, DemoArticles.NewsStory);
        var mine = page.Locator($"#comment-{parentId} > ol.children > li#comment-{newId}");
        await Expect(mine).ToContainTextAsync(text);
        await Expect(mine.Locator("em.comment-awaiting-moderation")).ToBeVisibleAsync();
    }

    private static async Task FillGuestReplyAsync(IPage page, string text, string name, string email)
    {
        await page.GetByLabel("Comment").FillAsync(text);
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync(email);
    }

    /// <summary>The id of the comment whose own text contains <paramref name="text"/>.</summary>
    private static async Task<long> CommentIdAsync(IPage page, string text)
    {
        var body = page.Locator("article.comment-body", new() { Has = page.Locator(".comment-content", new() { HasText = text }) });
        var id = await body.GetAttributeAsync("id") ?? throw new InvalidOperationException($"No comment reading '{text}'.");
        return long.Parse(id["div-comment-".Length..]);
    }

    /// <summary>After posting: back on the article (post/redirect/get) at the new comment's anchor; returns its id.</summary>
    private static async Task<long> LandedCommentIdAsync(IPage page, string articlePath)
    {
        try
        {
            await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(articlePath) + @"(\?[^#]*)?#comment-\d+$"));
        }
        catch (PlaywrightException e)
        {
            var alerts = await page.GetByRole(AriaRole.Alert).AllInnerTextsAsync();
            throw new InvalidOperationException($"The post did not land on a comment; the page says: {string.Join(" | ", alerts)}", e);
        }
        return long.Parse(CommentAnchor().Match(page.Url).Groups[1].Value);
    }

    [GeneratedRegex(@"#comment-(\d+)$")]
    private static partial Regex CommentAnchor();
}
