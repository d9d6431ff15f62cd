using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules.BuiltIn;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Predicates;
using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Rules;

/// <summary>A rule in the list the editor shows: an admin's rule or a built-in check.</summary>
public sealed record RuleSummary(string Key, string Name, VerdictAction Action, bool Enabled, int Priority, bool IsBuiltIn, string Reason);

/// <summary>
/// A rule set ready to evaluate: word lists turned into lookup tables, regexes built, the
/// discussion settings turned into built-in checks. Immutable, so one instance serves every
/// request at once; an admin's save compiles a new one and swaps the reference.
/// </summary>
public sealed class CompiledRuleSet
{
    internal CompiledRuleSet(int revision, DiscussionChecks? discussion, CompiledRule[] rules, IReadOnlyList<RuleSummary> summaries, LiteralScanner literals)
    {
        Literals = literals;
        Revision = revision;
        Discussion = discussion;
        ActiveRules = rules;
        Rules = summaries;
        NewestCommentsNeeded = Math.Max(1, rules.Length == 0 ? 0 : rules.Max(r => r.Predicate.RecentCommentsCounted));
    }

    /// <summary>
    /// How many of an author's (and address's) newest comments a verdict needs: one for the flood
    /// check, or as many as the most any rule on recent comments counts.
    /// </summary>
    public int NewestCommentsNeeded { get; }

    /// <summary>No rules and no discussion checks: every comment is published.</summary>
    public static CompiledRuleSet Empty { get; } = new(0, null, [], [], LiteralScanner.None);

    /// <summary>The rule set revision verdicts will name.</summary>
    public int Revision { get; }

    /// <summary>Every rule, built-in checks first, then the admins' rules by priority.</summary>
    public IReadOnlyList<RuleSummary> Rules { get; }

    /// <summary>True when the built-in discussion checks take part.</summary>
    public bool HasDiscussionChecks => Discussion is not null;

    internal DiscussionChecks? Discussion { get; }

    internal CompiledRule[] ActiveRules { get; }

    /// <summary>The regex rules' required literals, found in one pass per field.</summary>
    internal LiteralScanner Literals { get; }

    /// <summary>
    /// Validates and compiles. <paramref name="settings"/> are the discussion settings that
    /// become the built-in checks; null leaves them out (only the admins' rules decide).
    /// </summary>
    /// <exception cref="RuleSetValidationException">The definition is invalid; every error is listed.</exception>
    public static CompiledRuleSet Compile(RuleSetDefinition definition, DiscussionSettings? settings, int revision = 0) =>
        RuleSetCompiler.Compile(definition, settings, revision);

    /// <summary>Only the built-in discussion checks, no admin rules.</summary>
    public static CompiledRuleSet FromSettings(DiscussionSettings settings, int revision = 0) =>
        RuleSetCompiler.Compile(new RuleSetDefinition(), settings, revision);

    /// <summary>The errors <see cref="Compile"/> would throw, or an empty list: for editors that explain before saving.</summary>
    public static IReadOnlyList<RuleSetError> Validate(RuleSetDefinition definition)
    {
        try
        {
            RuleSetCompiler.Compile(definition, null, 0);
            return [];
        }
        catch (RuleSetValidationException e)
        {
            return e.Errors;
        }
    }
}

/// <summary>An admin's rule, compiled.</summary>
internal sealed class CompiledRule(string key, string name, VerdictAction action, string reason, int priority, Predicate predicate, HashSet<long>? scope)
{
    public string Key { get; } = key;
    public string Name { get; } = name;
    public VerdictAction Action { get; } = action;
    public string Reason { get; } = reason;
    public int Priority { get; } = priority;
    public Predicate Predicate { get; } = predicate;
    public HashSet<long>? Scope { get; } = scope;

    /// <summary>For a rule that looks at the author's recent comments: its condition split for posting (see <see cref="RuleEngine.Prepare"/>).</summary>
    public SplitCondition? Split { get; } = predicate.ReadsRecentComments ? new SplitCondition(predicate) : null;
}
