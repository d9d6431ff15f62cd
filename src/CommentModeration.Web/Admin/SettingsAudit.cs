using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using CommentModeration.Core.Discussion;

namespace CommentModeration.Web.Admin;

/// <summary>What a change of the discussion settings changed, as its audit row says it: each setting from what to what.</summary>
public static partial class SettingsAudit
{
    private const int MaxTermsShown = 10;

    private static readonly PropertyInfo[] Settings = typeof(DiscussionSettings)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.Name != nameof(DiscussionSettings.Id))
        .ToArray();

    /// <summary>One entry per setting that differs, like "Flood interval seconds: 15 → 30"; key lists say which terms came and went.</summary>
    public static IReadOnlyList<string> Changes(DiscussionSettings before, DiscussionSettings after)
    {
        var changes = new List<string>();
        foreach (var setting in Settings)
        {
            var (was, now) = (setting.GetValue(before), setting.GetValue(after));
            if (Equals(was, now)) continue;
            var label = Label(setting.Name);
            if (setting.PropertyType == typeof(string))
            {
                var (old, current) = (DiscussionSettings.KeyLines((string?)was), DiscussionSettings.KeyLines((string?)now));
                var added = current.Except(old, StringComparer.Ordinal).ToList();
                var removed = old.Except(current, StringComparer.Ordinal).ToList();
                if (added.Count + removed.Count == 0) continue;
                changes.Add($"{label}: {old.Count} → {current.Count} terms{Terms(" added", added)}{Terms(" removed", removed)}");
            }
            else
            {
                changes.Add($"{label}: {Shown(was)} → {Shown(now)}");
            }
        }
        return changes;
    }

    /// <summary>The changes as one audit reason, or null when nothing changed.</summary>
    public static string? Reason(DiscussionSettings before, DiscussionSettings after) =>
        Changes(before, after) is { Count: > 0 } changes ? string.Join("; ", changes) : null;

    private static string Terms(string what, List<string> terms) =>
        terms.Count == 0 ? "" : $",{what} {string.Join(", ", terms.Take(MaxTermsShown))}{(terms.Count > MaxTermsShown ? $" and {terms.Count - MaxTermsShown} more" : "")}";

    private static string Shown(object? value) => value switch
    {
        bool b => b ? "on" : "off",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    private static string Label(string name)
    {
        var words = WordStart().Replace(name, " $1").Trim().ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}
