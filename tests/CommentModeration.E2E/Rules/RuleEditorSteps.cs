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
    public static async Task ChooseRootConditionOnceInteractiveAsync(IPage page, string kind)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            var menu = page.Locator(".root-condition-kind button");
            if (await menu.CountAsync() > 0)
            {
                await menu.ClickAsync(new() { Timeout = 5_000 });
                try
                {
                    await page.Locator($".mud-popover-open [data-kind={kind}]").ClickAsync(new() { Timeout = 2_000 });
                }
                catch (TimeoutException) when (DateTime.UtcNow < deadline)
                {
                    continue; // The menu did not open: not interactive yet.
                }
            }
            try
            {
                await Expect(page.Locator(".words-terms textarea")).ToBeVisibleAsync(new() { Timeout = 2_000 });
                return;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
                // Not interactive yet: choose again.
            }
        }
    }

    /// <summary>MudTextField takes a value on change, which fires when the field loses focus.</summary>
    public static async Task FillAndLeaveAsync(ILocator field, string value)
    {
        await field.FillAsync(value);
        await field.BlurAsync();
        await Expect(field).ToHaveValueAsync(value);
    }
}
