using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules.BuiltIn;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Kinds;
using CommentModeration.Core.Rules.Predicates;
using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Rules;

/// <summary>Checks a definition and builds its predicates, collecting every error rather than stopping at the first.</summary>
internal sealed class RuleSetCompiler
{
    private const int MaxDepth = 32;

    private readonly RuleSetDefinition _definition;
    private readonly List<RuleSetError> _errors = [];
    private readonly Dictionary<(string List, WordMatch Match), WordListMatcher> _listMatchers = [];
    private readonly List<string> _literals = [];

    private RuleSetCompiler(RuleSetDefinition definition) => _definition = definition;

    public static CompiledRuleSet Compile(RuleSetDefinition definition, DiscussionSettings? settings, int revision)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var compiler = new RuleSetCompiler(definition);
        var rules = compiler.CompileRules();
        if (settings is not null) compiler.CheckSettings(settings);
        if (definition.Discussion is { } thresholds) compiler.CheckSettings(thresholds);
        if (compiler._errors.Count > 0) throw new RuleSetValidationException(compiler._errors);

        var summaries = new List<RuleSummary>();
        if (settings is not null)
        {
            summaries.AddRange(BuiltInRule.All.Select(b => new RuleSummary(b.Key, b.Name, b.Action, true, int.MaxValue, true, b.Description)));
        }
        summaries.AddRange(rules.Select(r => new RuleSummary(r.Definition.Key, r.Definition.Name, r.Definition.Action,
            r.Definition.Enabled, r.Definition.Priority, false, r.Compiled.Reason)));
        var active = rules.Where(r => r.Definition.Enabled).Select(r => r.Compiled).ToArray();
        var literals = compiler._literals.Count > 0 ? new LiteralScanner(compiler._literals) : LiteralScanner.None;
        return new CompiledRuleSet(revision, settings is null ? null : new DiscussionChecks(settings), active, summaries, literals);
    }

    private List<(RuleDefinition Definition, CompiledRule Compiled)> CompileRules()
    {
        foreach (var (name, terms) in _definition.WordLists)
        {
            if (string.IsNullOrWhiteSpace(name)) Error($"wordLists", "A word list needs a name.");
            if (terms is null) Error($"wordLists.{name}", "A word list must be a list of terms.");
        }

        var compiled = new List<(RuleDefinition, CompiledRule)>();
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = _definition.Rules
            .Select((rule, index) => (rule, index))
            .OrderByDescending(r => r.rule?.Priority ?? 0)
            .ThenBy(r => r.index);
        foreach (var (rule, index) in order)
        {
            var path = $"rules[{index}]";
            if (rule is null) { Error(path, "A rule cannot be null."); continue; }
            var position = rule.Source;
            if (string.IsNullOrWhiteSpace(rule.Name)) Error(path + ".name", "A rule needs a name.", position);
            else if (rule.Name.Length > 200) Error(path + ".name", "A rule's name can be at most 200 characters.", position);
            var key = rule.Key;
            if (key.Length == 0 && !string.IsNullOrWhiteSpace(rule.Name)) Error(path + ".id", "The rule's name has no letters or digits to make a key of; give it an id.", position);
            if (key.StartsWith(RuleKeys.BuiltInPrefix, StringComparison.Ordinal)) Error(path + ".id", $"Rule ids may not start with \u201c{RuleKeys.BuiltInPrefix}\u201d: those name the built-in checks.", position);
            if (key.Length > 0 && keys.TryGetValue(key, out var other)) Error(path + ".id", $"Another rule (rules[{other}]) has the same key \u201c{key}\u201d; give one of them a different name or id.", position);
            else if (key.Length > 0) keys[key] = index;
            if (rule.Action is < VerdictAction.Approve or > VerdictAction.Reject)
            {
                Error(path + ".action", "The action must be one of reject, spam, hold, flag, censor, approve.", position);
            }
            if (rule.Reason?.Length > 1000) Error(path + ".reason", "A reason can be at most 1,000 characters.", position);
            if (rule.When is null) { Error(path + ".when", "A rule needs a condition (\u201cwhen\u201d).", position); continue; }
            var predicate = Build(rule.When, path + ".when", 0);
            if (predicate is null) continue;
            HashSet<long>? scope = rule.Scope is { Articles.Count: > 0 } s ? [.. s.Articles] : null;
            var reason = string.IsNullOrWhiteSpace(rule.Reason) ? rule.Name : rule.Reason.Trim();
            compiled.Add((rule, new CompiledRule(key, rule.Name.Trim(), rule.Action, reason, rule.Priority, predicate, scope)));
        }
        return compiled;
    }

    private Predicate? Build(Condition condition, string path, int depth)
    {
        var at = condition.Source;
        if (depth > MaxDepth) { Error(path, $"Conditions may be nested at most {MaxDepth} deep.", at); return null; }
        switch (condition)
        {
            case AllCondition all:
                return Parts(all.Conditions, path + ".all", depth, at) is { } allParts ? new AllPredicate(allParts) : null;
            case AnyCondition any:
                return Parts(any.Conditions, path + ".any", depth, at) is { } anyParts ? new AnyPredicate(anyParts) : null;
            case NotCondition not:
                if (not.Condition is null) { Error(path + ".not", "\u201cnot\u201d needs a condition.", at); return null; }
                return Build(not.Condition, path + ".not", depth + 1) is { } inner ? new NotPredicate(inner) : null;
            default:
                if (ConditionKinds.Of(condition) is { } kind) return kind.Compile(condition, this, $"{path}.{kind.JsonKey}");
                Error(path, $"Unknown condition {condition.GetType().Name}.", at);
                return null;
        }
    }

    private Predicate[]? Parts(List<Condition> conditions, string path, int depth, SourcePosition? at)
    {
        if (conditions is not { Count: > 0 }) { Error(path, "A group needs at least one condition.", at); return null; }
        var parts = new Predicate[conditions.Count];
        var ok = true;
        for (var i = 0; i < conditions.Count; i++)
        {
            var part = conditions[i] is { } c ? Build(c, $"{path}[{i}]", depth + 1) : null;
            if (conditions[i] is null) Error($"{path}[{i}]", "A condition cannot be null.", at);
            if (part is null) ok = false;
            else parts[i] = part;
        }
        return ok ? parts : null;
    }

    /// <summary>The definition's word lists, for kinds that name one.</summary>
    internal Dictionary<string, List<string>> WordLists => _definition.WordLists;

    /// <summary>One matcher per list and match mode, however many conditions use it.</summary>
    internal WordListMatcher ListMatcher(string list, List<string> terms, WordMatch match)
    {
        if (!_listMatchers.TryGetValue((list, match), out var matcher))
        {
            _listMatchers[(list, match)] = matcher = WordListMatcher.Compile(terms, match);
        }
        return matcher;
    }

    /// <summary>The literal's index in the rule set's literal scanner, added when new.</summary>
    internal int LiteralIndex(string literal)
    {
        var index = _literals.IndexOf(literal);
        if (index < 0) { index = _literals.Count; _literals.Add(literal); }
        return index;
    }

    internal void CheckRange(NumberRange? range, string path, SourcePosition? at)
    {
        if (range is null) return;
        if (range.AtLeast is null && range.AtMost is null) Error(path, "Give atLeast, atMost or both.", at);
        else if (range.AtLeast > range.AtMost) Error(path, "atLeast is greater than atMost: nothing could match.", at);
    }

    private void CheckSettings(DiscussionSettings settings)
    {
        if (settings.HoldWhenLinksAtLeast < 0) Error("discussion.holdWhenLinksAtLeast", "Cannot be negative (0 turns the check off).");
        if (settings.FloodIntervalSeconds < 0) Error("discussion.floodIntervalSeconds", "Cannot be negative (0 turns flood control off).");
        if (settings.CloseCommentsAfterDays < 0) Error("discussion.closeCommentsAfterDays", "Cannot be negative (0 never closes).");
    }

    internal void Error(string path, string message, SourcePosition? position = null) => _errors.Add(new RuleSetError(path, message, position));
}
