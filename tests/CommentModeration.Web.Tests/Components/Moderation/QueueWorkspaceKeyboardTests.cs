using Bunit;
using CommentModeration.Core.Comments;
using CommentModeration.Web.Components.Pages.Moderation;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Components.Moderation;

/// <summary>The queue page driven from the keyboard, over the real moderation services and a real SQLite database.</summary>
public sealed class QueueWorkspaceKeyboardTests : IClassFixture<AppFactory>, IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly ModerationTestData _data;

    public QueueWorkspaceKeyboardTests(AppFactory factory)
    {
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
        _context.AddQueuePage(factory.Services, ModerationTestData.Alice);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task J_moves_down_a_approves_and_focus_moves_on_z_undoes_and_question_mark_shows_the_keys()
    {
        var article = await _data.AddArticleAsync();
        var start = DateTimeOffset.UnixEpoch.AddYears(30);
        var first = await _data.AddCommentAsync(article.Id, createdAt: start, body: "first held");
        var second = await _data.AddCommentAsync(article.Id, createdAt: start.AddMinutes(1), body: "second held");
        var third = await _data.AddCommentAsync(article.Id, createdAt: start.AddMinutes(2), body: "third held");

        var cut = _context.Render<QueueWorkspace>();
        string Current() => cut.Find("li.queue-item[aria-selected=true]").Id ?? "";
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{first.Id}", Current()));
        Assert.Equal("3", cut.Find(".queue-count[data-queue=Pending]").TextContent);

        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = "j" });
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{second.Id}", Current()));
        Assert.Contains("second held", cut.Find(".comment-body").TextContent);

        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = "a" });
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{third.Id}", Current()));
        Assert.Equal(CommentStatus.Approved, (await _data.ReloadAsync(second.Id)).Status);
        Assert.Equal("2", cut.Find(".queue-count[data-queue=Pending]").TextContent);
        Assert.DoesNotContain(cut.FindAll("li.queue-item"), li => li.Id == $"queue-item-{second.Id}");

        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = "z" });
        cut.WaitForAssertion(() => Assert.Equal(CommentStatus.Pending, _data.ReloadAsync(second.Id).GetAwaiter().GetResult().Status));
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find(".queue-count[data-queue=Pending]").TextContent));

        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = "?" });
        cut.WaitForAssertion(() => Assert.Contains("undo the last action", cut.Find(".keyboard-help").TextContent));
    }

    [Fact]
    public async Task Z_pressed_again_undoes_the_action_before_the_last()
    {
        var article = await _data.AddArticleAsync();
        // Newer than the other tests' comments, which expect theirs at the top of the Pending queue.
        var start = DateTimeOffset.UnixEpoch.AddYears(40);
        var first = await _data.AddCommentAsync(article.Id, createdAt: start, body: "first of two");
        var second = await _data.AddCommentAsync(article.Id, createdAt: start.AddMinutes(1), body: "second of two");

        var cut = _context.Render<QueueWorkspace>();
        string Current() => cut.Find("li.queue-item[aria-selected=true]").Id ?? "";
        CommentStatus StatusOf(long id) => _data.ReloadAsync(id).GetAwaiter().GetResult().Status;
        cut.WaitForAssertion(() => cut.Find($"#queue-item-{first.Id}").Click());
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{first.Id}", Current()));
        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = "a" });
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{second.Id}", Current()));
        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = "s" });
        cut.WaitForAssertion(() => Assert.Equal(CommentStatus.Spam, StatusOf(second.Id)));
        Assert.Equal(CommentStatus.Approved, StatusOf(first.Id));

        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = "z" });
        cut.WaitForAssertion(() => Assert.Equal(CommentStatus.Pending, StatusOf(second.Id)));
        Assert.Equal(CommentStatus.Approved, StatusOf(first.Id));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find(".action-undo")));

        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = "z" });
        cut.WaitForAssertion(() => Assert.Equal(CommentStatus.Pending, StatusOf(first.Id)));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".action-undo")));
        Assert.Equal(CommentStatus.Pending, StatusOf(second.Id));

        // Leave the shared Pending queue as the other tests of this class expect it.
        var actions = _context.Services.GetRequiredService<ModeratorDecisions>();
        await actions.ApproveAsync([ModerationTestData.Ref(await _data.ReloadAsync(first.Id)), ModerationTestData.Ref(await _data.ReloadAsync(second.Id))], ModerationTestData.Alice);
    }

    [Fact]
    public async Task R_then_a_digit_rejects_with_that_reason_and_s_marks_spam()
    {
        var article = await _data.AddArticleAsync();
        var start = DateTimeOffset.UnixEpoch.AddYears(20);
        var first = await _data.AddCommentAsync(article.Id, createdAt: start);
        var second = await _data.AddCommentAsync(article.Id, createdAt: start.AddMinutes(1));

        var cut = _context.Render<QueueWorkspace>();
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{first.Id}", cut.Find("li.queue-item[aria-selected=true]").Id));

        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = "r" });
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find(".reject-reasons")));
        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = "1" });
        cut.WaitForAssertion(() => Assert.Equal(CommentStatus.Rejected, _data.ReloadAsync(first.Id).GetAwaiter().GetResult().Status));
        Assert.Equal(ModeratorDecisions.RejectionReasons[0], (await _data.ReloadAsync(first.Id)).RejectionReason);

        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{second.Id}", cut.Find("li.queue-item[aria-selected=true]").Id));
        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = "s" });
        cut.WaitForAssertion(() => Assert.Equal(CommentStatus.Spam, _data.ReloadAsync(second.Id).GetAwaiter().GetResult().Status));
    }
}
