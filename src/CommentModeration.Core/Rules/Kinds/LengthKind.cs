using System.Text.Json;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Core.Rules.Predicates;

namespace CommentModeration.Core.Rules.Kinds;

/// <summary><c>{ "length": { "atLeast": 10, "atMost": 5000 } }</c></summary>
internal sealed class LengthKind() : ConditionKind<LengthCondition>("length")
{
    protected override void Read(LengthCondition length, RulesFileReader file, JsonObjectTree value, string path)
    {
        foreach (var m in file.Members(value, path, "atLeast", "atMost"))
        {
            if (m.Name.Equals("atLeast", StringComparison.OrdinalIgnoreCase)) length.AtLeast = file.Int(m.Value, $"{path}.atLeast");
            else length.AtMost = file.Int(m.Value, $"{path}.atMost");
        }
    }

    protected override void Write(Utf8JsonWriter w, LengthCondition length)
    {
        if (length.AtLeast is { } min) w.WriteNumber("atLeast", min);
        if (length.AtMost is { } max) w.WriteNumber("atMost", max);
    }

    protected override Predicate? Compile(LengthCondition length, RuleSetCompiler compiler, string path)
    {
        var at = length.Source;
        if (length.AtLeast is null && length.AtMost is null) { compiler.Error(path, "Give atLeast, atMost or both.", at); return null; }
        if (length.AtLeast < 0 || length.AtMost < 0) { compiler.Error(path, "Lengths cannot be negative.", at); return null; }
        if (length.AtLeast > length.AtMost) { compiler.Error(path, "atLeast is greater than atMost: nothing could match.", at); return null; }
        return new LengthPredicate(length.AtLeast, length.AtMost);
    }

    protected override string Describe(LengthCondition length) => "length " + ConditionDescriptions.Range(length.AtLeast, length.AtMost, " characters");
}
