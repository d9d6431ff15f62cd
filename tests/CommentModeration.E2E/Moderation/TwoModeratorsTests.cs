using CommentModeration.E2E.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CommentModeration.E2E.Moderation;

/// <summary>Two moderators empty one queue on a site of their own (the shared site's held comments stay for the other tests).</summary>
[CollectionDefinition(Name)]
public sealed class ClaimsSiteCollection : ICollectionFixture<ClaimsSiteFixture>
{
    public const string Name = "Claims site";
}

public sealed class ClaimsSiteFixture : SiteFixture;

/// <summary>
/// Claimed work measured: a moderator and an admin work the Pending queue at once, each in their own
/// browser, each taking the comment their page lands on with a decision key (j to move on from a
/// notice), until it is empty. How many comments both of them opened is printed and must stay small.
/// </summary>
[Collection(ClaimsSiteCollection.Name)]
public sealed class TwoModeratorsTests(ClaimsSiteFixture site, ITestOutputHelper output) : SiteTest(site)
{
    private const int HeldComments = 50;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>What the page shows: a notice that someone else decided, an empty queue, or the current row's id.</summary>
    private const string StateScript = """
        () => {
            if (document.querySelector('.decided-elsewhere')) return 'notice';
            if (document.querySelector('.queue-empty')) return 'empty';
            const row = document.querySelector('li.queue-item[aria-selected=true]');
            return row ? row.id : '';
        }
        """;

    private sealed record Worked(string Who, HashSet<string> Opened, HashSet<string> Decided, int Notices);

    [Fact]
    public async Task Two_moderators_working_one_queue_of_fifty_held_comments_rarely_meet_on_one()
    {
        var guest = await NewPageAsync(javaScriptEnabled: false);
        for (var i = 0; i < HeldComments; i++)
        {
            await GuestComments.PostAsync(guest, DemoArticles.AsylumBill, $"Held comment number {i} on the family rules ({Guid.NewGuid():N}).", name: $"Reader {i}");
        }

        var maria = await NewPageAsync(signedInAs: Accounts.Moderator);
        var ben = await NewPageAsync(signedInAs: Accounts.Admin);
        await Task.WhenAll(maria.GotoAsync("/moderation/queue"), ben.GotoAsync("/moderation/queue"));
        await Task.WhenAll(Expect(maria.Locator(".queue-keyboard:focus")).ToBeVisibleAsync(), Expect(ben.Locator(".queue-keyboard:focus")).ToBeVisibleAsync());

        var worked = await Task.WhenAll(WorkAsync(maria, "moderator", "a"), WorkAsync(ben, "admin", "s"));

        var openedByBoth = worked[0].Opened.Intersect(worked[1].Opened).Count();
        // Decided by both as the audit log has it: a key pressed on a comment the other had just decided is refused, and the page moves on all the same.
        await using var db = site.OpenDatabase();
        var decidedByBoth = (await db.ModerationEvents.AsNoTracking()
                .Where(e => !e.Automatic && e.ActorUserId != null && e.ToStatus != null
                    && db.Comments.Any(c => c.Id == e.CommentId && c.BodyText.StartsWith("Held comment number ")))
                .Select(e => new { e.CommentId, e.ActorUserId })
                .Distinct()
                .ToListAsync())
            .GroupBy(e => e.CommentId)
            .Count(g => g.Count() > 1);
        var total = worked[0].Opened.Union(worked[1].Opened).Count();
        output.WriteLine($"Two moderators, one queue of {total} held comments ({HeldComments} posted for the test): " +
            $"{worked[0].Who} opened {worked[0].Opened.Count} and decided {worked[0].Decided.Count}, {worked[1].Who} opened {worked[1].Opened.Count} and decided {worked[1].Decided.Count}; " +
            $"opened by both: {openedByBoth}, decided by both (audit log): {decidedByBoth}; notices of the other's decision: {worked[0].Notices + worked[1].Notices}.");
        Assert.True(total >= HeldComments, $"only {total} comments were worked");
        Assert.Equal(0, decidedByBoth);
        // Rarely: one comment in ten at most. Without claims both land on the queue's first comment and meet on most of them;
        // with them a meeting is a row shown for a moment while the other's claim arrives (0 to 3 of 50 in our runs).
        Assert.True(openedByBoth <= HeldComments / 10, $"{openedByBoth} of {total} comments were opened by both moderators");
    }

    /// <summary>Decides whatever the page lands on until the queue is empty; j moves on from a notice.</summary>
    private async Task<Worked> WorkAsync(IPage page, string who, string key)
    {
        var opened = new HashSet<string>();
        var decided = new HashSet<string>();
        var notices = 0;
        var started = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - started < TimeSpan.FromMinutes(10))
        {
            var state = await SettledStateAsync(page, previous: null);
            if (state == "empty") break;
            if (state == "notice")
            {
                notices++;
                await page.Locator(".queue-keyboard").PressAsync("j");
                await SettledStateAsync(page, previous: "notice");
                continue;
            }
            opened.Add(state);
            // On the queue, not the row: a live refresh may take the row away between reading it and the key.
            await page.Locator(".queue-keyboard").PressAsync(key);
            var next = await SettledStateAsync(page, previous: state);
            if (next != state) decided.Add(state);
        }
        return new Worked(who, opened, decided, notices);
    }

    /// <summary>Waits until the page shows something (and, given <paramref name="previous"/>, something else than that).</summary>
    private static async Task<string> SettledStateAsync(IPage page, string? previous)
    {
        var until = DateTimeOffset.UtcNow + Patience;
        string state;
        do
        {
            state = await page.EvaluateAsync<string>(StateScript);
            if (state.Length > 0 && state != previous) return state;
            await Task.Delay(50);
        }
        while (DateTimeOffset.UtcNow < until);
        return state;
    }
}
