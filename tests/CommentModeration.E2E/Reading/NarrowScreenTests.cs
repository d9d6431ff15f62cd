using System.Text.Json;
using CommentModeration.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CommentModeration.E2E.Reading;

/// <summary>At a phone's width (390 px): no comment widens the page, and the staff menu fits.</summary>
[Collection(SiteCollection.Name)]
public sealed class NarrowScreenTests(SiteFixture site) : SiteTest(site)
{
    private const int PhoneWidth = 390;

    /// <summary>A link's left and right edges, the lines its text takes and whether any of it overflows its box.</summary>
    private const string Measure = """
        a => {
            const r = a.getBoundingClientRect();
            const lines = new Set();
            const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                if (!walker.currentNode.textContent.trim()) continue;
                const text = document.createRange();
                text.selectNodeContents(walker.currentNode);
                for (const line of text.getClientRects()) lines.add(Math.round(line.top));
            }
            const clipped = [a, ...a.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1);
            return { left: r.left, right: r.right, lines: lines.size, clipped };
        }
        """;

    [Fact]
    public async Task A_thirty_thousand_character_word_and_a_long_name_wrap_instead_of_widening_the_page()
    {
        var guest = await NewPageAsync();
        await guest.SetViewportSizeAsync(PhoneWidth, 844);
        var word = string.Concat(Enumerable.Repeat("Unbroken", 30_000 / 8));
        var name = string.Concat(Enumerable.Repeat("Longname", 30));

        // Held, so shown to this guest only, as their own comment awaiting moderation.
        var id = await GuestComments.PostAsync(guest, DemoArticles.Floods, word, name);

        await Expect(guest.Locator($"#comment-{id} .comment-content")).ToContainTextAsync(word[..100]);
        Assert.True(await guest.EvaluateAsync<int>("document.documentElement.scrollWidth") <= PhoneWidth);
    }

    [Fact]
    public async Task The_staff_menu_shows_dashboard_whole_and_audit_log_on_one_line()
    {
        var moderator = await NewPageAsync(signedInAs: Accounts.Moderator);
        await moderator.SetViewportSizeAsync(PhoneWidth, 844);
        await moderator.GotoAsync("/moderation");
        var bar = moderator.Locator("header.mud-appbar");

        foreach (var label in new[] { "Dashboard", "Audit log" })
        {
            var link = bar.GetByRole(AriaRole.Link, new() { Name = label });
            // Wholly on the screen, and drawn (the circuit draws the bar again as it starts).
            await Expect(link).ToBeInViewportAsync(new() { Ratio = 1 });
            var box = await link.EvaluateAsync<JsonElement>(Measure);
            for (var tries = 0; box.GetProperty("right").GetDouble() == 0 && tries < 50; tries++)
            {
                await moderator.WaitForTimeoutAsync(100);
                box = await link.EvaluateAsync<JsonElement>(Measure);
            }
            Assert.True(box.GetProperty("left").GetDouble() >= 0 && box.GetProperty("right").GetDouble() <= PhoneWidth, $"{label} lies outside the screen: {box}");
            Assert.False(box.GetProperty("clipped").GetBoolean(), $"{label} is clipped: {box}");
            Assert.True(box.GetProperty("lines").GetInt32() == 1, $"{label} is not on one line: {box}");
        }
    }
}
