using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Kinds;

namespace CommentModeration.Core.Rules.File;

/// <summary>Reads the positioned JSON tree into a definition, collecting every structural error with its position.</summary>
internal sealed class RulesFileReader
{
    private static readonly string[] ConditionKeys = [.. ConditionKinds.Combinators, .. ConditionKinds.All.Select(k => k.JsonKey)];

    public List<RuleSetError> Errors { get; } = [];

    public RuleSetDefinition ReadRuleSet(JsonTree tree)
    {
        var definition = new RuleSetDefinition();
        if (Object(tree, "") is not { } root) return definition;
        foreach (var member in Members(root, "", "wordLists", "rules", "discussion", "$schema", "version"))
        {
            switch (member.Name.ToLowerInvariant())
            {
                case "wordlists":
                    if (Object(member.Value, "wordLists") is not { } lists) break;
                    foreach (var list in lists.Members)
                    {
                        if (definition.WordLists.ContainsKey(list.Name)) { Error($"wordLists.{list.Name}", "This word list is defined twice.", list.Position); continue; }
                        definition.WordLists[list.Name] = Strings(list.Value, $"wordLists.{list.Name}") ?? [];
                    }
                    break;
                case "rules":
                    if (Array(member.Value, "rules") is not { } rules) break;
                    for (var i = 0; i < rules.Items.Count; i++)
                    {
                        if (ReadRule(rules.Items[i], $"rules[{i}]") is { } rule) definition.Rules.Add(rule);
                    }
                    break;
                case "discussion":
                    definition.Discussion = ReadDiscussion(member.Value, "discussion");
                    break;
                case "version":
                    if (Number(member.Value, "version") is { } version && version != 1) Error("version", "Only version 1 of the rules file exists.", member.Value.Position);
                    break;
            }
        }
        return definition;
    }

    private RuleDefinition? ReadRule(JsonTree tree, string path)
    {
        if (Object(tree, path) is not { } obj) return null;
        var rule = new RuleDefinition { Source = obj.Position };
        var hasName = false;
        var hasAction = false;
        foreach (var m in Members(obj, path, "id", "name", "enabled", "priority", "action", "reason", "when", "scope"))
        {
            var at = $"{path}.{m.Name}";
            switch (m.Name.ToLowerInvariant())
            {
                case "id": rule.Id = String(m.Value, at); break;
                case "name": rule.Name = String(m.Value, at) ?? ""; hasName = true; break;
                case "enabled": rule.Enabled = Bool(m.Value, at) ?? true; break;
                case "priority": rule.Priority = Int(m.Value, at) ?? 0; break;
                case "reason": rule.Reason = String(m.Value, at) ?? ""; break;
                case "action":
                    hasAction = true;
                    if (String(m.Value, at) is { } action)
                    {
                        if (Enum.TryParse<VerdictAction>(action, ignoreCase: true, out var parsed) && parsed != VerdictAction.Publish && !int.TryParse(action, out _)) rule.Action = parsed;
                        else Error(at, $"Unknown action \u201c{action}\u201d; use reject, spam, hold, flag, censor or approve.", m.Value.Position);
                    }
                    break;
                case "when": rule.When = ReadCondition(m.Value, at, 0); break;
                case "scope":
                    if (Object(m.Value, at) is not { } scope) break;
                    rule.Scope = new RuleScope();
                    foreach (var s in Members(scope, at, "articles"))
                    {
                        if (Array(s.Value, at + ".articles") is not { } ids) continue;
                        for (var i = 0; i < ids.Items.Count; i++)
                        {
                            if (Int(ids.Items[i], $"{at}.articles[{i}]") is { } id) rule.Scope.Articles.Add(id);
                        }
                    }
                    break;
            }
        }
        if (!hasName) Error(path, "A rule needs a \u201cname\u201d.", obj.Position);
        if (!hasAction) Error(path, "A rule needs an \u201caction\u201d (reject, spam, hold, flag, censor or approve).", obj.Position);
        if (rule.When is null && !obj.Members.Any(m => m.Name.Equals("when", StringComparison.OrdinalIgnoreCase))) Error(path, "A rule needs a condition (\u201cwhen\u201d).", obj.Position);
        return rule;
    }

