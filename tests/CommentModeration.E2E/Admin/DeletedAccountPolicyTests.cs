using CommentModeration.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CommentModeration.E2E.Admin;

/// <summary>The admin decides what becomes of a deleted account's comments; a reader is told before deleting (issue 12, item 6).</summary>
[Collection(SiteCollection.Name)]
public sealed class DeletedAccountPolicyTests(SiteFixture site) : SiteTest(site)
{
    private const string Remove = "are removed";
    private const string Keep = "stay, shown as by";

    [Fact]
    public async Task Admin_chooses_that_deleted_accounts_comments_are_removed_and_readers_are_told_so()
    {
        var admin = await NewPageAsync(signedInAs: Accounts.Admin);
        var reader = await NewPageAsync(signedInAs: Accounts.Alice);
        await reader.GotoAsync("/Account/Manage/DeletePersonalData");
        await Expect(reader.Locator("#deleted-account-comments")).ToContainTextAsync("will stay on the site as by");

        await admin.GotoAsync("/admin/settings");
        await ChooseOnceInteractiveAsync(admin, Remove);
        await SaveAsync(admin);

        await reader.ReloadAsync();
        await Expect(reader.Locator("#deleted-account-comments")).ToContainTextAsync("will be removed");

        // The admin changes their mind: the default again, for the other tests on this site.
        await ChooseOnceInteractiveAsync(admin, Keep);
        await SaveAsync(admin);
        await admin.ReloadAsync();
        await Expect(Radio(admin, Keep)).ToBeCheckedAsync();
        await reader.ReloadAsync();
        await Expect(reader.Locator("#deleted-account-comments")).ToContainTextAsync("will stay on the site as by");
    }

    private static ILocator Radio(IPage page, string label) => page.GetByRole(AriaRole.Radio, new() { Name = label });

    /// <summary>
    /// The page is prerendered before its circuit connects, and a click then changes nothing the
    /// server knows: choose until the radio is drawn checked, which only the circuit does.
    /// </summary>
    private static Task ChooseOnceInteractiveAsync(IPage page, string label) =>
        Interactive.UntilAnsweredAsync(() => Radio(page, label).ClickAsync(),
            () => Expect(page.Locator("label.mud-radio", new() { HasText = label }).Locator(".mud-checked")).ToHaveCountAsync(1, new() { Timeout = 2_000 }));

    private static async Task SaveAsync(IPage page)
    {
        var saved = page.Locator(".mud-snackbar", new() { HasText = "Settings saved" });
        await page.Locator("#save-settings").ClickAsync();
        await Expect(saved).ToBeVisibleAsync();
        // Closed, so that the next save's message is its own.
        await saved.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(saved).ToHaveCountAsync(0);
    }
}
