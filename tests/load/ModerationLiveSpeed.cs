#:project ../../src/CommentModeration.Web/CommentModeration.Web.csproj
#:package Microsoft.Playwright@1.64.1
#:property ManagePackageVersionsCentrally=false
#:property PublishAot=false

// The moderation queue as a moderator's browser gets it, against the real app (built in Release,
// started as a child process on Kestrel, its own demo-seeded SQLite file) and Debian's Chromium:
//  (a) time from a guest posting a comment through the real form to it appearing in an open
//      Pending queue page (newest first), median over the posts;
//  (b) the server's managed heap per moderator circuit with the queue open: the heap after a
//      forced full GC (dotnet-gcdump, a local tool) with N queue pages open, minus before, over N;
//  (c) the server's heap while one circuit steps through many comments with the j key.
// Run from the repository root (needs `dotnet tool restore` and /usr/bin/chromium):
//   dotnet build src/CommentModeration.Web -c Release && dotnet run -c Release tests/load/ModerationLiveSpeed.cs -- [posts 20] [circuits 20] [steps 2000]
// Prints medians and heap sizes; asserts nothing.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CommentModeration.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

var posts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var circuits = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var steps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
const string Password = "Live-Speed-Password-2026";
const string Article = "/articles/carbon-levy-passes-after-all-night-sitting";

