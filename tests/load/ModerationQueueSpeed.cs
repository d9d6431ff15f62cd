#:project ../../src/CommentModeration.Web/CommentModeration.Web.csproj
#:property PublishAot=false

// Moderation queue speed over a large SQLite database: counts, first and deep keyset pages, one approve, one reject.
// Run from the repository root:  dotnet run -c Release tests/load/ModerationQueueSpeed.cs -- [comments]   (default 1,000,000)
// Prints medians; asserts nothing.
using System.Diagnostics;
using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Mail;
using CommentModeration.Web.Moderation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var total = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
var folder = Path.Combine(Path.GetTempPath(), "cm-queue-speed");
Directory.CreateDirectory(folder);
var file = Path.Combine(folder, $"queue-{total}.db");
var connectionString = $"Data Source={file}";

var services = new ServiceCollection();
services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
services.AddSingleton(TimeProvider.System);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Mail:PickupFolder"] = Path.Combine(folder, "mail") }).Build();
services.AddSingleton<IConfiguration>(configuration);
services.AddSingleton<IHostEnvironment>(new SpeedEnvironment(folder));
services.AddCommentModerationData(connectionString, folder);
// The comment kernel, followed up after each commit as in the host (page caches, live pages, mail).
services.AddCommentKernel<CommentModeration.Web.Hosting.CommentFollowUp>();
// The model includes Identity's tables at the host's schema version (passkeys).
services.AddIdentityCore<CommentModeration.Data.Entities.ApplicationUser>(o => o.Stores.SchemaVersion = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3)
    .AddEntityFrameworkStores<AppDbContext>();
services.AddModeration(configuration);
// Decision mails go to the pickup folder; writing one finds the comment's page as the reader site does.
services.AddDataProtection();
services.AddMail(configuration, folder);
services.AddSingleton<CommentModeration.Web.Rules.CurrentRuleSet>();
services.AddScoped<CommentModeration.Web.Articles.ArticleReader>();
// What moderation uses from the reader side: the page cache it evicts and the renderer edits go through.
services.AddOutputCache();
services.AddSingleton<CommentModeration.Web.Articles.ArticlePageCache>();
services.AddSingleton<CommentModeration.Web.Articles.ReaderFragmentCache>();
services.AddSingleton<CommentModeration.Web.Articles.CommentBodyRenderer>();
await using var provider = services.BuildServiceProvider();
var factory = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
// The app's background services (the decision mail sender among them) run as in the host.
var hosted = provider.GetServices<IHostedService>().ToList();
foreach (var service in hosted) await service.StartAsync(CancellationToken.None);

if (File.Exists(file))
{
    // A data set from an older schema is generated again rather than measured wrong.
    await using var existing = await factory.CreateDbContextAsync();
    if ((await existing.Database.GetPendingMigrationsAsync()).Any())
    {
        Console.WriteLine($"{file} has an older schema; generating it again.");
        await existing.Database.CloseConnectionAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file);
    }
}

