using Bunit;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Components.Pages.Admin;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Admin;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Components.Admin;

/// <summary>The real app with five decided comments, and discussion checks that publish everything, so only the draft's rule holds.</summary>
public class FiveDecidedComments : AppFactory, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        var settings = Services.GetRequiredService<DiscussionSettingsEditing>();
        await using var db = CreateDbContext();
        var open = await settings.LoadAsync() with { RequirePreviouslyApproved = false, HoldWhenLinksAtLeast = 0 };
        await settings.SaveAsync(open, await StaffAccounts.EnsureAsync(Services, new("backtest-admin", "admin@example.com"), Roles.Admin));
        var article = await DecidedComments.AddArticleAsync(db);
        await DecidedComments.AddAsync(db, article, "you idiot", CommentStatus.Rejected);
        await DecidedComments.AddAsync(db, article, "what an 1d10t", CommentStatus.Spam);
        await DecidedComments.AddAsync(db, article, "an idiot-proof design", CommentStatus.Approved);
        await DecidedComments.AddAsync(db, article, "nice article", CommentStatus.Approved);
        await DecidedComments.AddAsync(db, article, "terrible take", CommentStatus.Rejected);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

public sealed class PostgresFiveDecidedComments : FiveDecidedComments
{
    public PostgresFiveDecidedComments() => UsePostgres();
}

public abstract class BacktestViewTests<TFactory>(TFactory host) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : FiveDecidedComments
{
    private readonly BunitContext _context = AdminComponents.Create(host);

    [Fact]
    public async Task Run_shows_progress_changes_and_the_confusion_table_of_the_unsaved_rule_set()
    {
        var draft = _context.Services.GetRequiredService<RuleSetDraft>();
        await draft.EnsureLoadedAsync();
        draft.Replace(new RuleSetDefinition
        {
            WordLists = { ["banned"] = ["idiot"] },
            Rules = { new RuleDefinition { Name = "Banned words", Action = VerdictAction.Hold, When = new WordsCondition { List = "banned" } } },
        });
        var page = _context.Render<BacktestPage>();
        page.WaitForAssertion(() => Assert.Contains("5 decided comments available", page.Markup), TimeSpan.FromSeconds(10));

        page.Find("#run-backtest").Click();

        page.WaitForElement("#backtest-result", TimeSpan.FromSeconds(30));
        Assert.Equal("5 of 5 comments", page.Find("#backtest-progress-text").TextContent.Trim());
        Assert.Equal("3 of 5", page.Find("#backtest-changed").TextContent.Trim());
        Assert.Equal(Percent(2.0 / 3), page.Find("#backtest-precision").TextContent.Trim());
        Assert.Equal(Percent(2.0 / 3), page.Find("#backtest-recall").TextContent.Trim());
        string Cell(string outcome, string decision) => page.Find($"#confusion-table tr[data-outcome='{outcome}'] td[data-decision='{decision}'] .edited").TextContent;
        Assert.Equal("1", Cell("hold", "Approved"));
        Assert.Equal("1", Cell("hold", "Rejected"));
        Assert.Equal("1", Cell("hold", "Spam"));
        Assert.Equal("1", Cell("publish", "Approved"));
        Assert.Equal("1", Cell("publish", "Rejected"));
        Assert.Equal("0", Cell("spam", "Spam"));
        var change = page.Find("[data-change='publish->hold']");
        Assert.Contains("3", change.QuerySelector("b")!.TextContent);
        Assert.Contains("an idiot-proof design", change.TextContent);
        Assert.Contains("moderators: approved", change.TextContent);
        Assert.DoesNotContain("nice article", change.TextContent);
    }

    private static string Percent(double share) => share.ToString("P1");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}

public sealed class BacktestViewTests(FiveDecidedComments host) : BacktestViewTests<FiveDecidedComments>(host);

public sealed class BacktestViewTestsOnPostgres(PostgresFiveDecidedComments host) : BacktestViewTests<PostgresFiveDecidedComments>(host);

/// <summary>The real app with 60,000 decided comments: a backtest long enough to cancel.</summary>
public sealed class ManyDecidedComments : AppFactory, IAsyncLifetime
{
    public const int Count = 60_000;

    public async Task InitializeAsync()
    {
        await using var db = CreateDbContext();
        var article = await DecidedComments.AddArticleAsync(db);
        DecidedComments.AddMany($"Data Source={DatabasePath}", article, Count,
            i => ($"Comment number {i} about the council's budget, with some words to read through.", i % 3 == 0 ? CommentStatus.Rejected : CommentStatus.Approved));
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

public sealed class BacktestCancelTests(ManyDecidedComments host) : IClassFixture<ManyDecidedComments>, IAsyncLifetime
{
    private readonly BunitContext _context = AdminComponents.Create(host);

    [Fact]
    public void Cancel_stops_the_run_and_reports_what_it_covered()
    {
        var page = _context.Render<BacktestPage>();
        page.WaitForElement("#run-backtest:not([disabled])", TimeSpan.FromSeconds(10));
        page.Find(".backtest-limit input").Change(ManyDecidedComments.Count.ToString());

        page.Find("#run-backtest").Click();
        page.WaitForElement("#cancel-backtest").Click();

        page.WaitForElement("#backtest-cancelled", TimeSpan.FromSeconds(60));
        var evaluated = int.Parse(page.Find("#backtest-cancelled").TextContent.Split("after ")[1].Split(' ')[0].Replace(",", ""));
        Assert.InRange(evaluated, 0, ManyDecidedComments.Count - 1);
        Assert.NotNull(page.Find("#run-backtest"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}
