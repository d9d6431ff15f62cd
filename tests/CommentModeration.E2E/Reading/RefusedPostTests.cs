using System.Text.RegularExpressions;
using CommentModeration.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CommentModeration.E2E.Reading;

/// <summary>A refused post on a long thread lands on the form, its message in view and the typed text kept, with JavaScript off or on.</summary>
[Collection(SiteCollection.Name)]
public sealed class RefusedPostTests(SiteFixture site) : SiteTest(site)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refused_reply_lands_on_the_form_with_its_message_in_view_and_the_text_kept(bool javaScriptEnabled)
    {
        var page = await NewPageAsync(javaScriptEnabled: javaScriptEnabled);
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(DemoArticles.NewsStory);
        await Expect(page.Locator("#respond")).Not.ToBeInViewportAsync();
        var parent = page.Locator("article.comment-body", new() { Has = page.Locator(".comment-content", new() { HasText = "Because this time the US didn't block it" }) });
        var parentId = (await parent.GetAttributeAsync("id"))!["div-comment-".Length..];

        await parent.GetByRole(AriaRole.Link, new() { Name = "Reply to Grace Obi" }).ClickAsync();
        var text = $"A reply whose website is refused ({Guid.NewGuid():N}).";
        var email = $"refused.{Guid.NewGuid():N}@example.org";
        await page.GetByLabel("Comment").FillAsync(text);
        await page.GetByLabel("Name").FillAsync("Kept Reader");
        await page.GetByLabel("Email").FillAsync(email);
        // A browser takes it as an address; the site takes only web addresses.
        await page.GetByLabel("Website").FillAsync("ftp://files.example.org/");
        // Back at the top, as a reader who scrolled up to read again before posting.
        await page.Mouse.WheelAsync(0, -100_000);
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"#respond$"));
        var message = page.Locator("#respond #comment-error");
        await Expect(message).ToHaveTextAsync("The website must be a web address starting with http:// or https://.");
        await Expect(message).ToBeInViewportAsync();
        await Expect(page.GetByLabel("Comment")).ToHaveValueAsync(text);
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync("Kept Reader");
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync(email);
        await Expect(page.GetByLabel("Website")).ToHaveValueAsync("ftp://files.example.org/");
        await Expect(page.Locator("#comment_parent")).ToHaveValueAsync(parentId);
        await Expect(page.Locator("#reply-title")).ToContainTextAsync("Leave a Reply to Grace Obi");
    }
}