if (!File.Exists(file))
{
    await using (var db = await factory.CreateDbContextAsync()) await DatabaseMigrator.MigrateAsync(db);
    Console.WriteLine($"Generating {total:N0} comments in {file} …");
    var watch = Stopwatch.StartNew();
    await using var connection = new SqliteConnection(connectionString);
    await connection.OpenAsync();
    await using (var pragma = connection.CreateCommand()) { pragma.CommandText = "PRAGMA synchronous=OFF;"; await pragma.ExecuteNonQueryAsync(); }
    await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
    await using (var articles = connection.CreateCommand())
    {
        articles.Transaction = transaction;
        articles.CommandText = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) INSERT INTO Articles (Slug, Title, Excerpt, Body, AuthorName, PublishedAt, CommentPolicy, ApprovedCommentCount) SELECT 'a-' || i, 'Article ' || i, '', '', 'Desk', 0, 0, 0 FROM n;";
        await articles.ExecuteNonQueryAsync();
    }
    await using var insert = connection.CreateCommand();
    insert.Transaction = transaction;
    insert.CommandText = """
        INSERT INTO Comments (ArticleId, ThreadRootId, Depth, AuthorName, AuthorEmail, AuthorUrl, AuthorKey, BodyText, BodyHtml, CreatedAt, Status, StatusChangedAt,
            NeedsReview, OpenReportCount, HiddenByReports, VerdictAction, VerdictJson, RuleSetRevision, Ip, UserAgent, Version)
        VALUES ($article, 0, 1, $name, $email, '', $key, $body, $body, $at, $status, $at, $flag, 0, 0, 0, '[]', 1, '203.0.113.1', 'speed', $version);
        """;
    var p = new Dictionary<string, SqliteParameter>();
    foreach (var name in new[] { "$article", "$name", "$email", "$key", "$body", "$at", "$status", "$flag", "$version" }) p[name] = insert.Parameters.Add(new SqliteParameter(name, null));
    var start = DateTimeOffset.UtcNow.AddDays(-365).UtcTicks;
    var random = new Random(7);
    for (var i = 0; i < total; i++)
    {
        var roll = random.Next(1000);
        var status = roll < 20 ? CommentStatus.Pending : roll < 30 ? CommentStatus.Spam : roll < 50 ? CommentStatus.Rejected : CommentStatus.Approved;
        var author = random.Next(50_000);
        p["$article"].Value = 1 + random.Next(500);
        p["$name"].Value = $"Reader {author}";
        p["$email"].Value = $"reader{author}@example.org";
        p["$key"].Value = $"email:reader{author}@example.org";
        p["$body"].Value = $"Comment {i}: a reply of ordinary length about the article, with an opinion or two and a question at the end?";
        p["$at"].Value = start + i * 300_000_000L; // one every 30 s
        p["$status"].Value = (int)status;
        p["$flag"].Value = status == CommentStatus.Approved && roll % 97 == 0 ? 1 : 0;
        p["$version"].Value = Guid.NewGuid().ToString().ToUpperInvariant();
        await insert.ExecuteNonQueryAsync();
    }
    await using (var counters = connection.CreateCommand())
    {
        counters.Transaction = transaction;
        counters.CommandText = """
            INSERT INTO QueueCounters (Name, Value) SELECT 'Pending', COUNT(*) FROM Comments WHERE Status = 0;
            INSERT INTO QueueCounters (Name, Value) SELECT 'Approved', COUNT(*) FROM Comments WHERE Status = 1;
            INSERT INTO QueueCounters (Name, Value) SELECT 'Rejected', COUNT(*) FROM Comments WHERE Status = 2;
            INSERT INTO QueueCounters (Name, Value) SELECT 'Spam', COUNT(*) FROM Comments WHERE Status = 3;
            INSERT INTO QueueCounters (Name, Value) SELECT 'Flagged', COUNT(*) FROM Comments WHERE Status = 1 AND NeedsReview;
            INSERT INTO QueueCounters (Name, Value) VALUES ('Reported', 0);
            UPDATE Articles SET ApprovedCommentCount = (SELECT COUNT(*) FROM Comments c WHERE c.ArticleId = Articles.Id AND c.Status = 1),
                PublishedThreadCount = (SELECT COUNT(*) FROM Comments c WHERE c.ArticleId = Articles.Id AND c.Status = 1 AND c.ParentId IS NULL);
            """;
        await counters.ExecuteNonQueryAsync();
    }
    await transaction.CommitAsync();
    await using (var analyze = connection.CreateCommand()) { analyze.CommandText = "ANALYZE;"; await analyze.ExecuteNonQueryAsync(); }
    Console.WriteLine($"Generated in {watch.Elapsed.TotalSeconds:N0} s");
}

