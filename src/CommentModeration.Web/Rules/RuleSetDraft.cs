using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Web.Moderation;

namespace CommentModeration.Web.Rules;

/// <summary>
/// The rule set an admin is editing, not yet saved: one per circuit (scoped), shared by the
/// rules list, the rule editor, word lists, try-it and backtest, so what is tried and
/// backtested is exactly what would be saved.
/// </summary>
public sealed class RuleSetDraft(RuleSetEditing editing)
{
    private IReadOnlyList<RuleSetError>? _errors;
    private CompiledRuleSet? _compiled;
    private Task? _firstLoad;

    public RuleSetDefinition Definition { get; private set; } = new();

    /// <summary>The revision the draft started from (0: none saved yet).</summary>
    public int BaseRevision { get; private set; }

    /// <summary>The stored discussion settings; the draft's thresholds apply over them.</summary>
    public DiscussionSettings StoredSettings { get; private set; } = new();

    public bool IsLoaded { get; private set; }

    public bool HasChanges { get; private set; }

    /// <summary>Raised after any change, so every open view of the draft re-renders.</summary>
    public event Action? Changed;

    public Task EnsureLoadedAsync(CancellationToken cancellationToken = default)
    {
        if (IsLoaded) return Task.CompletedTask;
        // A page and its draft bar ask at once: they share one load, or the one landing second would
        // drop an edit made after the first (with a database that answers asynchronously, PostgreSQL).
        if (_firstLoad is null || _firstLoad.IsFaulted || _firstLoad.IsCanceled) _firstLoad = ReloadAsync(cancellationToken);
        return _firstLoad;
    }

    /// <summary>Drops every unsaved change and starts again from the rule set in force.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        var loaded = await editing.LoadAsync(cancellationToken);
        Definition = loaded.Definition;
        BaseRevision = loaded.Revision;
        StoredSettings = loaded.Settings;
        IsLoaded = true;
        HasChanges = false;
        Invalidate();
    }

    /// <summary>Call after editing <see cref="Definition"/> in place.</summary>
    public void MarkChanged()
    {
        HasChanges = true;
        Invalidate();
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
