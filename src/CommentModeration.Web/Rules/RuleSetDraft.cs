using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Web.Moderation;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommentModeration.Web.Rules;

/// <summary>
/// The rule set an admin is editing, not yet saved: one per circuit (scoped), shared by the
/// rules list, the rule editor, word lists, try-it and backtest, so what is tried and
/// backtested is exactly what would be saved. Every change is also kept in the database for the
/// signed-in admin (<see cref="RuleDrafts"/>), so a reload, a new circuit, a restart or another
/// server finds the draft again; saving or discarding it deletes what was kept. Two windows of one
/// admin share the kept draft: a window whose draft was changed, saved or discarded in the other
/// since it read it keeps its edits unwritten and says so (<see cref="DraftKeeping.ChangedElsewhere"/>),
/// until the admin keeps this window's over the other's or takes the other's.
/// </summary>
public sealed class RuleSetDraft(RuleSetEditing editing, RuleDrafts kept, AuthenticationStateProvider authentication, ILogger<RuleSetDraft> log)
{
    private IReadOnlyList<RuleSetError>? _errors;
    private CompiledRuleSet? _compiled;
    private Task? _firstLoad;
    private string? _owner;
    // Writes of the kept draft, one after another in the order of the changes, so an older state never lands last.
    private Task _writes = Task.CompletedTask;
    private int _writesPending;
    // The kept draft as this window last read or wrote it (null: none), written over only while it is still that.
    private string? _known;

    public RuleSetDefinition Definition { get; private set; } = new();

    /// <summary>The revision the draft started from (0: none saved yet).</summary>
    public int BaseRevision { get; private set; }

    /// <summary>The stored discussion settings; the draft's thresholds apply over them.</summary>
    public DiscussionSettings StoredSettings { get; private set; } = new();

    public bool IsLoaded { get; private set; }

    public bool HasChanges { get; private set; }

    /// <summary>Where the unsaved changes stand: kept in the database (they survive a reload), being written, or not kept.</summary>
    public DraftKeeping Keeping { get; private set; }

    /// <summary>True when the draft was found kept from an earlier visit (another tab, a reload, before a restart).</summary>
    public bool WasRestored { get; private set; }

    /// <summary>Raised after any change, so every open view of the draft re-renders.</summary>
    public event Action? Changed;

    /// <summary>Raised when <see cref="Keeping"/> changes after a write finishes.</summary>
    public event Action? KeepingChanged;

    public Task EnsureLoadedAsync(CancellationToken cancellationToken = default)
    {
        if (IsLoaded) return Task.CompletedTask;
        // A page and its draft bar ask at once: they share one load, or the one landing second would
        // drop an edit made after the first (with a database that answers asynchronously, PostgreSQL).
        if (_firstLoad is null || _firstLoad.IsFaulted || _firstLoad.IsCanceled) _firstLoad = LoadKeptOrInForceAsync(cancellationToken);
        return _firstLoad;
    }

    private async Task LoadKeptOrInForceAsync(CancellationToken cancellationToken)
    {
        var loaded = await editing.LoadAsync(cancellationToken);
        var owner = await OwnerAsync();
        var row = owner is null ? null : await kept.FindAsync(owner, cancellationToken);
        _known = row?.RulesJson;
        if (row is not null && Restore(row, loaded.Settings) is { } restored)
        {
            (Definition, BaseRevision, StoredSettings) = restored;
            IsLoaded = true;
            HasChanges = true;
            WasRestored = true;
            Keeping = DraftKeeping.Kept;
            Invalidate();
            return;
        }
        Start(loaded);
    }

