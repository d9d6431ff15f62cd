using CommentModeration.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CommentModeration.E2E.Rules;

/// <summary>
/// Unsaved rule changes are kept on the server for the admin who made them: a reload, or another
/// browser (a new circuit), finds them until they are saved or discarded. On the rules site, and
/// discarded at the end, so the banned-word scenario saves only its own change.
/// </summary>
[Collection(RulesSiteCollection.Name)]
public sealed class RuleDraftReloadTests(RulesSiteFixture site) : SiteTest(site)
{
    [Fact]
    public async Task An_unsaved_new_rule_survives_a_reload_and_a_new_browser_until_discarded()
    {
        const string ruleName = "Kept draft (E2E)";
        var admin = await NewPageAsync(signedInAs: Accounts.Admin);
        await admin.GotoAsync("/admin/rules/new");
        await RuleEditorSteps.ChooseRootConditionOnceInteractiveAsync(admin, "words");
        await RuleEditorSteps.FillAndLeaveAsync(admin.Locator(".rule-name input"), ruleName);
        await RuleEditorSteps.FillAndLeaveAsync(admin.Locator(".words-terms textarea"), "draftword");
        await Expect(admin.Locator("#rule-json")).ToContainTextAsync(ruleName);
        await admin.Locator("#apply-rule").ClickAsync();
        var row = admin.Locator("#rule-table tr", new() { HasText = ruleName });
        await Expect(row).ToBeVisibleAsync();
        await Expect(admin.Locator("#draft-kept")).ToHaveTextAsync("Kept for you: they survive a reload.");

        await admin.ReloadAsync();
        await Expect(admin.Locator("#draft-bar")).ToBeVisibleAsync();
        await Expect(admin.Locator("#draft-kept")).ToHaveTextAsync("Kept from your last visit.");
        await Expect(row).ToBeVisibleAsync();

        // Another browser of the same admin: a new circuit, the same draft; discarding it there ends it everywhere.
        var elsewhere = await NewPageAsync(signedInAs: Accounts.Admin);
        await elsewhere.GotoAsync("/admin/rules");
        await Expect(elsewhere.Locator("#draft-kept")).ToHaveTextAsync("Kept from your last visit.");
        await Expect(elsewhere.Locator("#rule-table tr", new() { HasText = ruleName })).ToBeVisibleAsync();
        await Interactive.UntilAnsweredAsync(() => elsewhere.Locator("#discard-rules").ClickAsync(new() { Timeout = 5_000 }),
            () => Expect(elsewhere.GetByText("In force: revision")).ToBeVisibleAsync(new() { Timeout = 3_000 }));
        await Expect(elsewhere.Locator("#rule-table tr", new() { HasText = ruleName })).ToHaveCountAsync(0);

        await admin.ReloadAsync();
        await Expect(admin.GetByText("In force: revision")).ToBeVisibleAsync();
        await Expect(admin.Locator("#draft-bar")).ToHaveCountAsync(0);
        await Expect(row).ToHaveCountAsync(0);
    }
}
