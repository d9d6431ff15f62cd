using System.Security.Claims;
using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace CommentModeration.Web.Components.Pages.Moderation;

/// <summary>
/// The queue page: reads pages, comments and author cards, runs the moderator's actions and keys.
/// Where the moderator is in the queue (page, current comment, ticks, undo) is <see cref="QueueNavigator"/>'s.
/// </summary>
public sealed partial class QueueWorkspace : IDisposable
{
    [Inject] private ModerationQueue Queue { get; set; } = default!;
    [Inject] private ModeratorDecisions Actions { get; set; } = default!;
    [Inject] private AuthorModeration Authors { get; set; } = default!;
    [Inject] private SpamPurge Purge { get; set; } = default!;
    [Inject] private IModerationNotifier Notifier { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "queue")] private string? QueueParameter { get; set; }
    [SupplyParameterFromQuery(Name = "order")] private string? OrderParameter { get; set; }

    private readonly QueueNavigator _navigator = new();
    private QueueFilter _filter = new();
    private QueueCounts _counts = new(0, 0, 0, 0, 0, 0);
    private QueueItemDetail? _detail;
    private AuthorCard? _card;
    private Moderator _me = new("", "");
    private bool _busy, _showReasons, _showHelp, _editing, _focusPending;
    private string? _editText, _authorText, _ruleText, _searchText;
    private ArticleOption? _article;
    private ElementReference _keyboardArea;
    private QueueList? _list;
    private IDisposable? _subscription;
    private int _refreshQueued;
    // z pressed while an action ran: undone once it finishes, in order, rather than dropped.
    private int _undosPressed;

    protected override async Task OnInitializedAsync()
    {
        _me = await Moderator.OfAsync(AuthenticationState);
        _filter = _filter with
        {
            Queue = Enum.TryParse<QueueKind>(QueueParameter, ignoreCase: true, out var queue) ? queue : QueueKind.Pending,
            Order = string.Equals(OrderParameter, "newest", StringComparison.OrdinalIgnoreCase) ? QueueOrder.NewestFirst : QueueOrder.OldestFirst,
        };
        await OpenOnMyDesksAsync();
        await LoadAsync(keepCurrent: false);
        if (RendererInfo.IsInteractive) _subscription = Notifier.Subscribe(OnModerationChangeAsync);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive) await FocusAsync();
        if (_focusPending)
        {
            _focusPending = false;
            // Back to the keys after a click on a button: the current row, or the list itself when the queue emptied.
            if (_list is null || !await _list.FocusCurrentAsync()) await FocusAsync();
        }
    }

    private async Task FocusAsync()
    {
        try
        {
            await _keyboardArea.FocusAsync();
        }
        catch (Exception ex) when (ex is JSException or InvalidOperationException)
        {
            // Not attached yet (first render in tests or prerender): the moderator can click the list.
        }
    }

    /// <summary>Another moderator, the posting service or this page changed something: refresh counts and the page, coalescing bursts.</summary>
    private async Task OnModerationChangeAsync(ModerationChange change)
    {
        if (Interlocked.Exchange(ref _refreshQueued, 1) == 1) return;
        await Task.Delay(100);
        Volatile.Write(ref _refreshQueued, 0);
        await InvokeAsync(async () =>
        {
            await RefreshFromElsewhereAsync();
            StateHasChanged();
        });
    }

    /// <summary>
    /// Loads counts and the page the navigator points at, then shows its current comment. When the
    /// database cannot be reached the page keeps what it shows and says so; it reads again at the
    /// next action, or when the server hears the database again (<see cref="IModerationNotifier"/>).
    /// </summary>
    private Task LoadAsync(bool keepCurrent, bool live = false) => ReadingAsync(() => ReadAsync(keepCurrent, live));

    /// <summary>Runs a read of the open page; one that cannot reach the database leaves the page as it was and says so (prerendering fails as any page does).</summary>
    private async Task ReadingAsync(Func<Task> read)
    {
        try
        {
            await read();
        }
        catch (Exception e) when (DatabaseFaults.IsTransient(e) && RendererInfo.IsInteractive)
        {
            Snackbar.Add("The queue could not be read just now: the database cannot be reached. It updates again once it is back.", Severity.Warning);
        }
    }

    private async Task ReadAsync(bool keepCurrent, bool live)
    {
        _counts = await Queue.GetCountsAsync();
        var page = await Queue.GetPageAsync(_filter, after: _navigator.After, before: _navigator.Before);
        if (page.Items.Count == 0 && _navigator.ReadsFromCursor)
        {
            // The page emptied under us: go back to the first page.
            _navigator.RestartAtTop();
            page = await Queue.GetPageAsync(_filter);
        }
        _navigator.Show(page, keepCurrent);
        await TakeCurrentAsync(live: live);
        await ShowCurrentAsync();
    }

    private async Task ShowCurrentAsync()
    {
        var id = _navigator.CurrentId;
        var changed = id != _detail?.Id;
        if (id is null)
        {
            _detail = null;
            _card = null;
            return;
        }
        _detail = await Queue.GetItemAsync(id.Value);
        if (changed || _card is null) _card = await Authors.LoadCardAsync(id.Value);
        if (changed)
        {
            _editing = false;
            _showReasons = false;
        }
    }

    private async Task OpenAsync(long id)
    {
        if (!_navigator.Open(id)) return;
        await ReadingAsync(async () =>
        {
            await TakeClickedAsync();
            await ShowCurrentAsync();
            _card = await Authors.LoadCardAsync(id);
        });
        _focusPending = true;
    }

    private void ToggleSelect(long id) => _navigator.ToggleSelect(id);

    private async Task ShowQueueAsync(QueueKind kind)
    {
        _filter = _filter with { Queue = kind };
        await FirstPageAsync();
    }

    private async Task SetOrderAsync(QueueOrder order)
    {
        _filter = _filter with { Order = order };
        await FirstPageAsync();
    }

    private async Task SetArticleAsync(ArticleOption? article)
    {
        _article = article;
        _filter = _filter with { ArticleId = article?.Id };
        await FirstPageAsync();
    }

    private Task<IEnumerable<ArticleOption>> FindArticlesAsync(string? text, CancellationToken ct) =>
        Queue.FindArticlesAsync(text, ct).ContinueWith(t => (IEnumerable<ArticleOption>)t.Result, ct, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);

    private async Task ApplyOnEnter(KeyboardEventArgs e)
    {
        if (e.Key == "Enter") await ApplyFiltersAsync();
    }

    private async Task ApplyFiltersAsync()
    {
        _filter = _filter with { Author = _authorText, RuleKey = _ruleText, Search = _searchText };
        await FirstPageAsync();
    }

    private async Task ClearFiltersAsync()
    {
        _authorText = _ruleText = _searchText = null;
        _article = null;
        _filter = new QueueFilter { Queue = _filter.Queue, Order = _filter.Order, Desks = _filter.Desks };
        await FirstPageAsync();
    }

    private async Task ShowAuthorsCommentsAsync()
    {
        if (_card is null) return;
        _authorText = _card.AuthorKey;
        _filter = _filter with { Queue = QueueKind.All, Author = _card.AuthorKey };
        await FirstPageAsync();
    }

    private async Task FirstPageAsync()
    {
        _navigator.FirstPage();
        await LoadAsync(keepCurrent: false);
    }

    private async Task NextPageAsync()
    {
        if (_navigator.NextPage()) await LoadAsync(keepCurrent: false);
    }

    private async Task PreviousPageAsync()
    {
        if (_navigator.PreviousPage()) await LoadAsync(keepCurrent: false);
    }

    private Task MoveAsync(int step) => SteppingAsync(async () =>
    {
        _step = step;
        switch (LeaveDecidedNotice(step) ? QueueMove.WithinPage : _navigator.Move(step))
        {
            case QueueMove.None:
                return;
            case QueueMove.OtherPage:
                await LoadAsync(keepCurrent: false);
                break;
            default:
                await ReadingAsync(TakeAndShowCurrentAsync);
                break;
        }
        _focusPending = true;
    });

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.CtrlKey || e.AltKey || e.MetaKey) return;
        if (_busy)
        {
            // Other keys wait for nothing: a second a or s pressed in impatience must not act on the next comment.
            if (e.Key == "z") _undosPressed++;
            return;
        }
        if (IgnoredOnNotice(e.Key)) return;
        if (_showReasons && e.Key.Length == 1 && char.IsAsciiDigit(e.Key[0]))
        {
            var index = e.Key[0] - '1';
            if (index >= 0 && index < ModeratorDecisions.RejectionReasons.Count) await RejectAsync(ModeratorDecisions.RejectionReasons[index]);
            return;
        }
        switch (e.Key)
        {
            case "j" or "ArrowDown": await MoveAsync(+1); break;
            case "k" or "ArrowUp": await MoveAsync(-1); break;
            case "a": await ApproveAsync(); break;
            case "r": _showReasons = !_showReasons; break;
            case "s": await SpamAsync(); break;
            case "z": await UndoAsync(); break;
            case "x": if (_navigator.CurrentId is { } id) ToggleSelect(id); break;
            case "?": _showHelp = !_showHelp; break;
            case "Escape": _showReasons = _showHelp = _editing = false; break;
        }
    }

    private CommentRef? Shown => _detail is null ? null : new CommentRef(_detail.Id, _detail.Version);

    private Task ApproveAsync() => RunAsync(targets => Actions.ApproveAsync(targets, _me), "approved", KeptMessage());

    /// <summary>"Keep (reviewed)" on a published comment approves nothing: it closes the review, and says so.</summary>
    private string? KeptMessage() => _navigator.Selected.Count > 0 || _detail is not { Status: CommentStatus.Approved } detail ? null
        : detail.OpenReportCount > 0 || detail.HiddenByReports
            ? $"Kept; {(detail.OpenReportCount == 1 ? "its report" : "its reports")} dismissed{(detail.HiddenByReports ? " and the comment shown again" : "")}."
            : "Kept; marked as reviewed.";
    private Task SpamAsync() => RunAsync(targets => Actions.SpamAsync(targets, _me), "marked as spam");
    private Task UnapproveAsync() => RunAsync(targets => Actions.UnapproveAsync(targets, _me), "sent back to pending");

    private async Task RejectAsync(string reason)
    {
        _showReasons = false;
        await RunAsync(targets => Actions.RejectAsync(targets, reason, _me), "rejected");
    }

    /// <summary>
    /// One action at a time: while it runs the buttons are disabled and the keys ignored. An action
    /// that meets the database out of reach is refused in place (the circuit lives on).
    /// </summary>
    private async Task WhileBusyAsync(Func<Task> work)
    {
        if (_busy) return;
        _busy = true;
        try
        {
            await work();
        }
        catch (Exception e) when (DatabaseFaults.IsTransient(e))
        {
            Snackbar.Add(ModeratorDecisions.NotSaved, Severity.Warning);
        }
        finally
        {
            _busy = false;
        }
        if (_undosPressed > 0)
        {
            _undosPressed--;
            await UndoAsync();
        }
    }

    private Task RunAsync(Func<IReadOnlyList<CommentRef>, Task<DecisionResult>> action, string pastTense, string? doneMessage = null)
    {
        var targets = _decided is null ? _navigator.Targets(Shown) : [];
        if (targets.Count == 0) return Task.CompletedTask;
        return WhileBusyAsync(async () =>
        {
            var result = await action(targets);
            Report(result);
            if (_navigator.Acted(result) is { } entry)
            {
                var what = result.Changed.Count == 1 ? "Comment" : $"{result.Changed.Count} comments";
                Snackbar.Add(result.Changed.Count == 1 && doneMessage is not null ? doneMessage : $"{what} {pastTense}.", Severity.Success, config =>
                {
                    config.Action = "Undo";
                    config.ActionColor = Color.Primary;
                    config.OnClick = _ => InvokeAsync(() => UndoActionAsync(entry));
                });
            }
            await SteppingAsync(() => LoadAsync(keepCurrent: true));
            _focusPending = true;
        });
    }

    /// <summary>z or the action bar: undoes the newest action still in this page's history.</summary>
    private Task UndoAsync() => UndoActionAsync(entry: null);

    /// <summary>Undoes one action of the history: the newest, or the one whose snackbar was clicked.</summary>
    private Task UndoActionAsync(IReadOnlyList<CommentChange>? entry) => WhileBusyAsync(async () =>
    {
        if (_navigator.TakeUndo(entry) is not { } changes) return;
        var result = await Actions.UndoAsync(changes, _me);
        _navigator.Undone(changes, result);
        Report(result);
        if (result.Changed.Count > 0)
        {
            Snackbar.Add(result.Changed.Count == 1 ? "Undone." : $"Undone for {result.Changed.Count} comments.", Severity.Info);
        }
        await SteppingAsync(async () =>
        {
            await LoadAsync(keepCurrent: true);
            // Show the comment that came back, wherever it now sits.
            if (result.Changed.Count > 0 && _navigator.Open(result.Changed[0].CommentId)) await ShowCurrentAsync();
        });
        _focusPending = true;
    });

    private void StartEdit()
    {
        if (_detail is null) return;
        _editText = _detail.BodyText;
        _editing = true;
    }

    private Task SaveEditAsync() => _detail is not { } detail ? Task.CompletedTask : WhileBusyAsync(async () =>
    {
        var result = await Actions.EditAsync(new CommentRef(detail.Id, detail.Version), _editText ?? "", _me);
        Report(result);
        if (result.Succeeded)
        {
            _editing = false;
            Snackbar.Add("Text saved; the original is kept as a revision.", Severity.Success);
        }
        await LoadAsync(keepCurrent: true);
    });

    private Task SetStandingAsync((AuthorStandingLevel Level, DateTimeOffset? Until, string? Reason) change) =>
        _card is not { } card || _detail is not { } detail ? Task.CompletedTask : WhileBusyAsync(async () =>
        {
            var result = await Authors.SetStandingAsync(card.AuthorKey, change.Level, change.Until, change.Reason, _me);
            Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Warning);
            _card = await Authors.LoadCardAsync(detail.Id);
        });

    private async Task AddNoteAsync(string text)
    {
        if (_card is null || _detail is null) return;
        var result = await Authors.AddNoteAsync(_card.AuthorKey, text, _me);
        if (!result.Succeeded) Snackbar.Add(result.Message, Severity.Warning);
        _card = await Authors.LoadCardAsync(_detail.Id);
    }

    private Task WarnAsync(string message) =>
        _card is not { } card || _detail is not { } detail ? Task.CompletedTask : WhileBusyAsync(async () =>
        {
            var result = await Authors.WarnAsync(card.AuthorKey, message, _me);
            Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Warning);
            _card = await Authors.LoadCardAsync(detail.Id);
        });

    private async Task PurgeSpamAsync()
    {
        var user = (await AuthenticationState).User;
        if (!user.IsInRole(Roles.Admin)) return;
        await WhileBusyAsync(async () =>
        {
            var purged = await Purge.PurgeAsync(_me);
            if (purged is null) Snackbar.Add(CurrentRoles.Revoked, Severity.Warning);
            else Snackbar.Add($"{CountWording.Of(purged.Value, "old spam comment")} purged.", Severity.Info);
            await FirstPageAsync();
        });
    }

    private void Report(DecisionResult result)
    {
        foreach (var refusal in result.Refused)
        {
            Snackbar.Add($"Comment #{refusal.CommentId}: {refusal.Message}", Severity.Warning);
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        EndClaimOnDispose();
    }
}
