using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Moderation;

namespace CommentModeration.Web.Tests.Moderation;

/// <summary>Where the moderator is in the queue, without a page or a database: the rows are made here.</summary>
public sealed class QueueNavigatorTests
{
    private static QueueItem Item(long id) =>
        new(id, Guid.NewGuid(), DateTimeOffset.UnixEpoch.AddMinutes(id), CommentStatus.Pending, 1, "Article", $"Author {id}", "k", $"Text {id}", false, 0, false, VerdictAction.Hold, []);

    private static QueuePage Page(bool hasPrevious, bool hasNext, params long[] ids)
    {
        var items = ids.Select(Item).ToList();
        return new QueuePage(items, new QueueCursor(items[0].CreatedAt, ids[0]), new QueueCursor(items[^1].CreatedAt, ids[^1]), hasPrevious, hasNext);
    }

    private static QueueNavigator ShowingFirstPage(bool hasNext, params long[] ids)
    {
        var navigator = new QueueNavigator();
        navigator.Show(Page(hasPrevious: false, hasNext, ids), keepCurrent: false);
        return navigator;
    }

    private static CommentChange Change(long id) =>
        new(id, id * 10, "approve", new CommentState(CommentStatus.Pending, false, 0, false, null), new CommentState(CommentStatus.Approved, false, 0, false, null),
            Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UnixEpoch);

    private static DecisionResult Changed(params long[] ids) => new(ids.Select(Change).ToList(), []);

    [Fact]
    public void A_new_page_starts_at_its_first_row_and_j_and_k_move_within_it()
    {
        var navigator = ShowingFirstPage(hasNext: false, 1, 2, 3);
        Assert.Equal(1, navigator.CurrentId);

        Assert.Equal(QueueMove.WithinPage, navigator.Move(+1));
        Assert.Equal(QueueMove.WithinPage, navigator.Move(+1));
        Assert.Equal(3, navigator.CurrentId);
        Assert.Equal(QueueMove.WithinPage, navigator.Move(-1));
        Assert.Equal(2, navigator.CurrentId);
    }

    [Fact]
    public void J_on_the_last_row_and_k_on_the_first_stay_when_the_queue_ends_there()
    {
        var navigator = ShowingFirstPage(hasNext: false, 1, 2);

        Assert.Equal(QueueMove.None, navigator.Move(-1));
        Assert.Equal(1, navigator.CurrentId);
        navigator.Move(+1);
        Assert.Equal(QueueMove.None, navigator.Move(+1));
        Assert.Equal(2, navigator.CurrentId);
        Assert.Null(navigator.After);
        Assert.Equal(1, navigator.PageNumber);
    }

    [Fact]
    public void J_on_the_last_row_turns_to_the_next_page_and_lands_on_its_first_row()
    {
        var navigator = ShowingFirstPage(hasNext: true, 1, 2);
        navigator.ToggleSelect(1);
        navigator.Move(+1);

        Assert.Equal(QueueMove.OtherPage, navigator.Move(+1));
        Assert.Equal(new QueueCursor(Item(2).CreatedAt, 2), navigator.After);
        Assert.Null(navigator.Before);
        Assert.Equal(2, navigator.PageNumber);
        Assert.Empty(navigator.Selected);

        navigator.Show(Page(hasPrevious: true, hasNext: false, 3, 4), keepCurrent: false);
        Assert.Equal(3, navigator.CurrentId);
    }

    [Fact]
    public void K_on_the_first_row_of_a_later_page_turns_back_and_lands_on_the_last_row_of_the_page_before()
    {
        var navigator = ShowingFirstPage(hasNext: true, 1, 2);
        navigator.NextPage();
        navigator.Show(Page(hasPrevious: true, hasNext: false, 3, 4), keepCurrent: false);

        Assert.Equal(QueueMove.OtherPage, navigator.Move(-1));
        Assert.Equal(new QueueCursor(Item(3).CreatedAt, 3), navigator.Before);
        Assert.Null(navigator.After);
        Assert.Equal(1, navigator.PageNumber);

        navigator.Show(Page(hasPrevious: false, hasNext: true, 1, 2), keepCurrent: false);
        Assert.Equal(2, navigator.CurrentId);
        // Back on the first page: later refreshes read it from the top, not before a cursor.
        Assert.False(navigator.ReadsFromCursor);
    }

    [Fact]
    public void A_live_update_that_removes_the_current_row_makes_the_row_that_followed_it_current_and_drops_its_tick()
    {
        var navigator = ShowingFirstPage(hasNext: false, 1, 2, 3, 4);
        navigator.Open(2);
        navigator.ToggleSelect(2);
        navigator.ToggleSelect(4);

        // Another moderator approved 2 and 3.
        navigator.Show(Page(hasPrevious: false, hasNext: false, 1, 4), keepCurrent: true);

        Assert.Equal(4, navigator.CurrentId);
        Assert.Equal(new long[] { 4 }, navigator.Selected.ToArray());
    }

