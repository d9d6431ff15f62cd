namespace CommentModeration.Web.Moderation;

/// <summary>What a j/k step asks of the page.</summary>
public enum QueueMove
{
    /// <summary>Nothing to move to: the first or last row of the queue.</summary>
    None,

    /// <summary>Another row of the page shown is now current.</summary>
    WithinPage,

    /// <summary>The step crossed the page's edge: read the page at <see cref="QueueNavigator.After"/> / <see cref="QueueNavigator.Before"/> and show it.</summary>
    OtherPage,
}

/// <summary>
/// A moderator's place in one queue page (one circuit): which page of the queue is shown (keyset
/// cursors), which comment is current, which are ticked for a bulk action, and what can be undone.
/// Plain state without I/O: the page reads what the navigator points at and hands the result back.
/// </summary>
public sealed class QueueNavigator
{
    private static readonly QueuePage NoPage = new([], null, null, false, false);

    private readonly HashSet<long> _selected = [];
    private readonly UndoHistory _history = new();
    private bool _landOnLast;

    public QueuePage Page { get; private set; } = NoPage;

    /// <summary>Read the page after this row (paging forward), or null.</summary>
    public QueueCursor? After { get; private set; }

    /// <summary>Read the page before this row (paging back), or null.</summary>
    public QueueCursor? Before { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public long? CurrentId { get; private set; }

    public IReadOnlySet<long> Selected => _selected;

    public bool CanUndo => _history.Count > 0;

    /// <summary>True while the page to read starts at a cursor rather than at the top of the queue.</summary>
    public bool ReadsFromCursor => After is not null || Before is not null;

    /// <summary>Back to the top of the queue (another queue, filter or order); the ticks go.</summary>
    public void FirstPage()
    {
        RestartAtTop();
        _selected.Clear();
    }

    /// <summary>The page read at the cursor came back empty (all of it left the queue): read from the top instead.</summary>
    public void RestartAtTop()
    {
        After = Before = null;
        PageNumber = 1;
    }

    /// <summary>Points at the next page; false when there is none.</summary>
    public bool NextPage()
    {
        if (!Page.HasNext || Page.Last is null) return false;
        After = Page.Last;
        Before = null;
        PageNumber++;
        _selected.Clear();
        return true;
    }

    /// <summary>Points at the previous page; false when there is none.</summary>
    public bool PreviousPage()
    {
        if (!Page.HasPrevious || Page.First is null) return false;
        Before = Page.First;
        After = null;
        PageNumber = Math.Max(1, PageNumber - 1);
        _selected.Clear();
        return true;
    }

    /// <summary>
    /// Takes a page just read at the cursor. With <paramref name="keepCurrent"/> (a refresh after an
    /// action or a live change) the current comment stays current when it is still here; else the one
    /// that followed it, else whatever now sits at its place. Ticks on comments no longer here go.
    /// </summary>
    public void Show(QueuePage page, bool keepCurrent)
    {
        var previousIds = Page.Items.Select(i => i.Id).ToList();
        var previousIndex = CurrentId is { } id ? previousIds.IndexOf(id) : -1;
        Page = page;
        if (PageNumber == 1) Before = null;
        var ids = page.Items.Select(i => i.Id).ToHashSet();
        _selected.IntersectWith(ids);

        if (_landOnLast)
        {
            _landOnLast = false;
            CurrentId = page.Items.LastOrDefault()?.Id;
            return;
        }

        long? next = null;
        if (keepCurrent && CurrentId is { } current)
        {
            if (ids.Contains(current)) next = current;
            else
            {
                var following = previousIds.Skip(previousIndex + 1).Where(ids.Contains).Select(i => (long?)i).FirstOrDefault();
                next = following ?? page.Items.ElementAtOrDefault(Math.Clamp(previousIndex, 0, Math.Max(page.Items.Count - 1, 0)))?.Id;
            }
        }
        CurrentId = next ?? page.Items.FirstOrDefault()?.Id;
    }

    /// <summary>j (+1) or k (-1). Past the page's last row it points at the next page, before its first row at the previous one (landing on its last row).</summary>
    public QueueMove Move(int step)
    {
        var items = Page.Items;
        if (items.Count == 0) return QueueMove.None;
        var index = CurrentId is { } id ? IndexOf(id) : -1;
        var target = index + step;
        if (target >= items.Count) return NextPage() ? QueueMove.OtherPage : QueueMove.None;
        if (target < 0)
        {
            if (!PreviousPage()) return QueueMove.None;
            _landOnLast = true;
            return QueueMove.OtherPage;
        }
        CurrentId = items[target].Id;
        return QueueMove.WithinPage;
    }

    /// <summary>Makes a comment of this page current; false when it is not on the page.</summary>
    public bool Open(long id)
    {
        if (IndexOf(id) < 0) return false;
        CurrentId = id;
        return true;
    }

    public void ToggleSelect(long id)
    {
        if (!_selected.Remove(id)) _selected.Add(id);
    }

    /// <summary>
    /// What an action applies to: the ticked comments, or else the one shown. <paramref name="shown"/>
    /// carries the shown comment's version as last read, fresher than its row's.
    /// </summary>
    public IReadOnlyList<CommentRef> Targets(CommentRef? shown)
    {
        if (_selected.Count > 0)
        {
            return Page.Items.Where(i => _selected.Contains(i.Id))
                .Select(i => i.Id == shown?.Id ? shown : new CommentRef(i.Id, i.Version))
                .ToList();
        }
        return shown is null ? [] : [shown];
    }

    /// <summary>After an action: the ticks are spent, and what it changed can be undone. Returns its history entry (for a snackbar's own Undo), or null when nothing changed.</summary>
    public IReadOnlyList<CommentChange>? Acted(DecisionResult result)
    {
        _selected.Clear();
        return result.Changed.Count > 0 ? _history.Push(result.Changed) : null;
    }

    /// <summary>Takes an action off the history to undo it: the newest, or <paramref name="entry"/> when it is still there.</summary>
    public IReadOnlyList<CommentChange>? TakeUndo(IReadOnlyList<CommentChange>? entry = null) =>
        entry is null ? _history.Pop() : _history.Remove(entry) ? entry : null;

    /// <summary>After undoing <paramref name="undone"/>: earlier actions on the same comments can be undone next (see <see cref="UndoHistory.Rebase"/>).</summary>
    public void Undone(IReadOnlyList<CommentChange> undone, DecisionResult result) => _history.Rebase(undone, result);

    private int IndexOf(long id)
    {
        var items = Page.Items;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Id == id) return i;
        }
        return -1;
    }
}
