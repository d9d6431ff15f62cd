using System.Text.Json;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Core.Rules.Predicates;

namespace CommentModeration.Core.Rules.Kinds;

/// <summary><c>{ "repeatedCharacters": { "atLeast": 5 } }</c></summary>
internal sealed class RepeatedCharactersKind() : ConditionKind<RepeatedCharactersCondition>("repeatedCharacters")
{
    protected override void Read(RepeatedCharactersCondition repeated, RulesFileReader file, JsonObjectTree value, string path)
    {
        foreach (var m in file.Members(value, path, "atLeast")) repeated.AtLeast = file.Int(m.Value, $"{path}.atLeast") ?? repeated.AtLeast;
    }

    protected override void Write(Utf8JsonWriter w, RepeatedCharactersCondition repeated) => w.WriteNumber("atLeast", repeated.AtLeast);

    protected override Predicate? Compile(RepeatedCharactersCondition repeated, RuleSetCompiler compiler, string path)
    {
        if (repeated.AtLeast < 2) { compiler.Error(path + ".atLeast", "A repeat needs at least 2 characters.", repeated.Source); return null; }
        return new RepeatedCharactersPredicate(repeated.AtLeast);
    }

    protected override string Describe(RepeatedCharactersCondition repeated) => $"a character repeated \u2265 {repeated.AtLeast} times";
}
