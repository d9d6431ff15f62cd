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

    /// <summary>The built-in discussion checks' thresholds; null when the file does not carry them.</summary>
    public DiscussionThresholds? Discussion { get; set; }
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

    public ModerationAction Action { get; set; } = ModerationAction.Hold;

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

/// <summary>
/// The built-in discussion checks' settings as the rules file carries them (the same meaning
/// as <see cref="Discussion.DiscussionSettings"/>): export writes them, import applies them.
/// </summary>
public sealed class DiscussionThresholds
{
    public bool GuestsMayComment { get; set; } = true;
    public bool RequireNameAndEmail { get; set; } = true;
    public bool ManualApproval { get; set; }
    public bool RequirePreviouslyApproved { get; set; } = true;
    public int HoldWhenLinksAtLeast { get; set; } = 2;
    public List<string> ModerationKeys { get; set; } = [];
    public List<string> DisallowedKeys { get; set; } = [];
    public int FloodIntervalSeconds { get; set; } = 15;
    public int CloseCommentsAfterDays { get; set; }

    public static DiscussionThresholds From(Discussion.DiscussionSettings settings) => new()
    {
        GuestsMayComment = settings.GuestsMayComment,
        RequireNameAndEmail = settings.RequireNameAndEmail,
        ManualApproval = settings.ManualApproval,
        RequirePreviouslyApproved = settings.RequirePreviouslyApproved,
        HoldWhenLinksAtLeast = settings.HoldWhenLinksAtLeast,
        ModerationKeys = KeyLines(settings.ModerationKeys),
        DisallowedKeys = KeyLines(settings.DisallowedKeys),
        FloodIntervalSeconds = settings.FloodIntervalSeconds,
        CloseCommentsAfterDays = settings.CloseCommentsAfterDays,
    };

    /// <summary>Writes these thresholds onto <paramref name="settings"/>, leaving the display-only settings alone.</summary>
    public void ApplyTo(Discussion.DiscussionSettings settings)
    {
        settings.GuestsMayComment = GuestsMayComment;
        settings.RequireNameAndEmail = RequireNameAndEmail;
        settings.ManualApproval = ManualApproval;
        settings.RequirePreviouslyApproved = RequirePreviouslyApproved;
        settings.HoldWhenLinksAtLeast = HoldWhenLinksAtLeast;
        settings.ModerationKeys = string.Join('\n', ModerationKeys);
        settings.DisallowedKeys = string.Join('\n', DisallowedKeys);
        settings.FloodIntervalSeconds = FloodIntervalSeconds;
        settings.CloseCommentsAfterDays = CloseCommentsAfterDays;
    }

    /// <summary>One key a line, trimmed, blank lines dropped (as WordPress reads its key lists).</summary>
    public static List<string> KeyLines(string? lines) =>
        (lines ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}

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
