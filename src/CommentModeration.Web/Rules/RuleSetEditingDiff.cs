using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;

namespace CommentModeration.Web.Rules;

public enum DiffLineKind
{
    Same,
    Added,
    Removed,
    /// <summary>A run of unchanged lines left out between changes.</summary>
    Skipped,
}

public sealed record DiffLine(DiffLineKind Kind, string Text, int? OldNumber, int? NewNumber);

/// <summary>What changed between two revisions: a sentence per rule or word list, and a line diff of the pretty-printed files.</summary>
public sealed record RuleSetDiff(IReadOnlyList<string> Changes, IReadOnlyList<DiffLine> Lines);

/// <summary>Compares two rules files the way a reviewer reads them: per rule, then line by line.</summary>
public static class RuleSetEditingDiff
{
    private const int Context = 3;

    /// <summary>Beyond this many cells the middle of the files is shown as removed-then-added rather than aligned.</summary>
    private const long MaxAlignmentCells = 4_000_000;

    public static RuleSetDiff Compare(string oldJson, string newJson)
    {
        var oldDefinition = RulesFile.Parse(oldJson);
        var newDefinition = RulesFile.Parse(newJson);
        return new RuleSetDiff(
            Summarize(oldDefinition, newDefinition),
            Lines(RulesFile.Serialize(oldDefinition), RulesFile.Serialize(newDefinition)));
    }

