using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Kinds;

namespace CommentModeration.Core.Rules.File;

/// <summary>
/// The rules file (docs/rules.md): word lists, rules and the discussion thresholds as JSON.
/// Parse reports every error with its line and position; Serialize writes a file Parse reads
/// back to the same definition.
/// </summary>
public static class RulesFile
{
    /// <exception cref="RuleSetValidationException">Malformed JSON, or a structure the format does not know; every error has its line and position.</exception>
    public static RuleSetDefinition Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var tree = JsonTree.Read(json);
        var reader = new RulesFileReader();
        var definition = reader.ReadRuleSet(tree);
        if (reader.Errors.Count > 0) throw new RuleSetValidationException(reader.Errors);
        return definition;
    }

    /// <summary>Parses and compiles in one go: structure errors and compile errors (unknown lists, bad patterns) both carry positions.</summary>
    public static CompiledRuleSet ParseAndCompile(string json, Discussion.DiscussionSettings? settings, int revision = 0) =>
        CompiledRuleSet.Compile(Parse(json), settings, revision);

    public static string Serialize(RuleSetDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("wordLists");
            foreach (var (name, terms) in definition.WordLists)
            {
                writer.WriteStartArray(name);
                foreach (var term in terms) writer.WriteStringValue(term);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteStartArray("rules");
            foreach (var rule in definition.Rules) WriteRule(writer, rule);
            writer.WriteEndArray();
            if (definition.Discussion is { } discussion) WriteDiscussion(writer, discussion);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>The name an action has in the rules file and in `rules check` output: reject, spam, hold, flag, censor, approve, publish.</summary>
    public static string ActionName(VerdictAction action) => action.ToString().ToLowerInvariant();

    internal static string StandingName(AuthorStandingLevel standing) => standing.ToString().ToLowerInvariant();

    internal static string PolicyName(CommentPolicy policy) => policy.ToString().ToLowerInvariant();

    internal static string MatchName(WordMatch match) => match.ToString().ToLowerInvariant();

    private static void WriteRule(Utf8JsonWriter w, RuleDefinition rule)
    {
        w.WriteStartObject();
        if (!string.IsNullOrWhiteSpace(rule.Id)) w.WriteString("id", rule.Id);
        w.WriteString("name", rule.Name);
        if (!rule.Enabled) w.WriteBoolean("enabled", false);
        w.WriteString("action", ActionName(rule.Action));
        if (rule.Priority != 0) w.WriteNumber("priority", rule.Priority);
        if (!string.IsNullOrEmpty(rule.Reason)) w.WriteString("reason", rule.Reason);
        if (rule.Scope is { Articles.Count: > 0 } scope)
        {
            w.WriteStartObject("scope");
            w.WriteStartArray("articles");
            foreach (var id in scope.Articles) w.WriteNumberValue(id);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        if (rule.When is { } when)
        {
            w.WritePropertyName("when");
            WriteCondition(w, when);
        }
        w.WriteEndObject();
    }

    private static void WriteCondition(Utf8JsonWriter w, Condition condition)
    {
        w.WriteStartObject();
        switch (condition)
        {
            case AllCondition all:
                WriteGroup(w, "all", all.Conditions);
                break;
            case AnyCondition any:
                WriteGroup(w, "any", any.Conditions);
                break;
            case NotCondition not:
                w.WritePropertyName("not");
                if (not.Condition is null) w.WriteNullValue();
                else WriteCondition(w, not.Condition);
                break;
            default:
                if (ConditionKinds.Of(condition) is not { } kind) break;
                w.WriteStartObject(kind.JsonKey);
                kind.Write(w, condition);
                w.WriteEndObject();
                break;
        }
        w.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter w, string name, List<Condition> conditions)
    {
        w.WriteStartArray(name);
        foreach (var c in conditions) WriteCondition(w, c);
        w.WriteEndArray();
    }

    internal static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    internal static void WriteRange(Utf8JsonWriter w, string name, NumberRange? range)
    {
        if (range is null) return;
        w.WriteStartObject(name);
        if (range.AtLeast is { } min) w.WriteNumber("atLeast", min);
        if (range.AtMost is { } max) w.WriteNumber("atMost", max);
        w.WriteEndObject();
    }

    private static void WriteDiscussion(Utf8JsonWriter w, Discussion.DiscussionSettings d)
    {
        w.WriteStartObject("discussion");
        w.WriteBoolean("guestsMayComment", d.GuestsMayComment);
        w.WriteBoolean("requireNameAndEmail", d.RequireNameAndEmail);
        w.WriteBoolean("manualApproval", d.ManualApproval);
        w.WriteBoolean("requirePreviouslyApproved", d.RequirePreviouslyApproved);
        w.WriteNumber("holdWhenLinksAtLeast", d.HoldWhenLinksAtLeast);
        WriteStrings(w, "moderationKeys", Discussion.DiscussionSettings.KeyLines(d.ModerationKeys));
        WriteStrings(w, "disallowedKeys", Discussion.DiscussionSettings.KeyLines(d.DisallowedKeys));
        w.WriteNumber("floodIntervalSeconds", d.FloodIntervalSeconds);
        w.WriteNumber("closeCommentsAfterDays", d.CloseCommentsAfterDays);
        w.WriteEndObject();
    }

    internal static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
