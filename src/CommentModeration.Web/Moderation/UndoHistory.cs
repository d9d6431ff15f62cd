namespace CommentModeration.Web.Moderation;

/// <summary>
/// A moderator's recent actions on one queue page (one circuit), newest last, so that Undo works
/// back through them one by one. Holds at most <see cref="Capacity"/> actions; the oldest go first.
/// </summary>
public sealed class UndoHistory(int capacity = UndoHistory.DefaultCapacity)
{
    public const int DefaultCapacity = 20;

    private readonly List<List<CommentChange>> _actions = [];

    public int Capacity { get; } = capacity;

    public int Count => _actions.Count;

    /// <summary>Records an action; returns its entry, which <see cref="Remove"/> takes (a snackbar's own Undo).</summary>
    public IReadOnlyList<CommentChange> Push(IReadOnlyList<CommentChange> changes)
    {
        var entry = changes.ToList();
        if (entry.Count == 0) return entry;
        _actions.Add(entry);
        if (_actions.Count > Capacity) _actions.RemoveAt(0);
        return entry;
    }

    /// <summary>Takes the newest action off the history, or null when there is none.</summary>
    public IReadOnlyList<CommentChange>? Pop()
    {
        if (_actions.Count == 0) return null;
        var newest = _actions[^1];
        _actions.RemoveAt(_actions.Count - 1);
        return newest;
    }

    /// <summary>Takes one action off the history wherever it is; false when it is no longer there.</summary>
    public bool Remove(IReadOnlyList<CommentChange> entry) => entry is List<CommentChange> list && _actions.Remove(list);

    /// <summary>
    /// After <paramref name="undone"/> was undone: a comment put back exactly where an earlier action
    /// left it (same version it was acted on from) now carries the undo's new version, so that the
    /// earlier action can be undone next. A comment someone else changed in between keeps its stale
    /// version, and undoing that earlier action is refused as a conflict.
    /// </summary>
    public void Rebase(IReadOnlyList<CommentChange> undone, DecisionResult result)
    {
        foreach (var restored in result.Changed)
        {
            var original = undone.FirstOrDefault(c => c.CommentId == restored.CommentId);
            if (original is null) continue;
            foreach (var action in _actions)
            {
                var index = action.FindIndex(c => c.CommentId == restored.CommentId && c.Version == original.PreviousVersion);
                if (index >= 0) action[index] = action[index] with { Version = restored.Version };
            }
        }
    }
}
