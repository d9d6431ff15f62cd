using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Admin;

/// <summary>A small known set of decided comments; the backtest's numbers must come out exactly.</summary>
public abstract class BacktestTests<TFactory> : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : AppFactory
{
    private static readonly DiscussionSettings Open = new() { RequirePreviouslyApproved = false, HoldWhenLinksAtLeast = 0 };
    private readonly AppFactory _host;
    private readonly Backtest _backtest;
    private readonly CompiledRuleSet _inForce = CompiledRuleSet.FromSettings(Open);
    private readonly CompiledRuleSet _edited = CompiledRuleSet.Compile(new RuleSetDefinition
    {
        WordLists = { ["banned"] = ["idiot"] },
        Rules = { new RuleDefinition { Name = "Banned words", Action = VerdictAction.Hold, When = new WordsCondition { List = "banned" } } },
    }, Open);

    protected BacktestTests(TFactory host)
    {
        _host = host;
        _backtest = host.Services.GetRequiredService<Backtest>();
    }

    public async Task InitializeAsync()
    {
        await using var db = _host.CreateDbContext();
        if (await db.Comments.AnyAsync()) return;
        var article = await DecidedComments.AddArticleAsync(db);
        await DecidedComments.AddAsync(db, article, "you idiot", CommentStatus.Rejected);
        await DecidedComments.AddAsync(db, article, "what an 1d10t", CommentStatus.Spam);
        await DecidedComments.AddAsync(db, article, "an idiot-proof design", CommentStatus.Approved);
        await DecidedComments.AddAsync(db, article, "nice article", CommentStatus.Approved);
        await DecidedComments.AddAsync(db, article, "terrible take", CommentStatus.Rejected);
        // Not decided by a moderator: published by the engine, or still waiting.
        await DecidedComments.AddAsync(db, article, "idiot auto-published", CommentStatus.Approved, byModerator: false);
        await DecidedComments.AddAsync(db, article, "idiot waiting", CommentStatus.Pending, byModerator: true);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Counts_only_comments_a_moderator_decided()
    {
        Assert.Equal(5, await _backtest.CountDecidedAsync());
    }

    [Fact]
    public async Task Confusion_table_changes_precision_and_recall_are_exact()
    {
        var reports = new List<BacktestProgress>();

        var result = await _backtest.RunAsync(_edited, _inForce, 100, new SynchronousProgress(reports));

        Assert.Equal(5, result.Evaluated);
        Assert.False(result.Cancelled);
        Assert.Equal(1, result.Count(VerdictAction.Hold, CommentStatus.Rejected));
        Assert.Equal(1, result.Count(VerdictAction.Hold, CommentStatus.Spam));
        Assert.Equal(1, result.Count(VerdictAction.Hold, CommentStatus.Approved));
        Assert.Equal(1, result.Count(VerdictAction.Publish, CommentStatus.Approved));
        Assert.Equal(1, result.Count(VerdictAction.Publish, CommentStatus.Rejected));
        Assert.Equal(5, result.Confusion.Cast<int>().Sum());
        Assert.Equal(2, result.CurrentConfusion[(int)VerdictAction.Publish, (int)CommentStatus.Approved]);
        Assert.Equal(2, result.CurrentConfusion[(int)VerdictAction.Publish, (int)CommentStatus.Rejected]);
        Assert.Equal(1, result.CurrentConfusion[(int)VerdictAction.Publish, (int)CommentStatus.Spam]);

        Assert.Equal(new CatchScore(Caught: 3, Bad: 3, CaughtBad: 2), result.Edited);
        Assert.Equal(2.0 / 3, result.Edited.Precision!.Value, 6);
        Assert.Equal(2.0 / 3, result.Edited.Recall!.Value, 6);
        Assert.Null(result.Current.Precision);
        Assert.Equal(0, result.Current.Recall);

        Assert.Equal(3, result.Changed);
        var change = Assert.Single(result.Changes);
        Assert.Equal((VerdictAction.Publish, VerdictAction.Hold, 3), (change.Before, change.After, change.Count));
        Assert.Equal(["an idiot-proof design", "what an 1d10t", "you idiot"], change.Examples.Select(e => e.Excerpt).Order());
        Assert.All(change.Examples, e => Assert.Equal("Banned words", e.AfterRule));

        Assert.Equal(new BacktestProgress(0, 5), reports[0]);
        Assert.Equal(new BacktestProgress(5, 5), reports[^1]);
    }

    [Fact]
    public async Task Limit_takes_the_newest_decided_comments()
    {
        var result = await _backtest.RunAsync(_edited, _inForce, 2);

        Assert.Equal(2, result.Evaluated);
        // The two newest decided: "terrible take" (rejected, published) and "nice article" (approved, published).
        Assert.Equal(1, result.Count(VerdictAction.Publish, CommentStatus.Rejected));
        Assert.Equal(1, result.Count(VerdictAction.Publish, CommentStatus.Approved));
        Assert.Equal(0, result.Changed);
    }

    [Fact]
    public async Task Cancelled_run_stops_and_says_so()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var result = await _backtest.RunAsync(_edited, _inForce, 100, null, cancel.Token);

        Assert.True(result.Cancelled);
        Assert.Equal(0, result.Evaluated);
    }

    [Fact]
    public async Task An_authors_counts_are_replayed_without_the_comment_being_tested()
    {
        await using (var db = _host.CreateDbContext())
        {
            db.AuthorStandings.Add(new Data.Entities.AuthorStanding { AuthorKey = "email:guest@example.com", Email = "guest@example.com", RejectedCount = 2, SpamCount = 1, ApprovedCount = 2 });
            await db.SaveChangesAsync();
        }
        var repeatOffenders = CompiledRuleSet.Compile(new RuleSetDefinition
        {
            Rules = { new RuleDefinition { Name = "Rejected before", Action = VerdictAction.Hold, When = new AuthorCondition { Rejected = new NumberRange(2, null) } } },
        }, Open);

        BacktestResult result;
        try
        {
            result = await _backtest.RunAsync(repeatOffenders, _inForce, 100);
        }
        finally
        {
            await using var db = _host.CreateDbContext();
            await db.AuthorStandings.ExecuteDeleteAsync();
        }

        // Standing says 2 rejected; for each of the two rejected comments the other one is the only earlier rejection.
        Assert.Equal(0, result.Count(VerdictAction.Hold, CommentStatus.Rejected));
        Assert.Equal(1, result.Count(VerdictAction.Hold, CommentStatus.Spam));
        Assert.Equal(2, result.Count(VerdictAction.Hold, CommentStatus.Approved));
    }

    private sealed class SynchronousProgress(List<BacktestProgress> reports) : IProgress<BacktestProgress>
    {
        public void Report(BacktestProgress value) => reports.Add(value);
    }
}

public sealed class BacktestTests(AppFactory factory) : BacktestTests<AppFactory>(factory);

public sealed class BacktestTestsOnPostgres(PostgresAppFactory factory) : BacktestTests<PostgresAppFactory>(factory);
