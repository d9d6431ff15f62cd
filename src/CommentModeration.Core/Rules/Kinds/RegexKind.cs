using System.Text.Json;
using System.Text.RegularExpressions;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Core.Rules.Predicates;
using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Rules.Kinds;

/// <summary><c>{ "regex": { "pattern": "…", "ignoreCase": true, "in": ["body"] } }</c></summary>
internal sealed class RegexKind() : ConditionKind<RegexCondition>("regex")
{
    private static readonly TextField[] DefaultFields = [TextField.Body];

    protected override void Read(RegexCondition regex, RulesFileReader file, JsonObjectTree value, string path)
    {
        foreach (var m in file.Members(value, path, "pattern", "ignoreCase", "in"))
        {
            var at = $"{path}.{m.Name}";
            switch (m.Name.ToLowerInvariant())
            {
                case "pattern": regex.Pattern = file.String(m.Value, at) ?? ""; break;
                case "ignorecase": regex.IgnoreCase = file.Bool(m.Value, at) ?? true; break;
                case "in": regex.In = file.Fields(m.Value, at); break;
            }
        }
    }

    protected override void Write(Utf8JsonWriter w, RegexCondition regex)
    {
        w.WriteString("pattern", regex.Pattern);
        if (!regex.IgnoreCase) w.WriteBoolean("ignoreCase", false);
        if (regex.In.Count > 0) RulesFile.WriteStrings(w, "in", regex.In.Select(TextFieldNames.Of));
    }

    protected override Predicate? Compile(RegexCondition condition, RuleSetCompiler compiler, string path)
    {
        var at = condition.Source;
        if (string.IsNullOrEmpty(condition.Pattern)) { compiler.Error(path + ".pattern", "A regex needs a pattern.", at); return null; }
        if (condition.Pattern.Length > 2000) { compiler.Error(path + ".pattern", "A pattern can be at most 2,000 characters.", at); return null; }
        var shape = RegexShape.Read(condition.Pattern);
        Regex regex;
        try
        {
            regex = RegexPredicate.Build(condition.Pattern, condition.IgnoreCase, shape);
        }
        catch (NotSupportedException e) when (shape.HasLargeRepeat)
        {
            compiler.Error(path + ".pattern", $"Repeats with large bounds (more than {RegexShape.LargeRepeat} places to stop, like {{0,1000}}) backtrack like open-ended ones, " +
                $"so the pattern must run on the linear-time engine, which cannot run it: {e.Message} Use open repeats (+ or *) or smaller bounds.", at);
            return null;
        }
        catch (NotSupportedException e)
        {
            compiler.Error(path + ".pattern", "The pattern could backtrack catastrophically (a repeated group that itself repeats or alternates, or two open-ended repeats), " +
                $"so it must run on the linear-time engine, which cannot run backreferences, lookarounds, atomic groups or conditionals; rewrite one or the other: {e.Message}", at);
            return null;
        }
        catch (ArgumentException e)
        {
            compiler.Error(path + ".pattern", $"Not a valid regular expression: {e.Message}", at);
            return null;
        }
        var fields = condition.In is { Count: > 0 } ? condition.In.Distinct().ToArray() : DefaultFields;
        var literal = shape.RequiredLiteral is { } required ? compiler.LiteralIndex(required) : -1;
        return new RegexPredicate(regex, fields, literal, shape.RequiresDigit);
    }

    protected override string Describe(RegexCondition regex) =>
        $"matches /{regex.Pattern}/{(regex.IgnoreCase ? "i" : "")}{ConditionDescriptions.Fields(regex.In, "body")}";
}
