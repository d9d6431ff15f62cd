using System.Collections.Concurrent;
using CommentModeration.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CommentModeration.E2E.Infrastructure;

/// <summary>The demo accounts the site is seeded with; all have <see cref="SiteFixture.DemoPassword"/>.</summary>
public static class Accounts
{
    public const string Admin = "admin@example.com";
    public const string Moderator = "moderator@example.com";
    public const string Alice = "alice@example.com";
    public const string Ben = "ben@example.com";
}

/// <summary>
/// One running site (the real app on Kestrel, demo-seeded, its own SQLite file) and one headless
/// Debian Chromium, shared by every test in a collection. Tests get fresh browser contexts
/// (isolated cookies) from <see cref="NewPageAsync"/>; signed-in contexts reuse a storage state
/// made by one real sign-in per account.
/// Test settings: sign-in and posting rate limits are raised and flood control is off, because
/// every test posts from 127.0.0.1; a test of those limits makes its own fixture (override
/// <see cref="Configure"/> and <see cref="ArrangeDatabaseAsync"/>).
/// </summary>
public class SiteFixture : IAsyncLifetime
{
    public const string DemoPassword = "E2e-Demo-Password-2026";
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly ConcurrentDictionary<string, Task<string>> _storageStates = new(StringComparer.OrdinalIgnoreCase);
    private IPlaywright? _playwright;

    public AppProcess App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseUrl => App.BaseUrl;

    /// <summary>The site's SQLite database, for a test that checks what was stored.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Extra configuration for the app, as environment variables (Section__Key).</summary>
    protected virtual void Configure(IDictionary<string, string> settings)
    {
        settings["RateLimits__SignIn__PermitLimit"] = "1000";
        settings["RateLimits__Comments__PermitLimit"] = "1000";
    }

    /// <summary>Runs on the database after the app's own `migrate` and before the app starts (the app then seeds the demo content).</summary>
    protected virtual async Task ArrangeDatabaseAsync(AppDbContext db)
    {
        await db.WriteDiscussionSettingsAsync(await db.ReadDiscussionSettingsAsync() with { FloodIntervalSeconds = 0 });
    }

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string> { ["Demo__Password"] = DemoPassword };
        Configure(settings);
        var databaseFolder = Path.Combine(Path.GetTempPath(), "cm-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(databaseFolder);
        var connectionString = $"Data Source={Path.Combine(databaseFolder, "e2e.db")}";
        settings["ConnectionStrings__Default"] = connectionString;
        ConnectionString = connectionString;
        // The site's mails (decisions, replies) as files beside the database, not in the repository's App_Data.
        settings.TryAdd("Mail__PickupFolder", Path.Combine(databaseFolder, "mail"));

        var browser = LaunchBrowserAsync();
        try
        {
            await AppProcess.RunCommandAsync(settings, databaseFolder, "migrate");
            await ArrangeAsync(connectionString);
            App = await AppProcess.StartAsync(settings, databaseFolder);
        }
        catch
        {
            // The app never owned the folder: clean it up here, then report the failure.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(databaseFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
        Browser = await browser;
    }

    /// <summary>A context on the site's database (the app's own settings: it writes there at the same time).</summary>
    public AppDbContext OpenDatabase() =>
        new((DbContextOptions<AppDbContext>)DataServiceCollectionExtensions.ConfigureSqlite(new DbContextOptionsBuilder<AppDbContext>(), ConnectionString).Options);

    private async Task ArrangeAsync(string connectionString)
    {
        await using var db = OpenDatabase();
        await ArrangeDatabaseAsync(db);
        await db.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private async Task<IBrowser> LaunchBrowserAsync()
    {
        _playwright = await Playwright.CreateAsync();
        return await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless, as every E2E fixture runs it.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: the E2E tests drive Debian's Chromium. Install it with `apt-get install -y chromium` (.ci/run does).");
        }
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context (own cookies), signed in as a demo account when asked. The caller closes it.</summary>
    public async Task<IBrowserContext> NewContextAsync(string? signedInAs = null, bool javaScriptEnabled = true)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            JavaScriptEnabled = javaScriptEnabled,
            Locale = "en-GB",
            TimezoneId = "UTC",
        };
        if (signedInAs is not null) options.StorageState = await _storageStates.GetOrAdd(signedInAs, SignInOnceAsync);
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>Signs in through the real sign-in page and returns the browser's storage state (cookies).</summary>
    private async Task<string> SignInOnceAsync(string email)
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl.ToString() });
        var page = await context.NewPageAsync();
        await SignInAsync(page, email, DemoPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
        return await context.StorageStateAsync();
    }

    /// <summary>Fills and submits the sign-in form; the caller checks where it landed.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}