    /// <summary>Drops every unsaved change (and what was kept of them) and starts again from the rule set in force.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        var loaded = await editing.LoadAsync(cancellationToken);
        if (await OwnerAsync() is { } owner)
        {
            _writes = DropAfterAsync(_writes, owner);
            await _writes;
        }
        Start(loaded);
    }

    private void Start(LoadedRuleSet loaded)
    {
        Definition = loaded.Definition;
        BaseRevision = loaded.Revision;
        StoredSettings = loaded.Settings;
        IsLoaded = true;
        HasChanges = false;
        WasRestored = false;
        Keeping = DraftKeeping.None;
        Invalidate();
    }

    /// <summary>Call after editing <see cref="Definition"/> in place.</summary>
    public void MarkChanged()
    {
        HasChanges = true;
        WasRestored = false;
        Keep();
        Invalidate();
    }

    /// <summary>Completes when every change made so far is written to the database (or failed to be).</summary>
    public Task KeptAsync() => _writes;

    private void Keep(bool overOther = false)
    {
        if (_owner is not { Length: > 0 } owner) return;
        // Serialized now: the definition is edited in place, and the write must hold this state.
        var rulesJson = RulesFile.Serialize(Definition);
        var baseJson = RulesFile.Serialize(new RuleSetDefinition { Discussion = StoredSettings });
        Keeping = DraftKeeping.Writing;
        Interlocked.Increment(ref _writesPending);
        _writes = KeepAfterAsync(_writes, owner, BaseRevision, baseJson, rulesJson, overOther);
    }

    private async Task KeepAfterAsync(Task previous, string owner, int baseRevision, string baseJson, string rulesJson, bool overOther)
    {
        await previous;
        var outcome = DraftKeeping.Kept;
        try
        {
            if (await kept.KeepAsync(owner, baseRevision, baseJson, rulesJson, _known, overOther)) _known = rulesJson;
            else outcome = DraftKeeping.ChangedElsewhere;
        }
        catch (Exception e)
        {
            log.LogWarning(e, "The rules draft of {UserId} could not be kept", owner);
            outcome = DraftKeeping.Failed;
        }
        var last = Interlocked.Decrement(ref _writesPending) == 0;
        if (outcome != DraftKeeping.Kept) Keeping = outcome;
        else if (last && HasChanges && Keeping == DraftKeeping.Writing) Keeping = DraftKeeping.Kept;
        KeepingChanged?.Invoke();
    }

    /// <summary>After <see cref="DraftKeeping.ChangedElsewhere"/>: this window's draft is kept, over what the other window kept.</summary>
    public Task KeepOverOtherAsync()
    {
        Keep(overOther: true);
        return _writes;
    }

    /// <summary>After <see cref="DraftKeeping.ChangedElsewhere"/>: this window's edits go, and it takes what the other kept (the rules in force, when it saved or discarded them).</summary>
    public async Task TakeOtherAsync(CancellationToken cancellationToken = default)
    {
        await _writes;
        IsLoaded = false;
        _firstLoad = null;
        await EnsureLoadedAsync(cancellationToken);
    }

    private async Task DropAfterAsync(Task previous, string owner)
    {
        await previous;
        try
        {
            await kept.DropAsync(owner, _known);
            _known = null;
        }
        catch (Exception e)
        {
            // Left behind, it comes back at the next visit as unsaved changes, to be discarded again.
            log.LogWarning(e, "The kept rules draft of {UserId} could not be deleted", owner);
        }
    }

    private static (RuleSetDefinition, int, DiscussionSettings)? Restore(Data.Entities.RuleDraft row, DiscussionSettings current)
    {
        try
        {
            var baseThresholds = RulesFile.Parse(row.BaseSettingsJson).Discussion;
            return (RulesFile.Parse(row.RulesJson), row.BaseRevision, current.WithThresholdsOf(baseThresholds));
        }
        catch (RuleSetValidationException)
        {
            // Written by an older version whose format this one no longer reads: start from the rule set in force.
            return null;
        }
    }

    private async Task<string?> OwnerAsync()
    {
        if (_owner is null)
        {
            var user = (await authentication.GetAuthenticationStateAsync()).User;
            _owner = Moderator.Of(user).UserId;
        }
        return _owner.Length > 0 ? _owner : null;
    }

    /// <summary>Replaces the whole draft (an imported file, a starter pack added to it); the built-in thresholds stay unless the file carries them.</summary>
    public void Replace(RuleSetDefinition definition)
    {
        definition.Discussion ??= Definition.Discussion;
        Definition = definition;
        MarkChanged();
    }

    public IReadOnlyList<RuleSetError> Errors => _errors ??= RuleSetEditing.Validate(Definition, StoredSettings);

    public IEnumerable<RuleSetError> ErrorsOfRule(int index) =>
        Errors.Where(e => e.Path == $"rules[{index}]" || e.Path.StartsWith($"rules[{index}].", StringComparison.Ordinal));

    /// <summary>The draft compiled with its thresholds over the stored settings; null while it has errors.</summary>
    public CompiledRuleSet? Compiled
    {
        get
        {
            if (_compiled is not null || Errors.Count > 0) return _compiled;
            _compiled = CompiledRuleSet.Compile(Definition, RuleSetEditing.EffectiveSettings(Definition, StoredSettings), BaseRevision);
            return _compiled;
        }
    }

    public async Task<RuleSetSaveOutcome> SaveAsync(Moderator by, string note, CancellationToken cancellationToken = default)
    {
        var outcome = await editing.SaveAsync(Definition, by, note, cancellationToken,
            new RuleSetDraftBase(BaseRevision, StoredSettings));
        if (outcome.Succeeded) await ReloadAsync(cancellationToken);
        return outcome;
    }

    private void Invalidate()
    {
        _errors = null;
        _compiled = null;
        Changed?.Invoke();
    }
}

public enum DraftKeeping
{
    /// <summary>No unsaved changes, or nobody signed in to keep them for.</summary>
    None,
    Writing,
    Kept,
    Failed,

    /// <summary>Not kept: another window of the same admin changed, saved or discarded the kept draft since this one read it.</summary>
    ChangedElsewhere,
}
