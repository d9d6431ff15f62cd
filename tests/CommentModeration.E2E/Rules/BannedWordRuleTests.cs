using System.Text.RegularExpressions;
using CommentModeration.Data;
using CommentModeration.E2E.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CommentModeration.E2E.Rules;

/// <summary>
/// The banned-word scenario runs on a site of its own: it changes the rule set, which would
/// change what every other test's comments get.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RulesSiteCollection : ICollectionFixture<RulesSiteFixture>
{
    public const string Name = "Rules site";
}

/// <summary>
/// "Previously approved" is off here, so a first-time guest is published unless a rule holds the
/// comment: a held comment proves the banned-word rule held it.
/// </summary>
public sealed class RulesSiteFixture : SiteFixture
{
    protected override async Task ArrangeDatabaseAsync(AppDbContext db)
    {
        await base.ArrangeDatabaseAsync(db);
        await db.WriteDiscussionSettingsAsync(await db.ReadDiscussionSettingsAsync() with { RequirePreviouslyApproved = false });
    }
}

[Collection(RulesSiteCollection.Name)]
public sealed partial class BannedWordRuleTests : SiteTest
{
    private const string RuleName = "Banned words (E2E)";

    public BannedWordRuleTests(RulesSiteFixture site) : base(site)
    {
    }

    [Fact]
    public async Task Obfuscated_banned_word_is_held_and_highlighted_until_the_admin_disables_the_rule()
    {
        // The admin adds a rule holding comments with the word "idiot" and saves the rule set.
        var admin = await NewPageAsync(signedInAs: Accounts.Admin);
        await admin.GotoAsync("/admin/rules/new");
        await RuleEditorSteps.ChooseRootConditionOnceInteractiveAsync(admin, "words");
        await RuleEditorSteps.FillAndLeaveAsync(admin.Locator(".rule-name input"), RuleName);
        await RuleEditorSteps.FillAndLeaveAsync(admin.Locator(".rule-reason input"), "Contains a banned word");
        await RuleEditorSteps.FillAndLeaveAsync(admin.Locator(".words-terms textarea"), "idiot");
        await Expect(admin.Locator(".rule-action input")).ToHaveValueAsync("Hold: wait for a moderator");
        await Expect(admin.Locator("#rule-json")).ToContainTextAsync("idiot");
        await Expect(admin.Locator("#rule-json")).ToContainTextAsync(RuleName);
        await admin.Locator("#apply-rule").ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin/rules$"));
        var ruleRow = admin.Locator("#rule-table tr", new() { HasText = RuleName });
        await Expect(ruleRow).ToBeVisibleAsync();
        await SaveRulesAsync(admin);

        // A guest writes it with digits for letters: the comment is held.
        var guest = await NewPageAsync();
        var guestEmail = $"sam.{Guid.NewGuid():N}@example.net";
        var heldText = $"Only a 1d10t would vote for this levy ({Guid.NewGuid():N}).";
        var heldId = await PostAsGuestAsync(guest, heldText, guestEmail);
        await Expect(guest.Locator($"#comment-{heldId} em.comment-awaiting-moderation")).ToBeVisibleAsync();

        // In the moderation queue the item names the rule and highlights the word as written.
        var queue = await NewPageAsync(signedInAs: Accounts.Admin);
        await queue.GotoAsync("/moderation/queue?order=newest");
        await Expect(queue.Locator(".queue-keyboard:focus")).ToBeVisibleAsync();
        var item = queue.Locator($"#queue-item-{heldId}");
        await Expect(item).ToBeVisibleAsync();
        await item.Locator(".queue-excerpt").ClickAsync();
        await Expect(item).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(queue.Locator(".comment-body")).ToContainTextAsync(heldText);
        await Expect(queue.Locator(".comment-body mark")).ToHaveTextAsync(["1d10t"]);
        var hit = queue.Locator(".verdict-hit", new() { HasText = RuleName });
        await Expect(hit).ToContainTextAsync("(rule, hold)");
        await Expect(hit).ToContainTextAsync("\u201c1d10t\u201d");
        await Expect(queue.Locator(".verdict-hit")).ToHaveCountAsync(1);

        // The admin switches the rule off on the rules list and saves.
        var enabled = ruleRow.Locator(".rule-enabled input");
        await Expect(enabled).ToBeCheckedAsync();
        await enabled.ClickAsync();
        await Expect(enabled).Not.ToBeCheckedAsync();
        await SaveRulesAsync(admin);

        // The same guest writes the word again, now with Cyrillic look-alikes: it is published.
        var publishedText = $"Still an \u0456d\u0456\u043Et of a policy ({Guid.NewGuid():N}).";
        var publishedId = await PostAsGuestAsync(guest, publishedText, guestEmail);
        await Expect(guest.Locator($"#comment-{publishedId} .comment-content")).ToContainTextAsync(publishedText);
        await Expect(guest.Locator($"#comment-{publishedId} em.comment-awaiting-moderation")).ToHaveCountAsync(0);
        var reader = await NewPageAsync();
        await reader.GotoAsync(DemoArticles.CarbonLevy);
        await Expect(reader.Locator($"#comment-{publishedId} .comment-content")).ToContainTextAsync(publishedText);
        await Expect(reader.Locator($"#comment-{heldId}")).ToHaveCountAsync(0);
    }

    private static async Task SaveRulesAsync(IPage admin)
    {
        await admin.Locator("#save-rules").ClickAsync();
        await Expect(admin.Locator("#save-rules")).ToHaveCountAsync(0);
        await Expect(admin.GetByText("In force: revision")).ToBeVisibleAsync();
    }

    private static async Task<long> PostAsGuestAsync(IPage guest, string text, string email)
    {
        await guest.GotoAsync(DemoArticles.CarbonLevy);
        var form = guest.Locator("#commentform");
        await form.GetByLabel("Comment").FillAsync(text);
        await form.GetByLabel("Name").FillAsync("Sam Guest");
        await form.GetByLabel("Email").FillAsync(email);
        await form.Locator("#submit").ClickAsync();
        await Expect(guest).ToHaveURLAsync(CommentAnchor());
        return long.Parse(CommentAnchor().Match(guest.Url).Groups[1].Value);
    }

    [GeneratedRegex(@"#comment-(\d+)$")]
    private static partial Regex CommentAnchor();
}
