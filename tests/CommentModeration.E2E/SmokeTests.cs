using CommentModeration.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CommentModeration.E2E;

[Collection(SiteCollection.Name)]
public sealed class SmokeTests(SiteFixture site) : SiteTest(site)
{
    [Fact]
    public async Task Home_page_links_the_seeded_news_story_which_opens_under_its_headline_without_script()
    {
        var page = await NewPageAsync();

        var response = await page.GotoAsync("/");

        Assert.Equal(200, response!.Status);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "The Daily Ledger" })).ToBeVisibleAsync();
        var story = page.GetByRole(AriaRole.Link, new() { Name = "Israel’s Conflict with Hamas: A Diplomatic Standoff and the Search for Lasting Peace Solutions" });
        await Expect(story).ToHaveAttributeAsync("href", DemoArticles.NewsStory);
        await story.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Israel’s Conflict with Hamas: A Diplomatic Standoff and the Search for Lasting Peace Solutions");
        // No script but the more-replies loader, from its own file (the page works without it).
        Assert.Equal(0, await page.Locator("script:not([src='/js/replies.js'])").CountAsync());
    }

    [Fact]
    public async Task Admin_signs_in_with_the_demo_password_and_sees_the_staff_links()
    {
        var page = await NewPageAsync(signedInAs: Accounts.Admin);

        await page.GotoAsync("/");

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Account" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Moderation", Exact = true })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_reader_account_signs_in_without_staff_links()
    {
        var page = await NewPageAsync(signedInAs: Accounts.Alice);

        await page.GotoAsync("/");

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Account" });
        await Expect(nav.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Moderation", Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_and_the_reader_stays_signed_out()
    {
        var page = await NewPageAsync();

        await SiteFixture.SignInAsync(page, Accounts.Moderator, "not-the-password");

        await Expect(page.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToHaveCountAsync(0);
    }
}

/// <summary>Its own site: holding an account's sign-ins off must not disturb the shared one.</summary>
public sealed class LockoutSiteFixture : SiteFixture
{
    protected override void Configure(IDictionary<string, string> settings)
    {
        // The app's own sign-in limits: five failures must hold the account off before the per-address limit answers.
    }
}

public sealed class SignInLockoutTests(LockoutSiteFixture site) : SiteTest(site), IClassFixture<LockoutSiteFixture>
{
    [Fact]
    public async Task Five_failed_sign_ins_hold_a_stranger_off_even_with_the_right_password_but_not_the_browser_Ben_signed_in_with()
    {
        var bens = await NewPageAsync(signedInAs: Accounts.Ben);
        await bens.GotoAsync("/");
        await bens.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(bens.GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
        var stranger = await NewPageAsync();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await SiteFixture.SignInAsync(stranger, Accounts.Ben, $"wrong-{attempt}");
            await Expect(stranger.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        }
        await SiteFixture.SignInAsync(stranger, Accounts.Ben, SiteFixture.DemoPassword);

        await Expect(stranger.GetByText("Too many failed sign-ins for this account")).ToBeVisibleAsync();
        await Expect(stranger.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToHaveCountAsync(0);

        await SiteFixture.SignInAsync(bens, Accounts.Ben, SiteFixture.DemoPassword);

        await Expect(bens.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
    }
}