    private Condition? ReadCondition(JsonTree tree, string path, int depth)
    {
        if (Object(tree, path) is not { } obj) return null;
        if (depth > 64) { Error(path, "Conditions are nested too deep.", obj.Position); return null; }
        if (obj.Members.Count != 1)
        {
            Error(path, obj.Members.Count == 0
                ? $"An empty condition; use one of: {string.Join(", ", ConditionKeys)}."
                : "A condition has exactly one key; to combine several, put them in \u201call\u201d or \u201cany\u201d.", obj.Position);
            return null;
        }
        var member = obj.Members[0];
        var kind = ConditionKinds.Find(member.Name);
        var key = kind?.JsonKey ?? ConditionKinds.Combinators.FirstOrDefault(k => k.Equals(member.Name, StringComparison.OrdinalIgnoreCase));
        var at = $"{path}.{key ?? member.Name}";
        var value = member.Value;
        Condition? condition = key switch
        {
            "all" => Group(value, at, depth) is { } all ? new AllCondition { Conditions = all } : null,
            "any" => Group(value, at, depth) is { } any ? new AnyCondition { Conditions = any } : null,
            "not" => ReadCondition(value, at, depth + 1) is { } inner ? new NotCondition { Condition = inner } : null,
            _ when kind is not null => Object(value, at) is { } body ? kind.Read(this, body, at) : null,
            _ => Unknown(member, path),
        };
        if (condition is not null) condition.Source = member.Position;
        return condition;
    }

    private Condition? Unknown(JsonMember member, string path)
    {
        Error($"{path}.{member.Name}", $"Unknown condition \u201c{member.Name}\u201d; use one of: {string.Join(", ", ConditionKeys)}.", member.Position);
        return null;
    }

    private List<Condition>? Group(JsonTree tree, string path, int depth)
    {
        if (Array(tree, path) is not { } array) return null;
        var list = new List<Condition>();
        for (var i = 0; i < array.Items.Count; i++)
        {
            if (ReadCondition(array.Items[i], $"{path}[{i}]", depth + 1) is { } c) list.Add(c);
        }
        return list;
    }

    private DiscussionSettings? ReadDiscussion(JsonTree tree, string path)
    {
        if (Object(tree, path) is not { } obj) return null;
        var d = new DiscussionSettings();
        foreach (var m in Members(obj, path, "guestsMayComment", "requireNameAndEmail", "manualApproval", "requirePreviouslyApproved",
                     "holdWhenLinksAtLeast", "moderationKeys", "disallowedKeys", "floodIntervalSeconds", "closeCommentsAfterDays"))
        {
            var at = $"{path}.{m.Name}";
            d = m.Name.ToLowerInvariant() switch
            {
                "guestsmaycomment" => d with { GuestsMayComment = Bool(m.Value, at) ?? d.GuestsMayComment },
                "requirenameandemail" => d with { RequireNameAndEmail = Bool(m.Value, at) ?? d.RequireNameAndEmail },
                "manualapproval" => d with { ManualApproval = Bool(m.Value, at) ?? d.ManualApproval },
                "requirepreviouslyapproved" => d with { RequirePreviouslyApproved = Bool(m.Value, at) ?? d.RequirePreviouslyApproved },
                "holdwhenlinksatleast" => d with { HoldWhenLinksAtLeast = NonNegative(m.Value, at) ?? d.HoldWhenLinksAtLeast },
                "moderationkeys" => d with { ModerationKeys = string.Join('\n', Strings(m.Value, at) ?? []) },
                "disallowedkeys" => d with { DisallowedKeys = string.Join('\n', Strings(m.Value, at) ?? []) },
                "floodintervalseconds" => d with { FloodIntervalSeconds = NonNegative(m.Value, at) ?? d.FloodIntervalSeconds },
                "closecommentsafterdays" => d with { CloseCommentsAfterDays = NonNegative(m.Value, at) ?? d.CloseCommentsAfterDays },
                _ => d,
            };
        }
        return d;
    }

    private int? NonNegative(JsonTree tree, string path)
    {
        var value = Int(tree, path);
        if (value < 0) { Error(path, "Cannot be negative (0 turns the check off).", tree.Position); return null; }
        return value;
    }

