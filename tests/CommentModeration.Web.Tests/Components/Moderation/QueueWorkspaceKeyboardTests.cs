using Bunit;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Components.Pages.Moderation;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Components.Moderation;

/// <summary>The queue page driven from the keyboard, over the real moderation services and a real database (SQLite, and PostgreSQL in the twin).</summary>
public abstract class QueueWorkspaceKeyboardTests<TFactory> : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : AppFactory
{
    private readonly BunitContext _context = new();
    private readonly ModerationTestData _data;

    protected QueueWorkspaceKeyboardTests(TFactory factory)
    {
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
        _context.AddQueuePage(factory.Services, ModerationTestData.Alice);
    }

    /// <summary>The queue waits on the database, which may answer asynchronously (PostgreSQL) and later than a render.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Presses a key once the page is idle: while an action runs (waiting on the database) the page
    /// ignores keys other than z, so that an impatient second press does not act twice. The page says
    /// it is busy on the list the keys go to (aria-busy), whether or not an action bar is shown.
    /// </summary>
    private static void Press(IRenderedComponent<QueueWorkspace> cut, string key)
    {
        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find(".queue-keyboard").GetAttribute("aria-busy")), Patience);
        PressNow(cut, key);
    }

    /// <summary>Presses a key at once, busy or not, as an impatient moderator does.</summary>
    private static void PressNow(IRenderedComponent<QueueWorkspace> cut, string key) =>
        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = key });

    /// <summary>
    /// A comment's status read inside bUnit's waits, which may run on the renderer's thread: the read
    /// runs off it, so that a database answering asynchronously (PostgreSQL) does not wait for that blocked thread.
    /// </summary>
    private CommentStatus StatusOf(long id) => Task.Run(() => _data.ReloadAsync(id)).GetAwaiter().GetResult().Status;

    /// <summary>Waits for a comment's stored status; failing, says what the page showed (a key the page ignored leaves no other trace).</summary>
    private void WaitForStatus(IRenderedComponent<QueueWorkspace> cut, long id, CommentStatus status)
    {
        try
        {
            cut.WaitForAssertion(() => Assert.Equal(status, StatusOf(id)), Patience);
        }
        catch (Exception e)
        {
            var told = string.Join(" | ", _context.Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars.Select(x => x.Message));
            throw new Xunit.Sdk.XunitException(
                $"Comment {id} is not {status}. The page: busy {cut.Find(".queue-keyboard").GetAttribute("aria-busy")}, " +
                $"selected {cut.FindAll("li.queue-item[aria-selected=true]").FirstOrDefault()?.Id ?? "none"}, " +
                $"showing \"{cut.FindAll(".comment-body").FirstOrDefault()?.TextContent}\", decided-elsewhere notices {cut.FindAll(".decided-elsewhere").Count}; told: [{told}].", e);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    private static int _testsStarted;

    /// <summary>
    /// A creation time before every comment the class's earlier tests left in the queue (they share its
    /// database, in whatever order they run): the test's own comments come first in the queue.
    /// </summary>
    private static DateTimeOffset OlderThanEveryEarlierTest() => DateTimeOffset.UnixEpoch.AddYears(20).AddDays(-Interlocked.Increment(ref _testsStarted));

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task J_moves_down_a_approves_and_focus_moves_on_z_undoes_and_question_mark_shows_the_keys()
    {
        var article = await _data.AddArticleAsync();
        var start = OlderThanEveryEarlierTest();
        var first = await _data.AddCommentAsync(article.Id, createdAt: start, body: "first held");
        var second = await _data.AddCommentAsync(article.Id, createdAt: start.AddMinutes(1), body: "second held");
        var third = await _data.AddCommentAsync(article.Id, createdAt: start.AddMinutes(2), body: "third held");

        var cut = _context.Render<QueueWorkspace>();
        string Current() => cut.Find("li.queue-item[aria-selected=true]").Id ?? "";
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{first.Id}", Current()), Patience);
        int Pending() => int.Parse(cut.Find(".queue-count[data-queue=Pending]").TextContent, System.Globalization.CultureInfo.InvariantCulture);
        cut.WaitForAssertion(() => Assert.True(Pending() >= 3), Patience);
        var pending = Pending();

        Press(cut, "j");
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{second.Id}", Current()), Patience);
        cut.WaitForAssertion(() => Assert.Contains("second held", cut.Find(".comment-body").TextContent), Patience);

        Press(cut, "a");
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{third.Id}", Current()), Patience);
        Assert.Equal(CommentStatus.Approved, (await _data.ReloadAsync(second.Id)).Status);
        cut.WaitForAssertion(() => Assert.Equal(pending - 1, Pending()), Patience);
        Assert.DoesNotContain(cut.FindAll("li.queue-item"), li => li.Id == $"queue-item-{second.Id}");

        Press(cut, "z");
        WaitForStatus(cut, second.Id, CommentStatus.Pending);
        cut.WaitForAssertion(() => Assert.Equal(pending, Pending()), Patience);

        Press(cut, "?");
        cut.WaitForAssertion(() => Assert.Contains("undo the last action", cut.Find(".keyboard-help").TextContent), Patience);
    }

    [Fact]
    public async Task Z_pressed_again_undoes_the_action_before_the_last()
    {
        var article = await _data.AddArticleAsync();
        var start = OlderThanEveryEarlierTest();
        var first = await _data.AddCommentAsync(article.Id, createdAt: start, body: "first of two");
        var second = await _data.AddCommentAsync(article.Id, createdAt: start.AddMinutes(1), body: "second of two");

        var cut = _context.Render<QueueWorkspace>();
        string Current() => cut.Find("li.queue-item[aria-selected=true]").Id ?? "";
        cut.WaitForAssertion(() => cut.Find($"#queue-item-{first.Id}").Click(), Patience);
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{first.Id}", Current()), Patience);
        cut.WaitForAssertion(() => Assert.Contains("first of two", cut.Find(".comment-body").TextContent), Patience);
        Press(cut, "a");
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{second.Id}", Current()), Patience);
        // The keys act on the comment shown, which follows the selection once it is read.
        cut.WaitForAssertion(() => Assert.Contains("second of two", cut.Find(".comment-body").TextContent), Patience);
        Press(cut, "s");
        WaitForStatus(cut, second.Id, CommentStatus.Spam);
        Assert.Equal(CommentStatus.Approved, StatusOf(first.Id));

        Press(cut, "z");
        WaitForStatus(cut, second.Id, CommentStatus.Pending);
        Assert.Equal(CommentStatus.Approved, StatusOf(first.Id));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find(".action-undo")), Patience);

        Press(cut, "z");
        WaitForStatus(cut, first.Id, CommentStatus.Pending);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".action-undo")), Patience);
        Assert.Equal(CommentStatus.Pending, StatusOf(second.Id));

        // Leave the shared Pending queue as the other tests of this class expect it.
        var actions = _context.Services.GetRequiredService<ModeratorDecisions>();
        await actions.ApproveAsync([ModerationTestData.Ref(await _data.ReloadAsync(first.Id)), ModerationTestData.Ref(await _data.ReloadAsync(second.Id))], ModerationTestData.Alice);
    }

    [Fact]
    public async Task Z_pressed_while_an_action_runs_undoes_it_once_it_finishes()
    {
        var article = await _data.AddArticleAsync();
        var start = OlderThanEveryEarlierTest();
        var only = await _data.AddCommentAsync(article.Id, createdAt: start, body: "spam and straight back");

        var cut = _context.Render<QueueWorkspace>();
        cut.WaitForAssertion(() => cut.Find($"#queue-item-{only.Id}").Click(), Patience);
        cut.WaitForAssertion(() => Assert.Contains("spam and straight back", cut.Find(".comment-body").TextContent), Patience);

        Press(cut, "s");
        PressNow(cut, "z");

        // Idle, held and nothing to undo is also how the page stood before the keys: first wait for the
        // spam and its undo to be written (on PostgreSQL, after the keys were handled).
        var trail = await Eventually.ReadAsync(async () => (await _data.EventsForAsync(only.Id)).Select(e => e.Action).ToList(),
            actions => actions.Count >= 2, Patience, actions => $"The comment's audit trail is [{string.Join(", ", actions)}], not its spam and the undo.");
        Assert.Equal([AuditActions.Spam, AuditActions.Undo], trail);
        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find(".queue-keyboard").GetAttribute("aria-busy")), Patience);
        WaitForStatus(cut, only.Id, CommentStatus.Pending);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".action-undo")), Patience);

        var actions = _context.Services.GetRequiredService<ModeratorDecisions>();
        await actions.ApproveAsync([ModerationTestData.Ref(await _data.ReloadAsync(only.Id))], ModerationTestData.Alice);
    }

    [Fact]
    public async Task R_then_a_digit_rejects_with_that_reason_and_s_marks_spam()
    {
        var article = await _data.AddArticleAsync();
        var start = OlderThanEveryEarlierTest();
        var first = await _data.AddCommentAsync(article.Id, createdAt: start, body: "first to reject");
        var second = await _data.AddCommentAsync(article.Id, createdAt: start.AddMinutes(1), body: "second to mark as spam");

        var cut = _context.Render<QueueWorkspace>();
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{first.Id}", cut.Find("li.queue-item[aria-selected=true]").Id), Patience);
        // The keys act on the comment shown, which follows the selection once it is read.
        cut.WaitForAssertion(() => Assert.Contains("first to reject", cut.Find(".comment-body").TextContent), Patience);

        Press(cut, "r");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find(".reject-reasons")), Patience);
        Press(cut, "1");
        WaitForStatus(cut, first.Id, CommentStatus.Rejected);
        Assert.Equal(ModeratorDecisions.RejectionReasons[0], (await _data.ReloadAsync(first.Id)).RejectionReason);

        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{second.Id}", cut.Find("li.queue-item[aria-selected=true]").Id), Patience);
        cut.WaitForAssertion(() => Assert.Contains("second to mark as spam", cut.Find(".comment-body").TextContent), Patience);
        Press(cut, "s");
        WaitForStatus(cut, second.Id, CommentStatus.Spam);
    }
}

public sealed class QueueWorkspaceKeyboardTests(AppFactory factory) : QueueWorkspaceKeyboardTests<AppFactory>(factory);

public sealed class QueueWorkspaceKeyboardTestsOnPostgres(PostgresAppFactory factory) : QueueWorkspaceKeyboardTests<PostgresAppFactory>(factory);
