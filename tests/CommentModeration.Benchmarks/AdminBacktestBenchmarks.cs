using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Data;
using CommentModeration.Web.Rules;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Benchmarks;

/// <summary>
/// The admin's backtest over 100,000 decided comments in a real SQLite file (1 KB bodies,
/// 5,000 authors with standings), with the benchmark rule set (15,000 terms, 50 regexes,
/// 20 other rules) as the edited set against the built-in checks in force.
/// `dotnet run -c Release --project tests/CommentModeration.Benchmarks -- --filter *AdminBacktest*`
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class AdminBacktestBenchmarks
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cm-backtest-bench-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;
    private Backtest _backtest = null!;
    private CompiledRuleSet _edited = null!;
    private CompiledRuleSet _inForce = null!;

    [Params(100_000)]
    public int Comments { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_folder);
        var connectionString = $"Data Source={Path.Combine(_folder, "backtest.db")}";
        var services = new ServiceCollection().AddCommentModerationData(connectionString, _folder);
        // The Identity schema the app configures is part of the model the migration was made from.
        services.Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3);
        _services = services.BuildServiceProvider();
        var factory = _services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        using (var db = factory.CreateDbContext())
        {
            DatabaseMigrator.MigrateAsync(db).GetAwaiter().GetResult();
        }
        Seed(connectionString, Comments);
        _backtest = new Backtest(factory);
        _edited = CompiledRuleSet.Compile(BenchmarkCorpus.Definition(), new DiscussionSettings());
        _inForce = CompiledRuleSet.FromSettings(new DiscussionSettings());
    }

    private TimeSpan _cpuAtStart;

    /// <summary>CPU time beside wall time: on a machine shared with other work, the wall clock says more about the neighbours.</summary>
    [IterationSetup]
    public void StartCpuClock() => _cpuAtStart = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

    [IterationCleanup]
    public void ReportCpuTime() =>
        Console.WriteLine($"// CPU time of this backtest: {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart).TotalSeconds:F1} s");

    [Benchmark]
    public int Backtest() => _backtest.RunAsync(_edited, _inForce, Comments).GetAwaiter().GetResult().Evaluated;

    /// <summary>The same run with empty rule sets: what reading and replaying the comments costs without the engine's work.</summary>
    [Benchmark]
    public int ReadingOnly() => _backtest.RunAsync(CompiledRuleSet.Empty, CompiledRuleSet.Empty, Comments).GetAwaiter().GetResult().Evaluated;

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static void Seed(string connectionString, int count)
    {
        var bodies = Enumerable.Range(0, 200).Select(i => BenchmarkCorpus.Comment(i, withHits: i % 10 == 0)).ToArray();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        void Run(string sql)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        Run($"INSERT INTO Articles (Slug, Title, Excerpt, Body, AuthorName, PublishedAt, CommentPolicy, ApprovedCommentCount) VALUES ('story', 'Story', '', '', '', {start.UtcTicks}, 0, 0);");
        using var standing = connection.CreateCommand();
        standing.Transaction = transaction;
        standing.CommandText = "INSERT INTO AuthorStandings (AuthorKey, Email, Name, Level, ApprovedCount, RejectedCount, SpamCount, FirstSeenAt, Version) VALUES ($key, $email, 'Reader', 0, $a, $r, $s, 0, $v);";
        var sKey = standing.Parameters.Add("$key", SqliteType.Text);
        var sEmail = standing.Parameters.Add("$email", SqliteType.Text);
        var sA = standing.Parameters.Add("$a", SqliteType.Integer);
        var sR = standing.Parameters.Add("$r", SqliteType.Integer);
        var sS = standing.Parameters.Add("$s", SqliteType.Integer);
        var sV = standing.Parameters.Add("$v", SqliteType.Text);
        for (var a = 0; a < 5000; a++)
        {
            sKey.Value = $"email:reader{a}@example.com";
            sEmail.Value = $"reader{a}@example.com";
            sA.Value = 14; sR.Value = 4; sS.Value = 2;
            sV.Value = Guid.NewGuid().ToString().ToUpperInvariant();
            standing.ExecuteNonQuery();
        }
        using var comment = connection.CreateCommand();
        comment.Transaction = transaction;
        comment.CommandText = """
            INSERT INTO Comments (ArticleId, ThreadRootId, Depth, AuthorName, AuthorEmail, AuthorUrl, AuthorKey, BodyText, BodyHtml,
                CreatedAt, Status, StatusChangedAt, NeedsReview, OpenReportCount, HiddenByReports, VerdictAction, VerdictJson, RuleSetRevision, Ip, UserAgent, Version)
            VALUES (1, 0, 1, 'Reader', $email, '', $key, $body, $body, $at, $status, $at, 0, 0, 0, 4, '[]', 0, '198.51.100.1', 'Mozilla/5.0', $v);
            INSERT INTO ModerationEvents (At, CommentId, Action, FromStatus, ToStatus, Automatic, ActorName) VALUES ($at, last_insert_rowid(), 'decide', 0, $status, 0, 'moderator');
            """;
        var cEmail = comment.Parameters.Add("$email", SqliteType.Text);
        var cKey = comment.Parameters.Add("$key", SqliteType.Text);
        var cBody = comment.Parameters.Add("$body", SqliteType.Text);
        var cAt = comment.Parameters.Add("$at", SqliteType.Integer);
        var cStatus = comment.Parameters.Add("$status", SqliteType.Integer);
        var cV = comment.Parameters.Add("$v", SqliteType.Text);
        for (var i = 0; i < count; i++)
        {
            var email = $"reader{i % 5000}@example.com";
            cEmail.Value = email;
            cKey.Value = "email:" + email;
            cBody.Value = bodies[i % bodies.Length];
            cAt.Value = start.AddMinutes(i).UtcTicks;
            cStatus.Value = (i % 10) switch { 0 or 1 => 2, 2 => 3, _ => 1 };
            cV.Value = Guid.NewGuid().ToString().ToUpperInvariant();
            comment.ExecuteNonQuery();
        }
        transaction.Commit();
    }
}