    public static IReadOnlyList<string> Summarize(RuleSetDefinition before, RuleSetDefinition after)
    {
        var changes = new List<string>();
        var oldRules = before.Rules.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First());
        var newRules = after.Rules.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First());
        foreach (var (key, rule) in newRules)
        {
            if (!oldRules.TryGetValue(key, out var old))
            {
                changes.Add($"Rule \u201c{rule.Name}\u201d added ({ActionName(rule.Action)}).");
                continue;
            }
            var what = new List<string>();
            if (old.Name != rule.Name) what.Add($"renamed from \u201c{old.Name}\u201d");
            if (old.Enabled != rule.Enabled) what.Add(rule.Enabled ? "enabled" : "disabled");
            if (old.Action != rule.Action) what.Add($"action {ActionName(old.Action)} \u2192 {ActionName(rule.Action)}");
            if (old.Priority != rule.Priority) what.Add($"priority {old.Priority} \u2192 {rule.Priority}");
            if (old.Reason != rule.Reason) what.Add("reason changed");
            if (ConditionJson(old) != ConditionJson(rule)) what.Add("conditions changed");
            if (ScopeText(old) != ScopeText(rule)) what.Add("scope changed");
            if (what.Count > 0) changes.Add($"Rule \u201c{rule.Name}\u201d: {string.Join(", ", what)}.");
        }
        foreach (var (key, rule) in oldRules)
        {
            if (!newRules.ContainsKey(key)) changes.Add($"Rule \u201c{rule.Name}\u201d removed.");
        }
        foreach (var (name, terms) in after.WordLists)
        {
            if (!before.WordLists.TryGetValue(name, out var oldTerms))
            {
                changes.Add($"Word list \u201c{name}\u201d added ({terms.Count:N0} terms).");
                continue;
            }
            var oldSet = new HashSet<string>(oldTerms, StringComparer.Ordinal);
            var newSet = new HashSet<string>(terms, StringComparer.Ordinal);
            var added = newSet.Count(t => !oldSet.Contains(t));
            var removed = oldSet.Count(t => !newSet.Contains(t));
            if (added + removed > 0) changes.Add($"Word list \u201c{name}\u201d: {added:N0} terms added, {removed:N0} removed.");
        }
        foreach (var name in before.WordLists.Keys)
        {
            if (!after.WordLists.ContainsKey(name)) changes.Add($"Word list \u201c{name}\u201d removed.");
        }
        if (before.Discussion is { } d1 && after.Discussion is { } d2)
        {
            var thresholds = new List<string>();
            if (d1.ManualApproval != d2.ManualApproval) thresholds.Add($"manual approval {(d2.ManualApproval ? "on" : "off")}");
            if (d1.RequirePreviouslyApproved != d2.RequirePreviouslyApproved) thresholds.Add($"previously approved author {(d2.RequirePreviouslyApproved ? "required" : "not required")}");
            if (d1.HoldWhenLinksAtLeast != d2.HoldWhenLinksAtLeast) thresholds.Add($"links that hold {d1.HoldWhenLinksAtLeast} \u2192 {d2.HoldWhenLinksAtLeast}");
            if (d1.FloodIntervalSeconds != d2.FloodIntervalSeconds) thresholds.Add($"flood interval {d1.FloodIntervalSeconds} s \u2192 {d2.FloodIntervalSeconds} s");
            if (d1.CloseCommentsAfterDays != d2.CloseCommentsAfterDays) thresholds.Add($"close after {d1.CloseCommentsAfterDays} \u2192 {d2.CloseCommentsAfterDays} days");
            if (d1.GuestsMayComment != d2.GuestsMayComment) thresholds.Add($"guests {(d2.GuestsMayComment ? "may" : "may not")} comment");
            if (d1.RequireNameAndEmail != d2.RequireNameAndEmail) thresholds.Add($"name and email {(d2.RequireNameAndEmail ? "required" : "optional")}");
            if (d1.ModerationKeys != d2.ModerationKeys) thresholds.Add("moderation keys changed");
            if (d1.DisallowedKeys != d2.DisallowedKeys) thresholds.Add("disallowed keys changed");
            if (thresholds.Count > 0) changes.Add($"Built-in checks: {string.Join(", ", thresholds)}.");
        }
        if (changes.Count == 0) changes.Add("No differences.");
        return changes;
    }

    /// <summary>A line diff with <see cref="Context"/> unchanged lines around each change; longer unchanged runs are skipped.</summary>
    public static IReadOnlyList<DiffLine> Lines(string oldText, string newText)
    {
        var a = oldText.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        var b = newText.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        var full = Align(a, b);
        var result = new List<DiffLine>();
        for (var i = 0; i < full.Count; i++)
        {
            if (full[i].Kind != DiffLineKind.Same) { result.Add(full[i]); continue; }
            var runEnd = i;
            while (runEnd + 1 < full.Count && full[runEnd + 1].Kind == DiffLineKind.Same) runEnd++;
            var runLength = runEnd - i + 1;
            var keepBefore = i == 0 ? 0 : Context;
            var keepAfter = runEnd == full.Count - 1 ? 0 : Context;
            if (runLength <= keepBefore + keepAfter + 1)
            {
                for (var k = i; k <= runEnd; k++) result.Add(full[k]);
            }
            else
            {
                for (var k = i; k < i + keepBefore; k++) result.Add(full[k]);
                result.Add(new DiffLine(DiffLineKind.Skipped, $"\u2026 {runLength - keepBefore - keepAfter:N0} unchanged lines \u2026", null, null));
                for (var k = runEnd - keepAfter + 1; k <= runEnd; k++) result.Add(full[k]);
            }
            i = runEnd;
        }
        return result;
    }

    private static List<DiffLine> Align(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix]) suffix++;

        var lines = new List<DiffLine>(a.Length + b.Length);
        for (var i = 0; i < prefix; i++) lines.Add(new DiffLine(DiffLineKind.Same, a[i], i + 1, i + 1));

        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        if ((long)n * m <= MaxAlignmentCells && n > 0 && m > 0)
        {
            // Longest common subsequence over the changed middle.
            var table = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
            {
                for (var j = m - 1; j >= 0; j--)
                {
                    table[i, j] = a[prefix + i] == b[prefix + j] ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
                }
            }
            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[prefix + x] == b[prefix + y])
                {
                    lines.Add(new DiffLine(DiffLineKind.Same, a[prefix + x], prefix + x + 1, prefix + y + 1));
                    x++; y++;
                }
                else if (y < m && (x == n || table[x, y + 1] >= table[x + 1, y]))
                {
                    lines.Add(new DiffLine(DiffLineKind.Added, b[prefix + y], null, prefix + y + 1));
                    y++;
                }
                else
                {
                    lines.Add(new DiffLine(DiffLineKind.Removed, a[prefix + x], prefix + x + 1, null));
                    x++;
                }
            }
        }
        else
        {
            for (var i = 0; i < n; i++) lines.Add(new DiffLine(DiffLineKind.Removed, a[prefix + i], prefix + i + 1, null));
            for (var j = 0; j < m; j++) lines.Add(new DiffLine(DiffLineKind.Added, b[prefix + j], null, prefix + j + 1));
        }

        for (var k = suffix; k > 0; k--)
        {
            lines.Add(new DiffLine(DiffLineKind.Same, a[a.Length - k], a.Length - k + 1, b.Length - k + 1));
        }
        return lines;
    }

    private static string ActionName(Core.Rules.VerdictAction action) => action.ToString().ToLowerInvariant();

    private static string ConditionJson(RuleDefinition rule) =>
        RulesFile.Serialize(new RuleSetDefinition { Rules = [new RuleDefinition { Name = "x", When = rule.When }] });

    private static string ScopeText(RuleDefinition rule) => rule.Scope is { } s ? string.Join(",", s.Articles.Order()) : "";
}
