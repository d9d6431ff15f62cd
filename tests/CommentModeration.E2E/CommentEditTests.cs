using System.Text.RegularExpressions;
using CommentModeration.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CommentModeration.E2E;

[Collection(SiteCollection.Name)]
public sealed partial class CommentEditTests(SiteFixture site) : SiteTest(site)
{
    [Fact]
    public async Task A_guest_corrects_their_reply_without_JavaScript_and_the_moderator_sees_the_original_in_the_queue()
    {
        var unique = Guid.NewGuid().ToString("N");
        var original = $"The levy takes effect in Janury ({unique}).";
        var corrected = $"The levy takes effect in January ({unique}).";
        var guest = await NewPageAsync(javaScriptEnabled: false);
        await guest.GotoAsync(DemoArticles.CarbonLevy);
        await guest.GetByLabel("Comment").FillAsync(original);
        await guest.GetByLabel("Name").FillAsync("Sam Typo");
        await guest.GetByLabel("Email").FillAsync($"sam.{unique}@example.net");
        await guest.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();
        await Expect(guest).ToHaveURLAsync(CommentAnchor());
        var id = long.Parse(CommentAnchor().Match(guest.Url).Groups[1].Value);

        await guest.Locator($"#comment-{id} a.comment-edit-link").ClickAsync();
        await Expect(guest.GetByLabel("Comment")).ToHaveValueAsync(original);
        await guest.GetByLabel("Comment").FillAsync(corrected);
        await guest.GetByRole(AriaRole.Button, new() { Name = "Save edit" }).ClickAsync();

        await Expect(guest).ToHaveURLAsync(new Regex($"#comment-{id}$"));
        await Expect(guest.Locator($"#comment-{id} .comment-content")).ToHaveTextAsync(corrected);
        await Expect(guest.Locator($"#comment-{id} em.comment-awaiting-moderation")).ToBeVisibleAsync();

        var moderator = await NewPageAsync(signedInAs: Accounts.Moderator);
        await moderator.GotoAsync("/moderation/queue?order=newest");
        // The circuit is live once the list takes keyboard focus.
        await Expect(moderator.Locator(".queue-keyboard:focus")).ToBeVisibleAsync();
        await moderator.Locator($"#queue-item-{id} .queue-excerpt").ClickAsync();
        await Expect(moderator.Locator(".comment-body")).ToContainTextAsync(corrected);
        await moderator.GetByText("Show earlier versions (1)").ClickAsync();
        var revision = moderator.Locator(".comment-revision");
        await Expect(revision.Locator(".revision-text")).ToHaveTextAsync(original);
        await Expect(revision.Locator(".revision-meta")).ToContainTextAsync("Replaced by Sam Typo");
    }

    [GeneratedRegex(@"#comment-(\d+)$")]
    private static partial Regex CommentAnchor();
}
