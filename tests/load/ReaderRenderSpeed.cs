#:project ../../src/CommentModeration.Web/CommentModeration.Web.csproj
#:property PublishAot=false

// The server-side render of an article's first comment page when nothing of it is cached: the
// page count, the page's threads read in one query, built into a tree and written as markup.
// An article with 5,000 approved comments (1,000 threads of five) and one with 50; the shared
// threads are evicted before every render. What the HTTP load script cannot show: after the
// first view every reader shares the rendered threads.
// Run from the repository root:  dotnet run -c Release tests/load/ReaderRenderSpeed.cs
// Prints medians and p90; asserts nothing.
using System.Diagnostics;
using CommentModeration.Core.Discussion;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Articles;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var folder = Path.Combine(Path.GetTempPath(), "cm-render-speed");
if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
Directory.CreateDirectory(folder);
var connectionString = $"Data Source={Path.Combine(folder, "render.db")}";

var services = new ServiceCollection();
services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
services.AddSingleton(TimeProvider.System);
services.AddCommentModerationData(connectionString, folder);
services.AddIdentityCore<CommentModeration.Data.Entities.ApplicationUser>(o => o.Stores.SchemaVersion = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3)
    .AddEntityFrameworkStores<AppDbContext>();
services.AddSingleton<ReaderFragmentCache>();
services.AddScoped<ArticleReader>();
await using var provider = services.BuildServiceProvider();
var factory = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
await using (var db = await factory.CreateDbContextAsync()) await DatabaseMigrator.MigrateAsync(db);

// Comment bodies as the renderer stores them: a few sanitized paragraphs with a link.
const string BodyHtml = "<p>The levy will land hardest on the towns that can least absorb it, and nobody in the chamber said how the rebate reaches them.</p>"
    + "<p>Read the committee's own figures: <a href=\"https://example.org/report\" rel=\"nofollow ugc noopener\">the report</a> puts the cost at twice the estimate.</p>";

async Task SeedAsync(string slug, int threads)
{
    await using var connection = new SqliteConnection(connectionString);
    await connection.OpenAsync();
    await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
    await using var article = connection.CreateCommand();
    article.Transaction = transaction;
    article.CommandText = "INSERT INTO Articles (Slug, Title, Excerpt, Body, AuthorName, PublishedAt, CommentPolicy, ApprovedCommentCount, PublishedThreadCount) VALUES ($slug, $slug, '', 'Body', 'Desk', 0, 0, $count, $threads) RETURNING Id;";
    article.Parameters.AddWithValue("$slug", slug);
    article.Parameters.AddWithValue("$count", threads * 5);
    article.Parameters.AddWithValue("$threads", threads);
    var articleId = (long)(await article.ExecuteScalarAsync())!;

    await using var insert = connection.CreateCommand();
    insert.Transaction = transaction;
    insert.CommandText = """
        INSERT INTO Comments (ArticleId, ParentId, ThreadRootId, Depth, AuthorName, AuthorEmail, AuthorUrl, AuthorKey, BodyText, BodyHtml, CreatedAt, Status, StatusChangedAt,
            NeedsReview, OpenReportCount, HiddenByReports, VerdictAction, VerdictJson, RuleSetRevision, Ip, UserAgent, Version)
        VALUES ($article, $parent, $root, $depth, $name, $email, $url, $key, 'text', $html, $at, 1, $at, 0, 0, 0, 0, '[]', 1, '203.0.113.1', 'speed', $version)
        RETURNING Id;
        """;
    var p = new Dictionary<string, SqliteParameter>();
    foreach (var name in new[] { "$article", "$parent", "$root", "$depth", "$name", "$email", "$url", "$key", "$html", "$at", "$version" }) p[name] = insert.Parameters.Add(new SqliteParameter(name, null));
    p["$article"].Value = articleId;
    p["$html"].Value = BodyHtml;
    var at = DateTimeOffset.UtcNow.AddDays(-30).UtcTicks;
    for (var t = 0; t < threads; t++)
    {
        long? parent = null;
        long root = 0;
        // A root and four replies, each answering the one before: five levels deep.
        for (var depth = 1; depth <= 5; depth++)
        {
            var author = $"Reader {(t * 5 + depth) % 700}";
            p["$parent"].Value = (object?)parent ?? DBNull.Value;
            p["$root"].Value = root;
            p["$depth"].Value = depth;
            p["$name"].Value = author;
            p["$email"].Value = author.Replace(' ', '.') + "@example.org";
            p["$url"].Value = depth == 2 ? "https://example.org/" + t : "";
            p["$key"].Value = "email:" + author.Replace(' ', '.').ToLowerInvariant() + "@example.org";
            p["$at"].Value = at += 600_000_000L;
            p["$version"].Value = Guid.NewGuid().ToString().ToUpperInvariant();
            var id = (long)(await insert.ExecuteScalarAsync())!;
            if (depth == 1)
            {
                root = id;
                await using var setRoot = connection.CreateCommand();
                setRoot.Transaction = transaction;
                setRoot.CommandText = $"UPDATE Comments SET ThreadRootId = {id} WHERE Id = {id};";
                await setRoot.ExecuteNonQueryAsync();
            }
            parent = id;
        }
    }
    await transaction.CommitAsync();
}