    [Fact]
    public void A_live_update_keeps_the_current_row_where_it_is_still_on_the_page()
    {
        var navigator = ShowingFirstPage(hasNext: false, 1, 2, 3);
        navigator.Open(3);

        navigator.Show(Page(hasPrevious: false, hasNext: false, 0, 1, 3), keepCurrent: true);

        Assert.Equal(3, navigator.CurrentId);
    }

    [Fact]
    public void When_the_current_row_and_every_row_after_it_are_gone_the_row_now_at_its_place_is_current()
    {
        var navigator = ShowingFirstPage(hasNext: false, 1, 2, 3);
        navigator.Open(3);

        navigator.Show(Page(hasPrevious: false, hasNext: false, 1, 2), keepCurrent: true);

        Assert.Equal(2, navigator.CurrentId);
    }

    [Fact]
    public void An_emptied_queue_has_no_current_row_and_no_ticks_and_nothing_to_move_to()
    {
        var navigator = ShowingFirstPage(hasNext: false, 1);
        navigator.ToggleSelect(1);

        navigator.Show(new QueuePage([], null, null, false, false), keepCurrent: true);

        Assert.Null(navigator.CurrentId);
        Assert.Empty(navigator.Selected);
        Assert.Equal(QueueMove.None, navigator.Move(+1));
        Assert.Empty(navigator.Targets(null));
    }

    [Fact]
    public void A_page_read_at_a_cursor_that_came_back_empty_is_read_again_from_the_top()
    {
        var navigator = ShowingFirstPage(hasNext: true, 1, 2);
        navigator.NextPage();
        Assert.True(navigator.ReadsFromCursor);

        navigator.RestartAtTop();

        Assert.False(navigator.ReadsFromCursor);
        Assert.Equal(1, navigator.PageNumber);
    }

    [Fact]
    public void Another_queue_starts_from_the_top_without_the_ticks()
    {
        var navigator = ShowingFirstPage(hasNext: true, 1, 2);
        navigator.ToggleSelect(2);
        navigator.NextPage();
        navigator.Show(Page(hasPrevious: true, hasNext: false, 3, 4), keepCurrent: false);
        navigator.ToggleSelect(3);

        navigator.FirstPage();

        Assert.False(navigator.ReadsFromCursor);
        Assert.Equal(1, navigator.PageNumber);
        Assert.Empty(navigator.Selected);
    }

    [Fact]
    public void An_action_applies_to_the_ticked_rows_with_the_shown_comments_fresher_version_or_else_to_the_shown_comment()
    {
        var navigator = ShowingFirstPage(hasNext: false, 1, 2, 3);
        var shown = new CommentRef(1, Guid.NewGuid());

        Assert.Equal(shown, Assert.Single(navigator.Targets(shown)));

        navigator.ToggleSelect(1);
        navigator.ToggleSelect(3);
        var targets = navigator.Targets(shown);
        Assert.Equal(new long[] { 1, 3 }, targets.Select(t => t.Id).ToArray());
        Assert.Equal(shown.Version, targets[0].Version);
        Assert.Equal(navigator.Page.Items[2].Version, targets[1].Version);

        navigator.ToggleSelect(3);
        Assert.Equal(new long[] { 1 }, navigator.Selected.ToArray());
    }

    [Fact]
    public void Undo_is_offered_once_an_action_changed_something_and_goes_back_newest_first()
    {
        var navigator = ShowingFirstPage(hasNext: false, 1, 2);
        navigator.ToggleSelect(2);

        Assert.Null(navigator.Acted(new DecisionResult([], [new DecisionRefusal(1, "Someone else moved it.")])));
        Assert.False(navigator.CanUndo);
        Assert.Empty(navigator.Selected);

        var first = navigator.Acted(Changed(1));
        var second = navigator.Acted(Changed(2));
        Assert.True(navigator.CanUndo);

        Assert.Equal(2, Assert.Single(navigator.TakeUndo()!).CommentId);
        Assert.Same(first, navigator.TakeUndo());
        Assert.False(navigator.CanUndo);
        Assert.Null(navigator.TakeUndo());
        Assert.NotNull(second);
    }

    [Fact]
    public void A_snackbars_undo_takes_its_own_action_once_even_when_newer_ones_followed()
    {
        var navigator = ShowingFirstPage(hasNext: false, 1, 2);
        var first = navigator.Acted(Changed(1))!;
        navigator.Acted(Changed(2));

        Assert.Same(first, navigator.TakeUndo(first));
        Assert.Null(navigator.TakeUndo(first));
        Assert.Equal(2, Assert.Single(navigator.TakeUndo()!).CommentId);
    }
}