    internal NumberRange? Range(JsonTree tree, string path)
    {
        if (Object(tree, path) is not { } obj) return null;
        double? min = null, max = null;
        foreach (var m in Members(obj, path, "atLeast", "atMost"))
        {
            if (m.Name.Equals("atLeast", StringComparison.OrdinalIgnoreCase)) min = Number(m.Value, $"{path}.atLeast");
            else max = Number(m.Value, $"{path}.atMost");
        }
        return new NumberRange(min, max);
    }

    internal List<TextField> Fields(JsonTree tree, string path)
    {
        var fields = new List<TextField>();
        foreach (var (name, position) in StringsWithPositions(tree, path))
        {
            if (TextFieldNames.TryParse(name, out var field)) fields.Add(field);
            else Error(path, $"Unknown field \u201c{name}\u201d; use body, authorName, authorEmail, authorUrl, ip or userAgent.", position);
        }
        return fields;
    }

    /// <summary>The object's members, reporting (and skipping) keys the format does not know and keys given twice.</summary>
    internal IEnumerable<JsonMember> Members(JsonObjectTree obj, string path, params string[] known)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in obj.Members)
        {
            var where = path.Length == 0 ? member.Name : $"{path}.{member.Name}";
            if (!known.Contains(member.Name, StringComparer.OrdinalIgnoreCase))
            {
                Error(where, $"Unknown key \u201c{member.Name}\u201d; expected {string.Join(", ", known.Where(k => k != "$schema"))}.", member.Position);
                continue;
            }
            if (!seen.Add(member.Name)) { Error(where, $"\u201c{member.Name}\u201d is given twice.", member.Position); continue; }
            yield return member;
        }
    }

    private JsonObjectTree? Object(JsonTree tree, string path)
    {
        if (tree is JsonObjectTree obj) return obj;
        Error(path, $"Expected an object, found {tree.Kind}.", tree.Position);
        return null;
    }

    private JsonArrayTree? Array(JsonTree tree, string path)
    {
        if (tree is JsonArrayTree array) return array;
        Error(path, $"Expected a list, found {tree.Kind}.", tree.Position);
        return null;
    }

    internal string? String(JsonTree tree, string path)
    {
        if (tree is JsonStringTree s) return s.Value;
        if (tree is JsonNullTree) return null;
        Error(path, $"Expected a string, found {tree.Kind}.", tree.Position);
        return null;
    }

    internal bool? Bool(JsonTree tree, string path)
    {
        if (tree is JsonBoolTree b) return b.Value;
        Error(path, $"Expected true or false, found {tree.Kind}.", tree.Position);
        return null;
    }

    internal double? Number(JsonTree tree, string path)
    {
        if (tree is JsonNumberTree n) return n.Value;
        Error(path, $"Expected a number, found {tree.Kind}.", tree.Position);
        return null;
    }

    internal int? Int(JsonTree tree, string path)
    {
        if (Number(tree, path) is not { } value) return null;
        if (value != Math.Floor(value) || value is > int.MaxValue or < int.MinValue) { Error(path, $"Expected a whole number, found {RulesFile.Format(value)}.", tree.Position); return null; }
        return (int)value;
    }

    internal List<string>? Strings(JsonTree tree, string path)
    {
        if (Array(tree, path) is not { } array) return null;
        return StringsWithPositions(array, path).Select(s => s.Value).ToList();
    }

    internal IEnumerable<(string Value, SourcePosition Position)> StringsWithPositions(JsonTree tree, string path)
    {
        if (tree is not JsonArrayTree array)
        {
            Error(path, $"Expected a list, found {tree.Kind}.", tree.Position);
            yield break;
        }
        for (var i = 0; i < array.Items.Count; i++)
        {
            if (array.Items[i] is JsonStringTree s) yield return (s.Value, s.Position);
            else Error($"{path}[{i}]", $"Expected a string, found {array.Items[i].Kind}.", array.Items[i].Position);
        }
    }

    internal void Error(string path, string message, SourcePosition position) => Errors.Add(new RuleSetError(path, message, position));
}
