using CommentModeration.Core.Discussion;

namespace CommentModeration.Core.Rules.Definition;

/// <summary>
/// A rule set as admins write it (and as the rules file holds it): named word lists, rules,
/// and optionally the thresholds of the built-in discussion checks. Plain data; validated and
/// turned into lookup structures by <see cref="CompiledRuleSet.Compile"/>.
/// </summary>
public sealed class RuleSetDefinition
{
    /// <summary>Named lists of terms: one word, a phrase (words separated by spaces) or a `*` wildcard each.</summary>
    public Dictionary<string, List<string>> WordLists { get; set; } = new(StringComparer.Ordinal);

    public List<RuleDefinition> Rules { get; set; } = [];

    /// <summary>
    /// The built-in discussion checks' thresholds; null when the file does not carry them. Only
    /// the thresholds are read and written (<see cref="DiscussionSettings.WithThresholdsOf"/>
    /// applies them); the display settings of a parsed file keep their defaults.
    /// </summary>
    public DiscussionSettings? Discussion { get; set; }
}

/// <summary>One admin-written rule.</summary>
public sealed class RuleDefinition
{
    /// <summary>A stable key for hit counts and verdicts; derived from the name when absent.</summary>
    public string? Id { get; set; }
    public string Name { get; set; } = "";
    public bool Enabled { get; set; } = true;

    /// <summary>Higher runs (and is listed) first; among hits of the same action the highest priority gives the reason.</summary>
    public int Priority { get; set; }

    public VerdictAction Action { get; set; } = VerdictAction.Hold;

    /// <summary>Shown to moderators, and for reject to the author.</summary>
    public string Reason { get; set; } = "";

    public Condition? When { get; set; }

    /// <summary>Null: every article. Otherwise only comments on these articles.</summary>
    public RuleScope? Scope { get; set; }

    public SourcePosition? Source { get; set; }

    /// <summary>The key verdicts and hit counts use: the id, or the name made into a slug.</summary>
    public string Key => string.IsNullOrWhiteSpace(Id) ? RuleKeys.FromName(Name) : Id.Trim();
}

public sealed class RuleScope
{
    public List<long> Articles { get; set; } = [];
}

/// <summary>Where a definition node stood in the rules file, so compile errors can point at it.</summary>
public sealed record SourcePosition(int Line, int Column);

public static class RuleKeys
{
    public const string BuiltInPrefix = "builtin:";

    /// <summary>"Link spam from new authors" → "link-spam-from-new-authors".</summary>
    public static string FromName(string name)
    {
        var chars = new List<char>(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c)) chars.Add(c);
            else if (chars.Count > 0 && chars[^1] != '-') chars.Add('-');
        }
        while (chars.Count > 0 && chars[^1] == '-') chars.RemoveAt(chars.Count - 1);
        return new string(chars.ToArray());
    }
}
