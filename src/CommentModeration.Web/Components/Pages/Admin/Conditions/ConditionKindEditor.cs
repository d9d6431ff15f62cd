using CommentModeration.Core.Rules.Definition;
using Microsoft.AspNetCore.Components;

namespace CommentModeration.Web.Components.Pages.Admin.Conditions;

/// <summary>
/// What every predicate kind's editor gets from the condition builder: the condition it edits in
/// place, the word lists to offer, and the callback that re-validates after each change.
/// </summary>
public abstract class ConditionKindEditor<T> : ComponentBase where T : Condition
{
    [Parameter, EditorRequired] public T Condition { get; set; } = default!;
    [Parameter] public IReadOnlyList<string> WordLists { get; set; } = [];
    [Parameter] public EventCallback OnChanged { get; set; }

    protected async Task ChangeAsync(Action change)
    {
        change();
        await OnChanged.InvokeAsync();
    }

    protected static List<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    protected static void Toggle<TItem>(List<TItem> items, TItem item, bool on)
    {
        items.Remove(item);
        if (on) items.Add(item);
    }
}