await SeedAsync("five-thousand", 1_000);
await SeedAsync("fifty", 10);

var settings = new DiscussionSettings();
var fragments = provider.GetRequiredService<ReaderFragmentCache>();

async Task MeasureAsync(string slug, int runs)
{
    var times = new List<double>();
    var chars = 0;
    for (var i = -20; i < runs; i++)
    {
        fragments.EvictAll();
        await using var scope = provider.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<ArticleReader>();
        var watch = Stopwatch.StartNew();
        var article = (await reader.FindAsync(slug, settings))!;
        var threads = await reader.ThreadsAsync(article, 1, settings, ReaderIdentity.Anonymous);
        if (i >= 0) times.Add(watch.Elapsed.TotalMilliseconds);
        chars = threads.Html.Sum(part => part.Value.Length);
    }
    times.Sort();
    Console.WriteLine($"{slug,-14} page 1 of {settings.CommentsPerPage} threads, nothing cached: median {times[times.Count / 2]:N2} ms, p90 {times[times.Count * 9 / 10]:N2} ms ({chars:N0} characters of markup)");
}

Console.WriteLine($"{Environment.ProcessorCount} cores, SQLite file, {settings.CommentsPerPage} threads per page");
await MeasureAsync("five-thousand", 200);
await MeasureAsync("fifty", 200);

// The markup alone: the same fifty comments (ten threads of five) written again and again.
{
    var at = DateTimeOffset.UtcNow;
    var views = new List<CommentView>();
    for (var t = 0; t < 10; t++)
    {
        long? parent = null;
        for (var depth = 1; depth <= 5; depth++)
        {
            var id = t * 5 + depth;
            views.Add(new CommentView(id, parent, t * 5 + 1, $"Reader {id}", depth == 2 ? "https://example.org/" + t : "", at.AddMinutes(id), BodyHtml, CommentModeration.Core.Comments.CommentStatus.Approved, null));
            parent = id;
        }
    }
    var threads = CommentTree.Build(views, 5);
    for (var i = 0; i < 2_000; i++) CommentModeration.Web.Components.Pages.Articles.CommentThreadMarkup.Render(threads, "fifty", 1);
    var watch = Stopwatch.StartNew();
    const int renders = 5_000;
    for (var i = 0; i < renders; i++) CommentModeration.Web.Components.Pages.Articles.CommentThreadMarkup.Render(threads, "fifty", 1);
    Console.WriteLine($"markup alone   fifty comments, read already: mean {watch.Elapsed.TotalMilliseconds / renders * 1000:N1} µs");
}
