using System.Text.RegularExpressions;
using CommentModeration.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CommentModeration.E2E.Moderation;

/// <summary>Its own site: the demo moderator loses the role here, which the shared site's tests need.</summary>
public sealed class RoleRevocationSiteFixture : SiteFixture;

public sealed class RoleRevocationTests(RoleRevocationSiteFixture site) : SiteTest(site), IClassFixture<RoleRevocationSiteFixture>
{
    /// <summary>The bound for a revoked moderator's open page; the app checks every ten seconds.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions WithinHalfAMinute = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_moderator_revoked_while_the_queue_is_open_cannot_approve_and_loses_the_queue_within_half_a_minute()
    {
        // The moderator has the Pending queue open, a held comment picked.
        var moderator = await NewPageAsync(signedInAs: Accounts.Moderator);
        await moderator.GotoAsync("/moderation/queue");
        await Expect(moderator.Locator(".queue-keyboard:focus")).ToBeVisibleAsync();
        var row = moderator.Locator("li.queue-item").First;
        var rowId = await row.GetAttributeAsync("id");
        await row.Locator(".queue-excerpt").ClickAsync();
        await Expect(moderator.Locator($"#{rowId}")).ToHaveAttributeAsync("aria-selected", "true");

        // An admin takes the Moderator role away on the users page.
        var admin = await NewPageAsync(signedInAs: Accounts.Admin);
        await admin.GotoAsync("/admin/users");
        await SearchOnceInteractiveAsync(admin, Accounts.Moderator);
        await admin.Locator($"[data-user='{Accounts.Moderator}'][data-role=Moderator]").Locator("xpath=descendant-or-self::input").ClickAsync();
        await Expect(admin.GetByText($"{Accounts.Moderator}: Moderator revoked.")).ToBeVisibleAsync();

        // The open page still shows the queue until its sign-in is checked again; approving from it changes nothing,
        // and within half a minute it is sent to sign in.
        await moderator.Keyboard.PressAsync("a");
        await Expect(moderator.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true })).ToBeVisibleAsync(WithinHalfAMinute);
        await Expect(moderator).ToHaveURLAsync(new Regex("/Account/Login"));

        // The comment is still held, and the moderator's cookie no longer opens the queue.
        var colleague = await NewPageAsync(signedInAs: Accounts.Admin);
        await colleague.GotoAsync("/moderation/queue");
        await Expect(colleague.Locator($"#{rowId}")).ToBeVisibleAsync();
        await moderator.GotoAsync("/moderation/queue");
        await Expect(moderator).ToHaveURLAsync(new Regex("/Account/(Login|AccessDenied)"));
        await Expect(moderator.Locator(".queue-keyboard")).ToHaveCountAsync(0);
    }

    /// <summary>Types into the users page's search until the table filters, which it does only once the page's circuit is up.</summary>
    private static Task SearchOnceInteractiveAsync(IPage page, string email) =>
        Interactive.UntilAnsweredAsync(() => page.GetByLabel("Search email or name").FillAsync(email),
            () => Expect(page.Locator("#user-table tbody tr")).ToHaveCountAsync(1, new() { Timeout = 3_000 }));
}
