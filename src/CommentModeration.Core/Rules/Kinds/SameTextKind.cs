using System.Text.Json;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Core.Rules.Predicates;

namespace CommentModeration.Core.Rules.Kinds;

/// <summary><c>{ "sameText": { "atLeast": 2 } }</c></summary>
internal sealed class SameTextKind() : ConditionKind<SameTextCondition>("sameText")
{
    protected override void Read(SameTextCondition same, RulesFileReader file, JsonObjectTree value, string path)
    {
        foreach (var m in file.Members(value, path, "atLeast")) same.AtLeast = file.Int(m.Value, $"{path}.atLeast") ?? same.AtLeast;
    }

    protected override void Write(Utf8JsonWriter w, SameTextCondition same) => w.WriteNumber("atLeast", same.AtLeast);

    protected override Predicate? Compile(SameTextCondition same, RuleSetCompiler compiler, string path)
    {
        if (same.AtLeast < 1) { compiler.Error(path + ".atLeast", "atLeast must be at least 1.", same.Source); return null; }
        return new SameTextPredicate(same.AtLeast);
    }

    protected override string Describe(SameTextCondition same) => $"same text posted recently \u2265 {same.AtLeast} times";
}
