using System.Globalization;
using System.Text.Json;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Core.Rules.Predicates;

namespace CommentModeration.Core.Rules.Kinds;

/// <summary><c>{ "capitals": { "shareAtLeast": 0.7, "minLetters": 10 } }</c></summary>
internal sealed class CapitalsKind() : ConditionKind<CapitalsCondition>("capitals")
{
    protected override void Read(CapitalsCondition capitals, RulesFileReader file, JsonObjectTree value, string path)
    {
        foreach (var m in file.Members(value, path, "shareAtLeast", "minLetters"))
        {
            if (m.Name.Equals("shareAtLeast", StringComparison.OrdinalIgnoreCase)) capitals.ShareAtLeast = file.Number(m.Value, $"{path}.shareAtLeast") ?? capitals.ShareAtLeast;
            else capitals.MinLetters = file.Int(m.Value, $"{path}.minLetters") ?? capitals.MinLetters;
        }
    }

    protected override void Write(Utf8JsonWriter w, CapitalsCondition capitals)
    {
        w.WriteNumber("shareAtLeast", capitals.ShareAtLeast);
        w.WriteNumber("minLetters", capitals.MinLetters);
    }

    protected override Predicate? Compile(CapitalsCondition capitals, RuleSetCompiler compiler, string path)
    {
        var at = capitals.Source;
        if (capitals.ShareAtLeast is <= 0 or > 1) { compiler.Error(path + ".shareAtLeast", "The share of capitals is a number above 0 and at most 1 (0.7 = 70%).", at); return null; }
        if (capitals.MinLetters < 1) { compiler.Error(path + ".minLetters", "minLetters must be at least 1.", at); return null; }
        return new CapitalsPredicate(capitals.ShareAtLeast, capitals.MinLetters);
    }

    protected override string Describe(CapitalsCondition capitals) =>
        $"capitals \u2265 {capitals.ShareAtLeast.ToString("P0", CultureInfo.InvariantCulture)} of \u2265 {capitals.MinLetters} letters";
}