// Every author has a standing row, as the posting side makes one with the first comment (data sets
// generated before this step lacked them, and each action then inserted one).
await using (var connection = new SqliteConnection(connectionString))
{
    await connection.OpenAsync();
    await using var standings = connection.CreateCommand();
    standings.CommandText = """
        INSERT INTO AuthorStandings (AuthorKey, Email, Name, Level, ApprovedCount, RejectedCount, SpamCount, FirstSeenAt, LastCommentAt, Version)
        SELECT AuthorKey, MIN(AuthorEmail), MIN(AuthorName), 0, SUM(Status = 1), SUM(Status = 2), SUM(Status = 3), MIN(CreatedAt), MAX(CreatedAt), upper(hex(randomblob(16)))
        FROM Comments WHERE AuthorKey <> '' AND AuthorKey NOT IN (SELECT AuthorKey FROM AuthorStandings) GROUP BY AuthorKey;
        """;
    var added = await standings.ExecuteNonQueryAsync();
    if (added > 0) Console.WriteLine($"Added standing rows for {added:N0} authors");
}

var queue = provider.GetRequiredService<ModerationQueue>();
var actions = provider.GetRequiredService<ModeratorDecisions>();

async Task<double> MedianMs(int runs, Func<int, Task> run)
{
    await run(-1); // warm
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var w = Stopwatch.StartNew();
        await run(i);
        times.Add(w.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    return times[times.Count / 2];
}

async Task<QueueCursor> CursorAtAsync(int status, int offset)
{
    await using var db = await factory.CreateDbContextAsync();
    var row = await db.Comments.Where(c => status < 0 || (int)c.Status == status).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Skip(offset)
        .Select(c => new { c.CreatedAt, c.Id }).FirstAsync();
    return new QueueCursor(row.CreatedAt, row.Id);
}

long approvedCount;
await using (var db = await factory.CreateDbContextAsync()) approvedCount = await db.Comments.LongCountAsync(c => c.Status == CommentStatus.Approved);
var deepApproved = await CursorAtAsync((int)CommentStatus.Approved, (int)Math.Min(approvedCount - 60, 10_000L * 50 - 50));
var deepAll = await CursorAtAsync(-1, total - 60);

Console.WriteLine($"{total:N0} comments, {Environment.ProcessorCount} cores, SQLite file");
Console.WriteLine($"counts (QueueCounter rows)          median {await MedianMs(50, _ => queue.GetCountsAsync()):N2} ms");
Console.WriteLine($"Pending first page (50)             median {await MedianMs(50, _ => queue.GetPageAsync(new QueueFilter())):N2} ms");
Console.WriteLine($"Pending first page, newest first    median {await MedianMs(50, _ => queue.GetPageAsync(new QueueFilter { Order = QueueOrder.NewestFirst })):N2} ms");
Console.WriteLine($"Approved deep page (~page 10,000)   median {await MedianMs(50, _ => queue.GetPageAsync(new QueueFilter { Queue = QueueKind.Approved }, after: deepApproved)):N2} ms");
Console.WriteLine($"All queue last page                 median {await MedianMs(50, _ => queue.GetPageAsync(new QueueFilter { Queue = QueueKind.All }, after: deepAll)):N2} ms");
Console.WriteLine($"Flagged first page                  median {await MedianMs(50, _ => queue.GetPageAsync(new QueueFilter { Queue = QueueKind.Flagged })):N2} ms");
Console.WriteLine($"Reported first page (empty queue)   median {await MedianMs(50, _ => queue.GetPageAsync(new QueueFilter { Queue = QueueKind.Reported })):N2} ms");
Console.WriteLine($"Pending, search text, first page    median {await MedianMs(20, _ => queue.GetPageAsync(new QueueFilter { Search = "question at the end" })):N2} ms");
Console.WriteLine($"Item detail                         median {await MedianMs(50, _ => queue.GetItemAsync(deepApproved.Id)):N2} ms");

// Actions: wall-clock median, and two figures that do not depend on the machine's load: SQL
// statements sent per action (EF's command diagnostics) and bytes allocated per action.
var statements = new StatementCounter();
using var listening = DiagnosticListener.AllListeners.Subscribe(statements);
List<CommentRef> pending;
await using (var db = await factory.CreateDbContextAsync())
{
    pending = (await db.Comments.Where(c => c.Status == CommentStatus.Pending).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Take(600)
        .Select(c => new { c.Id, c.Version }).ToListAsync()).Select(c => new CommentRef(c.Id, c.Version)).ToList();
}
var nextPending = 0;
CommentRef NextPending() => pending[nextPending++];
var moderator = new Moderator("speed", "speed@example.com");
// Actions check the moderator's role in the database: the acting account exists and holds it.
await using (var db = await factory.CreateDbContextAsync())
{
    if (!await db.Users.AnyAsync(u => u.Id == moderator.UserId))
    {
        var role = await db.Roles.FirstOrDefaultAsync(r => r.Name == CommentModeration.Data.Entities.Roles.Moderator)
            ?? db.Roles.Add(new Microsoft.AspNetCore.Identity.IdentityRole(CommentModeration.Data.Entities.Roles.Moderator) { NormalizedName = "MODERATOR" }).Entity;
        db.Users.Add(new CommentModeration.Data.Entities.ApplicationUser { Id = moderator.UserId, UserName = moderator.Name, NormalizedUserName = moderator.Name.ToUpperInvariant(), Email = moderator.Name });
        db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = moderator.UserId, RoleId = role.Id });
        await db.SaveChangesAsync();
    }
}
async Task ActionFiguresAsync(string label, Func<CommentRef, Task<DecisionResult>> act)
{
    const int runs = 100;
    // Warm up past the JIT's tiering, so that its background recompiles do not land in the measurement.
    for (var i = 0; i < 60; i++) await act(NextPending());
    var before = statements.Count;
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var median = await MedianMs(runs, i => act(NextPending()));
    var actionsRun = runs + 1.0; // with the warm-up
    Console.WriteLine($"{label} median {median:N2} ms; per action: {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / actionsRun:N2} ms CPU, "
        + $"{(statements.Count - before) / actionsRun:N1} SQL statements (any context), {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / actionsRun / 1024:N0} KB allocated");
    if (Environment.GetEnvironmentVariable("SHOW_SQL") == "1")
    {
        statements.Texts = [];
        await act(NextPending());
        await Task.Delay(200); // the background mail's queries too
        foreach (var text in statements.Texts) Console.WriteLine("    " + text.ReplaceLineEndings(" "));
        statements.Texts = null;
    }
}
await ActionFiguresAsync("Approve one (tx, audit, counters, evict)", c => actions.ApproveAsync([c], moderator));
await ActionFiguresAsync("Reject one (tx, audit, counters, evict) ", c => actions.RejectAsync([c], "Off-topic", moderator));
var mailWatch = Stopwatch.StartNew();
foreach (var service in hosted) await service.StopAsync(CancellationToken.None);
Console.WriteLine($"Background work left after the actions (decision mails) finished in {mailWatch.Elapsed.TotalMilliseconds:N0} ms");

internal sealed class SpeedEnvironment(string root) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = "Development";
    public string ApplicationName { get; set; } = "speed";
    public string ContentRootPath { get; set; } = root;
    public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
}

/// <summary>Counts the SQL commands EF executes (its DiagnosticListener events), whichever context sends them.</summary>
internal sealed class StatementCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private long _count;
    public long Count => Interlocked.Read(ref _count);
    /// <summary>When set, the text of each command is added too.</summary>
    public List<string>? Texts { get; set; }
    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name) listener.Subscribe(this, name => name == RelationalEventId.CommandExecuted.Name);
    }
    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Key != RelationalEventId.CommandExecuted.Name) return;
        Interlocked.Increment(ref _count);
        if (e.Value is CommandExecutedEventData data) lock (this) Texts?.Add(data.Command.CommandText);
    }
    public void OnCompleted() { }
    public void OnError(Exception error) { }
}
