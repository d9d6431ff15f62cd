using CommentModeration.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CommentModeration.E2E.Moderation;

/// <summary>
/// The moderation scenario runs on a site of its own: it posts as a guest from 127.0.0.1 and
/// reports from three browsers, which must not count against the shared site's other tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ModerationSiteCollection : ICollectionFixture<ModerationSiteFixture>
{
    public const string Name = "Moderation site";
}

public sealed class ModerationSiteFixture : SiteFixture;

[Collection(ModerationSiteCollection.Name)]
public sealed class ModerationQueueTests(ModerationSiteFixture site) : SiteTest(site)
{
    [Fact]
    public async Task A_held_guest_comment_arrives_live_is_approved_from_the_keyboard_and_guest_reports_leave_it_up_while_readers_in_good_standing_hide_it()
    {
        // Two moderators with the Pending queue open (newest first), each in their own browser.
        var moderator = await OpenQueueAsync(Accounts.Moderator);
        var colleague = await OpenQueueAsync(Accounts.Admin);

        // A guest's first comment is held.
        var text = $"First time commenting: the levy should fund rural buses ({Guid.NewGuid():N}).";
        var guest = await NewPageAsync();
        var id = await GuestComments.PostAsync(guest, DemoArticles.CarbonLevy, text);
        await Expect(guest.Locator($"#comment-{id} em.comment-awaiting-moderation")).ToBeVisibleAsync();

        // It arrives in both open queues without a reload.
        var row = moderator.Locator($"#queue-item-{id}");
        await Expect(row).ToBeVisibleAsync();
        await Expect(colleague.Locator($"#queue-item-{id}")).ToBeVisibleAsync();
        var pendingWithIt = await PendingCountAsync(colleague);

        // The moderator picks it and approves it with the keyboard.
        await row.Locator(".queue-excerpt").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(moderator.Locator(".comment-body")).ToContainTextAsync(text);
        await moderator.Keyboard.PressAsync("a");
        await Expect(row).ToHaveCountAsync(0);

        // The colleague's count drops and the item leaves their list, without reloading.
        await Expect(colleague.Locator(".queue-count[data-queue=Pending]")).ToHaveTextAsync((pendingWithIt - 1).ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(colleague.Locator($"#queue-item-{id}")).ToHaveCountAsync(0);

        // The guest's page now shows it published; so does everyone else's.
        await guest.ReloadAsync();
        await Expect(guest.Locator($"#comment-{id} .comment-content")).ToContainTextAsync(text);
        await Expect(guest.Locator($"#comment-{id} em.comment-awaiting-moderation")).ToHaveCountAsync(0);
        var reader = await NewPageAsync();
        await reader.GotoAsync(DemoArticles.CarbonLevy);
        await Expect(reader.Locator($"#comment-{id} .comment-content")).ToContainTextAsync(text);

        // A guest's report puts it in the Reported queue, but guests alone never hide what a moderator approved.
        await ReportAsync(await NewPageAsync(), id);
        await Expect(moderator.Locator(".queue-count[data-queue=Reported]")).Not.ToHaveTextAsync("0");
        var stillUp = await NewPageAsync();
        await stillUp.GotoAsync(DemoArticles.CarbonLevy);
        await Expect(stillUp.Locator($"#comment-{id} .comment-content")).ToContainTextAsync(text);

        // Two signed-in readers in good standing report it too: it is hidden until reviewed.
        await ReportAsync(await NewPageAsync(signedInAs: Accounts.Alice), id);
        await ReportAsync(await NewPageAsync(signedInAs: Accounts.Ben), id);
        var later = await NewPageAsync();
        await later.GotoAsync(DemoArticles.CarbonLevy);
        await Expect(later.Locator("ol.comment-list")).ToBeVisibleAsync();
        await Expect(later.Locator($"#comment-{id}")).ToHaveCountAsync(0);
        await Expect(moderator.Locator(".queue-count[data-queue=Reported]")).Not.ToHaveTextAsync("0");
    }

    private static async Task ReportAsync(IPage reporter, long id)
    {
        await reporter.GotoAsync(DemoArticles.CarbonLevy);
        await reporter.Locator($"#comment-{id} a.comment-report-link").First.ClickAsync();
        await reporter.GetByLabel("Abuse or harassment").CheckAsync();
        await reporter.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        await Expect(reporter.Locator(".report-thanks")).ToHaveTextAsync("Thank you. Moderators will review this comment.");
    }

    /// <summary>Opens the Pending queue, newest first, and waits until the circuit is live (the list takes keyboard focus).</summary>
    private async Task<IPage> OpenQueueAsync(string account)
    {
        var page = await NewPageAsync(signedInAs: account);
        await page.GotoAsync("/moderation/queue?order=newest");
        await Expect(page.Locator(".queue-keyboard:focus")).ToBeVisibleAsync();
        return page;
    }

    private static async Task<long> PendingCountAsync(IPage page) =>
        long.Parse(new string((await page.Locator(".queue-count[data-queue=Pending]").InnerTextAsync()).Where(char.IsAsciiDigit).ToArray()));
}
