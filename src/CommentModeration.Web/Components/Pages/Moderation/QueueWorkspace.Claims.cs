using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Moderation;
using Microsoft.AspNetCore.Components;

namespace CommentModeration.Web.Components.Pages.Moderation;

/// <summary>
/// The queue page's desks and claimed work: it opens on the moderator's desks; the comment shown is
/// claimed (<see cref="QueueClaims"/>) while it awaits a decision and j/k and the step after a decision pass over comments others
/// hold; when someone else decides the comment shown, the page says so in place and keeps it shown
/// until the moderator moves on, so no key acts on a comment they did not see.
/// </summary>
public sealed partial class QueueWorkspace
{
    [Inject] private QueueClaims Claims { get; set; } = default!;
    [Inject] private Desks DeskList { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private ILogger<QueueWorkspace> Log { get; set; } = default!;

    /// <summary>A comment someone else decided while it was shown here, kept shown with what they did.</summary>
    private sealed record DecidedElsewhere(QueueItemDetail Detail, AuthorCard? Card, OtherDecision Decision);

    private IReadOnlyList<string> _allDesks = [];
    private IReadOnlyList<string> _myDesks = [];
    private IReadOnlyDictionary<long, ClaimHolder> _held = new Dictionary<long, ClaimHolder>();
    private ClaimHolder? _shownHolder;
    private long? _claimedId;
    private DecidedElsewhere? _decided;
    private ITimer? _renewal;
    private int _step = +1;
    // Steps to another comment under way (SteppingAsync): a count, as j pressed twice quickly is two.
    private int _steps;

    /// <summary>A desk to open the queue on (the dashboard's links), instead of the moderator's own.</summary>
    [SupplyParameterFromQuery(Name = "desk")] private string? DeskParameter { get; set; }

    /// <summary>Before the first read: the desks to offer, the queue narrowed to the moderator's own, and the claim's renewal.</summary>
    private async Task OpenOnMyDesksAsync()
    {
        _allDesks = await DeskList.ListAsync();
        _myDesks = await DeskList.OfAsync(_me.UserId);
        if (!string.IsNullOrWhiteSpace(DeskParameter)) _filter = _filter with { Desks = [DeskParameter.Trim()] };
        else if (_myDesks.Count > 0) _filter = _filter with { Desks = _myDesks };
        if (RendererInfo.IsInteractive) _renewal = Clock.CreateTimer(_ => _ = InvokeAsync(RenewClaimAsync), null, QueueClaims.RenewEvery, QueueClaims.RenewEvery);
    }

    private async Task SetDesksAsync(IReadOnlyList<string>? desks)
    {
        _filter = _filter with { Desks = desks };
        await FirstPageAsync();
    }

    /// <summary>
    /// After the navigator took a page: who else holds its comments; then the current comment is
    /// claimed, or, held by someone else, passed over in the direction of the last step (skipping
    /// only where the page chose the comment: an explicit click shows it with who is on it).
    /// A refresh caused by someone else claims nothing: the moderator's selection stays where it is.
    /// </summary>
    private async Task TakeCurrentAsync(bool skip = true, bool live = false)
    {
        if (!RendererInfo.IsInteractive) return;
        if (live)
        {
            _held = await Claims.HeldByOthersAsync(_navigator.Page.Items.Select(i => i.Id).ToList(), _me);
            _shownHolder = _navigator.CurrentId is { } shown && shown != _claimedId ? _held.GetValueOrDefault(shown) : null;
            return;
        }
        var step = _step;
        _step = +1;
        _held = await Claims.HeldByOthersAsync(_navigator.Page.Items.Select(i => i.Id).ToList(), _me);
        // At most a few pages of others' claims: past that the moderator sees the held comment and who has it.
        for (var passes = 0; passes < 4 * ModerationQueue.DefaultPageSize; passes++)
        {
            if (_navigator.CurrentId is not { } id)
            {
                await EndClaimAsync();
                return;
            }
            if (!AwaitsDecision(id))
            {
                // Decided (here, or shown in the All queue): nothing to keep others off; whoever holds it is still said.
                await EndClaimAsync();
                _shownHolder = _held.GetValueOrDefault(id);
                return;
            }
            var holder = _held.GetValueOrDefault(id) ?? await Claims.TakeAsync(id, _me);
            _shownHolder = holder;
            if (holder is null)
            {
                if (await Queue.AwaitsDecisionAsync(id))
                {
                    _claimedId = id;
                    return;
                }
                // Decided since the page was read, by whoever held it until then (their claim ends with their step):
                // claimed for nothing, and passed over like a held one, so no key acts on a comment decided unseen.
                await Claims.ReleaseAsync(_me);
            }
            if (!skip) return;
            var move = _navigator.Move(step);
            if (move == QueueMove.None)
            {
                _navigator.Open(id);
                return;
            }
            if (move == QueueMove.OtherPage)
            {
                _navigator.Show(await Queue.GetPageAsync(_filter, after: _navigator.After, before: _navigator.Before), keepCurrent: false);
                _held = await Claims.HeldByOthersAsync(_navigator.Page.Items.Select(i => i.Id).ToList(), _me);
            }
        }
    }

    /// <summary>
    /// Steps to another comment (j/k, the step after a decision or an undo) without drawing the page until
    /// the step settles: the comment stepped to is claimed, or passed over when someone else holds it,
    /// before it is drawn as this moderator's. Else a draw in between (a live refresh, or the key's first
    /// wait on the database) shows for a moment a comment another moderator holds as the current one.
    /// The settled page is drawn at the end, also when the step came from outside an event (a snackbar's Undo).
    /// </summary>
    private async Task SteppingAsync(Func<Task> step)
    {
        _steps++;
        try
        {
            await step();
        }
        finally
        {
            if (--_steps == 0) StateHasChanged();
        }
    }

    protected override bool ShouldRender() => _steps == 0;

    private bool AwaitsDecision(long id) =>
        _navigator.Page.Items.FirstOrDefault(i => i.Id == id) is not { } item
        || CommentQueues.AwaitsDecision(item.State);

    private async Task TakeAndShowCurrentAsync()
    {
        await TakeCurrentAsync();
        await ShowCurrentAsync();
    }

    /// <summary>A click: that comment, claimed when free, shown with who is on it when not.</summary>
    private async Task TakeClickedAsync()
    {
        _decided = null;
        await TakeCurrentAsync(skip: false);
    }

    /// <summary>Another page changed something: read again, and if that was a decision on the comment shown here, say so in place.</summary>
    private async Task RefreshFromElsewhereAsync()
    {
        var shown = _detail;
        await LoadAsync(keepCurrent: true, live: true);
        if (_decided is { } decided)
        {
            // Still on the notice: keep the decided comment shown, with its state as it is now.
            _detail = await Queue.GetItemAsync(decided.Detail.Id) ?? decided.Detail;
            _card = decided.Card;
            return;
        }
        if (shown is null || _busy) return;
        if (_detail?.Id == shown.Id && _detail.Status == shown.Status) return;
        var now = _detail?.Id == shown.Id ? _detail : await Queue.GetItemAsync(shown.Id);
        if (now is not null && now.Status == shown.Status) return;
        if (await Claims.LastDecisionByOthersAsync(shown.Id, _me) is not { } decision) return;
        var card = await Authors.LoadCardAsync(shown.Id);
        _decided = new DecidedElsewhere(now ?? shown, card, decision);
        _detail = _decided.Detail;
        _card = card;
        _shownHolder = null;
        _editing = _showReasons = false;
    }

    /// <summary>
    /// A j or k while the notice shows: the notice goes. j stays on the comment that followed the decided
    /// one (the navigator already points there); k steps back from it. False when no notice was shown.
    /// </summary>
    private bool LeaveDecidedNotice(int step)
    {
        if (_decided is null) return false;
        _decided = null;
        return step > 0;
    }

    /// <summary>While the notice shows, only moving on (j, k, the arrows), the help and Esc do anything.</summary>
    private bool IgnoredOnNotice(string key) => _decided is not null && key is not ("j" or "k" or "ArrowDown" or "ArrowUp" or "?" or "Escape");

    private async Task RenewClaimAsync()
    {
        if (_claimedId is not { } id || _navigator.CurrentId != id || _decided is not null) return;
        try
        {
            var holder = await Claims.TakeAsync(id, _me);
            if (holder is not null)
            {
                // The claim ran out (the server stalled) and someone else took it: say so.
                _claimedId = null;
                _shownHolder = holder;
                StateHasChanged();
            }
        }
        catch (Exception e) when (DatabaseFaults.IsTransient(e))
        {
            // The next renewal, or the next step, tries again; the claim lasts four renewals.
        }
    }

    private async Task EndClaimAsync()
    {
        if (_claimedId is null) return;
        _claimedId = null;
        await Claims.ReleaseAsync(_me);
    }

    /// <summary>The circuit ended or the page was left: the claim ends now rather than at its timeout.</summary>
    private void EndClaimOnDispose()
    {
        _renewal?.Dispose();
        if (_claimedId is null) return;
        _claimedId = null;
        _ = ReleaseQuietlyAsync();
    }

    private async Task ReleaseQuietlyAsync()
    {
        try
        {
            await Claims.ReleaseAsync(_me);
        }
        catch (Exception e)
        {
            Log.LogWarning(e, "{Moderator}'s claim could not be released; it runs out by itself", _me.Name);
        }
    }
}
