using CommentModeration.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommentModeration.E2E.Rules;

/// <summary>What an admin does on the rule editor, as the E2E tests do it.</summary>
public static class RuleEditorSteps
{
    /// <summary>
    /// The editor is prerendered before its circuit connects, and a prerendered menu does not
    /// open: pick the first condition until the builder answers with the terms field.
    /// </summary>
    public static Task ChooseRootConditionOnceInteractiveAsync(IPage page, string kind) =>
        Interactive.UntilAnsweredAsync(async () =>
            {
                var menu = page.Locator(".root-condition-kind button");
                if (await menu.CountAsync() == 0) return;
                await menu.ClickAsync(new() { Timeout = 5_000 });
                await page.Locator($".mud-popover-open [data-kind={kind}]").ClickAsync(new() { Timeout = 2_000 });
            },
            () => Expect(page.Locator(".words-terms textarea")).ToBeVisibleAsync(new() { Timeout = 2_000 }));

    /// <summary>MudTextField takes a value on change, which fires when the field loses focus.</summary>
    public static async Task FillAndLeaveAsync(ILocator field, string value)
    {
        await field.FillAsync(value);
        await field.BlurAsync();
        await Expect(field).ToHaveValueAsync(value);
    }
}
