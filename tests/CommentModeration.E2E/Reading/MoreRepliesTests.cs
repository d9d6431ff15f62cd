using System.Text.RegularExpressions;
using CommentModeration.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CommentModeration.E2E.Reading;

/// <summary>The replies a comment page leaves out: loaded in place with JavaScript, a page of their own without.</summary>
[Collection(SiteCollection.Name)]
public sealed class MoreRepliesTests(SiteFixture site) : SiteTest(site)
{
    [Fact]
    public async Task More_replies_load_in_place_with_JavaScript_and_open_the_thread_view_without()
    {
        var admin = await NewPageAsync(signedInAs: Accounts.Admin);
        await admin.GotoAsync(DemoArticles.NewsStory);
        var rootId = long.Parse((await admin.Locator("ol.comment-list > li.comment").Last.GetAttributeAsync("id"))!["comment-".Length..]);
        var texts = Enumerable.Range(1, 4).Select(i => $"Reply {i} of four to the last thread ({Guid.NewGuid():N}).").ToList();
        foreach (var text in texts)
        {
            await admin.GotoAsync($"{DemoArticles.NewsStory}?replytocom={rootId}#respond");
            await admin.GetByLabel("Comment").FillAsync(text);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();
            await Expect(admin).ToHaveURLAsync(new Regex(@"#comment-\d+$"));
        }

        var reader = await NewPageAsync();
        await reader.GotoAsync(DemoArticles.NewsStory);
        var replies = reader.Locator($"li#comment-{rootId} > ol.children");
        await Expect(reader.GetByText(texts[^1])).ToHaveCountAsync(0);
        await reader.Locator($"li#comment-{rootId} > ol.children > li.comment-more > a.comment-more-link").ClickAsync();
        foreach (var text in texts) await Expect(replies.GetByText(text)).ToBeVisibleAsync();
        await Expect(reader).ToHaveURLAsync(new Regex(Regex.Escape(DemoArticles.NewsStory) + "$"));
        Assert.Equal(1, await reader.Locator($"li#comment-{rootId}").CountAsync());

        var withoutScript = await NewPageAsync(javaScriptEnabled: false);
        await withoutScript.GotoAsync(DemoArticles.NewsStory);
        await withoutScript.Locator($"li#comment-{rootId} > ol.children > li.comment-more > a.comment-more-link").ClickAsync();
        await Expect(withoutScript).ToHaveURLAsync(new Regex($@"{Regex.Escape(DemoArticles.NewsStory)}/comments/{rootId}(\?from=\d+)?$"));
        await Expect(withoutScript.GetByText(texts[^1])).ToBeVisibleAsync();
    }
}