var root = Directory.GetCurrentDirectory();
if (!File.Exists(Path.Combine(root, "CommentModeration.sln"))) throw new InvalidOperationException("Run from the repository root.");
var appDll = Path.Combine(root, "src/CommentModeration.Web/bin/Release/net10.0/CommentModeration.Web.dll");
if (!File.Exists(appDll)) throw new InvalidOperationException($"Build the app first: dotnet build src/CommentModeration.Web -c Release ({appDll} is missing).");
var folder = Path.Combine(Path.GetTempPath(), "cm-live-speed", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
var database = Path.Combine(folder, "live.db");
var settings = new Dictionary<string, string>
{
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    ["ConnectionStrings__Default"] = $"Data Source={database}",
    ["DataProtection__KeysFolder"] = Path.Combine(folder, "keys"),
    ["Demo__Seed"] = "true",
    ["Demo__Password"] = Password,
    ["Logging__LogLevel__Default"] = "Warning",
    ["RateLimits__Comments__PermitLimit"] = "100000",
    ["RateLimits__SignIn__PermitLimit"] = "100000",
    ["DOTNET_NOLOGO"] = "1",
};

Process? app = null;
try
{
    // Demo site, flood control off (every post comes from 127.0.0.1), and enough pending comments to step through.
    await RunAsync("dotnet", [appDll, "migrate"]);
    await using (var connection = new SqliteConnection($"Data Source={database}"))
    {
        // The settings as tests/load/run.sh sets them, before the demo seed compiles its rule set from them.
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO "DiscussionSettings" ("Id", "GuestsMayComment", "RequireNameAndEmail", "ManualApproval", "RequirePreviouslyApproved",
              "HoldWhenLinksAtLeast", "ModerationKeys", "DisallowedKeys", "FloodIntervalSeconds", "CloseCommentsAfterDays", "ThreadDepth",
              "CommentsPerPage", "ReportsToHide", "PurgeSpamAfterDays", "NotifyAuthorsOfDecisions")
            VALUES (1, 1, 1, 0, 1, 2, '', '', 0, 0, 5, 50, 3, 30, 1)
            ON CONFLICT ("Id") DO UPDATE SET "FloodIntervalSeconds" = 0;
            """;
        await command.ExecuteNonQueryAsync();
    }
    SqliteConnection.ClearAllPools();
    await RunAsync("dotnet", [appDll, "seed", "demo"]);
    SqliteConnection.ClearAllPools();
    await RunAsync("dotnet", [appDll, "seed", "comments", "--count", (steps + 200).ToString(CultureInfo.InvariantCulture), "--status", "pending"]);

    (app, var baseUrl) = await StartAppAsync();
    Console.WriteLine($"App pid {app.Id} at {baseUrl}; {Environment.ProcessorCount} cores; load average {LoadAverage()}");

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    var moderatorState = await SignInAsync(browser, baseUrl, "moderator@example.com");

    // (a) A new comment reaches an open queue page.
    var (queueContext, queue) = await OpenQueueAsync("/moderation/queue?order=newest");
    await queue.EvaluateAsync("""
        () => {
            window.__arrivals = {};
            new MutationObserver(() => {
                for (const row of document.querySelectorAll('.queue-item .queue-excerpt')) {
                    const marker = /live-(\w+)/.exec(row.textContent);
                    if (marker && !(marker[1] in window.__arrivals)) window.__arrivals[marker[1]] = Date.now();
                }
            }).observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """);
    var guestContext = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
    var guest = await guestContext.NewPageAsync();
    var latencies = new List<double>();
    for (var i = 0; i < posts + 1; i++)
    {
        var marker = Guid.NewGuid().ToString("N")[..12];
        await guest.GotoAsync(Article);
        await guest.GetByLabel("Comment").FillAsync($"live-{marker}: a first comment from a new reader, held for a look.");
        await guest.GetByLabel("Name").FillAsync($"Reader {marker}");
        await guest.GetByLabel("Email").FillAsync($"reader-{marker}@example.net");
        var posted = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await guest.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();
        try
        {
            await guest.WaitForURLAsync(new Regex(@"#comment-\d+$"), new() { Timeout = 30_000, WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException)
        {
            var alert = await guest.Locator("[role=alert]").AllInnerTextsAsync();
            throw new InvalidOperationException($"The post was not stored: {guest.Url} {string.Join(" | ", alert)}");
        }
        await queue.WaitForFunctionAsync($"() => '{marker}' in window.__arrivals", null, new() { Timeout = 30_000, PollingInterval = 20 });
        var arrived = await queue.EvaluateAsync<long>($"() => window.__arrivals['{marker}']");
        if (i > 0) latencies.Add(arrived - posted); // the first post warms the posting path
    }
    Console.WriteLine($"(a) post to visible in an open Pending queue: median {Median(latencies):N0} ms, min {latencies.Min():N0}, max {latencies.Max():N0} over {latencies.Count} posts");
    await guestContext.CloseAsync();
    await CloseQueueAsync((queueContext, queue));

    // (b) Memory per moderator circuit with the queue open. A first round of N warms every lazy
    // cache (JIT, reflection, MudBlazor's metadata) so that only what a circuit holds is counted;
    // pages are closed by navigating away, which ends their circuits at once as a browser tab does.
    var warm = new List<(IBrowserContext, IPage)>();
    for (var i = 0; i < circuits; i++) warm.Add(await OpenQueueAsync("/moderation/queue"));
    foreach (var page in warm) await CloseQueueAsync(page);
    await Task.Delay(2000);
    var before = await HeapAsync("no queue open");
    var open = new List<(IBrowserContext, IPage)>();
    for (var i = 0; i < circuits; i++) open.Add(await OpenQueueAsync("/moderation/queue"));
    await Task.Delay(2000);
    var with = await HeapAsync($"{circuits} queue pages open");
    Console.WriteLine($"(b) managed heap per circuit with the queue open: {(with - before) / circuits / 1024.0:N0} KB ({circuits} circuits: {before / 1048576.0:N1} MB -> {with / 1048576.0:N1} MB)");
    foreach (var page in open) await CloseQueueAsync(page);
    await Task.Delay(2000);
    await HeapAsync("all queue pages closed again");

    // (c) One circuit steps through many comments: the heap must stay flat.
    var (stepContext, stepper) = await OpenQueueAsync("/moderation/queue");
    var heaps = new List<(int Step, long Bytes)> { (0, await HeapAsync("stepping: 0 comments viewed")) };
    var current = await CurrentIdAsync(stepper);
    var checkpoint = Math.Max(steps / 4, 1);
    var stepWatch = Stopwatch.StartNew();
    for (var step = 1; step <= steps; step++)
    {
        // Pressed on the list itself: right after a page turn the row that had focus is gone, and
        // a key pressed before the page focuses the new row would go to the document body.
        await stepper.Locator(".queue-keyboard").PressAsync("j");
        await stepper.WaitForFunctionAsync($"() => document.querySelector('.queue-item.current')?.id !== 'queue-item-{current}'", null, new() { Timeout = 30_000, PollingInterval = 10 });
        current = await CurrentIdAsync(stepper);
        if (step % checkpoint == 0) heaps.Add((step, await HeapAsync($"stepping: {step} comments viewed")));
    }
    Console.WriteLine($"(c) stepped through {steps:N0} comments with j in {stepWatch.Elapsed.TotalSeconds:N0} s (mean step, heap dumps included: {stepWatch.Elapsed.TotalMilliseconds / steps:N0} ms); heap after forced GC:");
    foreach (var (step, bytes) in heaps) Console.WriteLine($"    after {step,6:N0} comments viewed: {bytes / 1048576.0:N1} MB");
    await CloseQueueAsync((stepContext, stepper));
    Console.WriteLine($"Load average at the end {LoadAverage()}");

    static async Task CloseQueueAsync((IBrowserContext Context, IPage Page) queue)
    {
        await queue.Page.GotoAsync("about:blank");
        await queue.Context.CloseAsync();
    }

    async Task<(IBrowserContext Context, IPage Page)> OpenQueueAsync(string path)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, StorageState = moderatorState });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        // The circuit is live when the list has taken keyboard focus.
        await page.Locator(".queue-keyboard:focus").WaitForAsync(new() { Timeout = 60_000 });
        return (context, page);
    }
}
finally
{
    if (app is { HasExited: false })
    {
        app.Kill(entireProcessTree: true);
        await app.WaitForExitAsync();
    }
    SqliteConnection.ClearAllPools();
    try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
}

async Task<(Process, string)> StartAppAsync()
{
    var start = StartInfo("dotnet", [appDll, "--urls", "http://127.0.0.1:0"]);
    var process = new Process { StartInfo = start };
    var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
    process.OutputDataReceived += (_, e) =>
    {
        if (e.Data?.StartsWith(StartupBanner.ListeningPrefix, StringComparison.Ordinal) == true) listening.TrySetResult(e.Data[StartupBanner.ListeningPrefix.Length..].Trim());
    };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("app: " + e.Data); };
    process.Start();
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return (process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(120)));
}

async Task RunAsync(string file, string[] arguments)
{
    using var process = Process.Start(StartInfo(file, arguments))!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
}

ProcessStartInfo StartInfo(string file, string[] arguments)
{
    var start = new ProcessStartInfo(file) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in arguments) start.ArgumentList.Add(argument);
    foreach (var (key, value) in settings) start.Environment[key] = value;
    return start;
}

// The app's managed heap after a forced full blocking GC: dotnet-gcdump induces one and counts what survives.
async Task<long> HeapAsync(string label)
{
    var dump = Path.Combine(folder, $"heap-{Guid.NewGuid():N}.gcdump");
    var collect = StartInfo("dotnet", ["tool", "run", "dotnet-gcdump", "collect", "-p", app!.Id.ToString(CultureInfo.InvariantCulture), "-o", dump]);
    using (var process = Process.Start(collect)!)
    {
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException("dotnet-gcdump collect failed: " + output + await process.StandardError.ReadToEndAsync());
    }
    var report = StartInfo("dotnet", ["tool", "run", "dotnet-gcdump", "report", dump]);
    using var reporter = Process.Start(report)!;
    var text = await reporter.StandardOutput.ReadToEndAsync();
    await reporter.WaitForExitAsync();
    // GCDUMP_KEEP=folder keeps the dumps, to compare what the heap holds: dotnet tool run dotnet-gcdump report FILE
    if (Environment.GetEnvironmentVariable("GCDUMP_KEEP") is { Length: > 0 } keep)
    {
        Directory.CreateDirectory(keep);
        File.Move(dump, Path.Combine(keep, $"{DateTime.UtcNow:HHmmss}-{Regex.Replace(label, @"\W+", "-")}.gcdump"));
    }
    else File.Delete(dump);
    // The report's first data line is the total: "  123,456,789  GC Heap bytes".
    var total = Regex.Match(text, @"([\d,]+)\s+GC Heap bytes");
    if (!total.Success) throw new InvalidOperationException("Unexpected dotnet-gcdump report:\n" + text[..Math.Min(text.Length, 2000)]);
    var bytes = long.Parse(total.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    Console.WriteLine($"    heap ({label}): {bytes / 1048576.0:N2} MB");
    return bytes;
}

async Task<string> SignInAsync(IBrowser browser, string baseUrl, string email)
{
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
    var page = await context.NewPageAsync();
    await page.GotoAsync("/Account/Login");
    await page.GetByLabel("Email").FillAsync(email);
    await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
    await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).WaitForAsync();
    return await context.StorageStateAsync();
}

static async Task<string?> CurrentIdAsync(IPage page) =>
    (await page.EvaluateAsync<string?>("() => document.querySelector('.queue-item.current')?.id"))?["queue-item-".Length..];

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
