using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Moderation;

/// <summary>Undo working back through a moderator's recent actions, over the real actions service and a real database.</summary>
public abstract class UndoHistoryTests<TFactory> : IClassFixture<TFactory>
    where TFactory : AppFactory
{
    private readonly ModerationTestData _data;

    protected UndoHistoryTests(TFactory factory)
    {
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
    }

    private ModeratorDecisions Actions => _data.Get<ModeratorDecisions>();

    [Fact]
    public async Task Undo_works_back_through_the_last_actions_newest_first()
    {
        var article = await _data.AddArticleAsync();
        var first = await _data.AddCommentAsync(article.Id);
        var second = await _data.AddCommentAsync(article.Id);
        var history = new UndoHistory();
        history.Push((await Actions.ApproveAsync([Ref(first)], Alice)).Changed);
        history.Push((await Actions.RejectAsync([Ref(second)], "Off-topic", Alice)).Changed);

        var newest = history.Pop()!;
        Assert.Equal(second.Id, Assert.Single(newest).CommentId);
        history.Rebase(newest, await Actions.UndoAsync(newest, Alice));
        Assert.Equal(CommentStatus.Pending, (await _data.ReloadAsync(second.Id)).Status);
        Assert.Equal(CommentStatus.Approved, (await _data.ReloadAsync(first.Id)).Status);

        var older = history.Pop()!;
        Assert.True((await Actions.UndoAsync(older, Alice)).Succeeded);
        Assert.Equal(CommentStatus.Pending, (await _data.ReloadAsync(first.Id)).Status);
        Assert.Null(history.Pop());
    }

    [Fact]
    public async Task Two_actions_on_one_comment_undo_one_after_the_other()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);
        var history = new UndoHistory();
        var approve = (await Actions.ApproveAsync([Ref(comment)], Alice)).Changed;
        history.Push(approve);
        history.Push((await Actions.SpamAsync([new CommentRef(comment.Id, approve[0].Version)], Alice)).Changed);

        var spam = history.Pop()!;
        history.Rebase(spam, await Actions.UndoAsync(spam, Alice));
        Assert.Equal(CommentStatus.Approved, (await _data.ReloadAsync(comment.Id)).Status);

        var result = await Actions.UndoAsync(history.Pop()!, Alice);

        Assert.True(result.Succeeded);
        Assert.Equal(CommentStatus.Pending, (await _data.ReloadAsync(comment.Id)).Status);
        Assert.Equal(["approve", "spam", "undo", "undo"], (await _data.EventsForAsync(comment.Id)).Select(e => e.Action));
    }

    [Fact]
    public async Task An_older_action_is_not_undone_over_a_colleagues_later_change()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);
        var history = new UndoHistory();
        var approve = (await Actions.ApproveAsync([Ref(comment)], Alice)).Changed;
        history.Push(approve);
        await Actions.RejectAsync([new CommentRef(comment.Id, approve[0].Version)], "Off-topic", Bob);

        var result = await Actions.UndoAsync(history.Pop()!, Alice);

        Assert.Contains("bob@example.com rejected this comment first", Assert.Single(result.Refused).Message);
        Assert.Equal(CommentStatus.Rejected, (await _data.ReloadAsync(comment.Id)).Status);
    }

    [Fact]
    public void The_history_keeps_the_newest_actions_up_to_its_capacity_and_a_snackbar_can_take_its_own()
    {
        var history = new UndoHistory(capacity: 3);
        var entries = Enumerable.Range(1, 5).Select(i => history.Push([Change(i)])).ToList();

        Assert.Equal(3, history.Count);
        Assert.False(history.Remove(entries[0]));
        Assert.True(history.Remove(entries[3]));
        Assert.Equal([5, 3], [history.Pop()![0].CommentId, history.Pop()![0].CommentId]);
        Assert.Null(history.Pop());
        Assert.Empty(history.Push([]));
        Assert.Equal(0, history.Count);
    }

    private static CommentChange Change(long id)
    {
        var state = new CommentState(CommentStatus.Pending, false, 0, false, null);
        return new CommentChange(id, id, "approve", state, state with { Status = CommentStatus.Approved }, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UnixEpoch);
    }
}

public sealed class UndoHistoryTests(AppFactory factory) : UndoHistoryTests<AppFactory>(factory);

public sealed class UndoHistoryTestsOnPostgres(PostgresAppFactory factory) : UndoHistoryTests<PostgresAppFactory>(factory);
