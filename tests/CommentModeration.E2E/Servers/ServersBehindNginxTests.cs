using System.Diagnostics;
using System.Net;
using CommentModeration.Data;
using CommentModeration.E2E.Infrastructure;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Npgsql;
using Xunit.Abstractions;

namespace CommentModeration.E2E.Servers;

/// <summary>
/// Two servers of one site (the built app, twice, as child processes) on one PostgreSQL database,
/// behind Debian's nginx running docs/nginx/commentmoderation.conf, in Chromium. Staff reach the
/// site through nginx, which keeps each client's circuit on one server; nginx spreads reader pages
/// over both, so the guest and the reader who must be on the server the moderator is not on open
/// that server directly, as nginx would have routed them.
/// </summary>
public sealed class ServersBehindNginxTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];
    private TestDatabase? _database;
    private AppProcess? _one;
    private AppProcess? _two;
    private NginxProcess? _nginx;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    static ServersBehindNginxTests() => Assertions.SetDefaultExpectTimeout(15_000);

    public async Task InitializeAsync()
    {
        _database = TestDatabase.Create();
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Default"] = _database.ConnectionString,
            ["Demo__Password"] = SiteFixture.DemoPassword,
            ["RateLimits__SignIn__PermitLimit"] = "1000",
            ["RateLimits__Comments__PermitLimit"] = "1000",
            // nginx on this machine: the reader's address and scheme come from its headers.
            ["ForwardedHeaders__KnownProxies"] = "127.0.0.1",
        };
        var browser = Task.Run(async () =>
        {
            _playwright = await Playwright.CreateAsync();
            return await SiteFixture.LaunchChromiumAsync(_playwright);
        });
        var folder = Path.Combine(Path.GetTempPath(), "cm-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await AppProcess.RunCommandAsync(settings, folder, "migrate");
        Directory.Delete(folder, recursive: true);
        var options = PostgresSetup.Configure(new DbContextOptionsBuilder<AppDbContext>(), _database.ConnectionString).Options;
        await using (var db = new AppDbContext((DbContextOptions<AppDbContext>)options))
        {
            // Every post comes from 127.0.0.1.
            await db.WriteDiscussionSettingsAsync(await db.ReadDiscussionSettingsAsync() with { FloodIntervalSeconds = 0 });
        }

        // Started together on one database: one of them seeds the demo site, the other waits for it.
        var one = AppProcess.StartAsync(settings);
        var two = AppProcess.StartAsync(settings);
        _one = await one;
        _two = await two;
        _nginx = await NginxProcess.StartAsync([_one.BaseUrl, _two.BaseUrl]);
        _browser = await browser;
    }

    [Fact]
    public async Task A_guest_post_on_one_server_is_seen_live_and_approved_by_a_moderator_on_the_other_and_published_there_and_when_that_server_dies_readers_and_the_moderator_carry_on()
    {
        // The moderator opens the queue through nginx, which puts the circuit on one of the two servers.
        var moderator = await NewPageAsync(_nginx!.BaseUrl, signedInAs: Accounts.Moderator);
        await moderator.GotoAsync("/moderation/queue?order=newest");
        await Expect(moderator.Locator(".queue-keyboard:focus")).ToBeVisibleAsync();
        var staffServer = await _nginx.ServedByAsync("/moderation/queue");
        Assert.Equal(staffServer, await _nginx.ServedByAsync("/_blazor/negotiate"));
        var (withModerator, other) = Address(_one!) == staffServer ? (_one!, _two!) : (_two!, _one!);
        Assert.Equal(staffServer, Address(withModerator));

        // A reader on the other server has the article's page cached without the comment.
        var reader = await NewPageAsync(other.BaseUrl);
        await reader.GotoAsync(DemoArticles.CarbonLevy);
        await Expect(reader.Locator("ol.comment-list")).ToBeVisibleAsync();

        // A guest posts through the other server; the comment is held.
        var text = $"Posted on one server, moderated on the other ({Guid.NewGuid():N}).";
        var guest = await NewPageAsync(other.BaseUrl);
        var id = await GuestComments.PostAsync(guest, DemoArticles.CarbonLevy, text);
        await Expect(guest.Locator($"#comment-{id} em.comment-awaiting-moderation")).ToBeVisibleAsync();
        var posted = Stopwatch.StartNew();

        // It arrives in the moderator's open queue, on the moderator's server, without a reload.
        var row = moderator.Locator($"#queue-item-{id}");
        await Expect(row).ToBeVisibleAsync();
        output.WriteLine($"Post on one server to the other's open queue: {posted.ElapsedMilliseconds} ms");

        // Approved there, it is published on the other server's cached page.
        await row.Locator(".queue-excerpt").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("aria-selected", "true");
        // A key acts only on a comment the page shows: its detail arrives after the row is selected.
        await Expect(moderator.Locator(".comment-body")).ToContainTextAsync(text);
        await moderator.Keyboard.PressAsync("a");
        await Expect(row).ToHaveCountAsync(0);
        var approved = Stopwatch.StartNew();
        await UntilAsync(async () =>
        {
            await reader.ReloadAsync();
            return await reader.Locator($"#comment-{id} .comment-content").CountAsync() == 1;
        });
        output.WriteLine($"Approval on one server to the page on the other: {approved.ElapsedMilliseconds} ms");
        await Expect(reader.Locator($"#comment-{id} .comment-content")).ToContainTextAsync(text);

        // The moderator's server dies.
        await withModerator.DisposeAsync();

        // nginx sends readers to the one left: every page is served.
        using var readers = new HttpClient { BaseAddress = _nginx.BaseUrl };
        for (var i = 0; i < 6; i++)
        {
            var page = await readers.GetAsync(DemoArticles.CarbonLevy);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains(text, await page.Content.ReadAsStringAsync());
        }
        Assert.Equal(Address(other), await _nginx.ServedByAsync(DemoArticles.CarbonLevy));

        // The moderator's page finds its circuit gone, reloads through nginx onto the other server, and is live there.
        await UntilAsync(async () => await _nginx.ServedByAsync("/_blazor/negotiate") == Address(other));
        await Expect(moderator.Locator(".queue-keyboard:focus")).ToBeVisibleAsync();
        var later = $"Posted after a server died ({Guid.NewGuid():N}).";
        var laterId = await GuestComments.PostAsync(await NewPageAsync(_nginx.BaseUrl), DemoArticles.CarbonLevy, later);
        await Expect(moderator.Locator($"#queue-item-{laterId}")).ToBeVisibleAsync();
    }

    private static string Address(AppProcess server) => $"{server.BaseUrl.Host}:{server.BaseUrl.Port}";

    /// <summary>A page in a fresh browser context on <paramref name="baseUrl"/>, signed in through the real form when asked.</summary>
    private async Task<IPage> NewPageAsync(Uri baseUrl, string? signedInAs = null)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString(), Locale = "en-GB", TimezoneId = "UTC" });
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        if (signedInAs is not null)
        {
            await SiteFixture.SignInAsync(page, signedInAs, SiteFixture.DemoPassword);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
        }
        return page;
    }

    /// <summary>Waits until the condition holds, failing after the same patience as every expectation.</summary>
    private static async Task UntilAsync(Func<Task<bool>> reached)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await reached())
        {
            Assert.True(DateTime.UtcNow < deadline, "The other server did not follow.");
            await Task.Delay(50);
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_nginx is not null) await _nginx.DisposeAsync();
        if (_one is not null) await _one.DisposeAsync();
        if (_two is not null) await _two.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        _database?.Drop();
    }
}
