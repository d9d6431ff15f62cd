using System.Text.Json;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Core.Rules.Predicates;

namespace CommentModeration.Core.Rules.Kinds;

/// <summary><c>{ "recentComments": { "atLeast": 3, "withinMinutes": 10 } }</c></summary>
internal sealed class RecentCommentsKind() : ConditionKind<RecentCommentsCondition>("recentComments")
{
    protected override void Read(RecentCommentsCondition recent, RulesFileReader file, JsonObjectTree value, string path)
    {
        foreach (var m in file.Members(value, path, "atLeast", "withinMinutes"))
        {
            if (m.Name.Equals("atLeast", StringComparison.OrdinalIgnoreCase)) recent.AtLeast = file.Int(m.Value, $"{path}.atLeast") ?? recent.AtLeast;
            else recent.WithinMinutes = file.Number(m.Value, $"{path}.withinMinutes") ?? recent.WithinMinutes;
        }
    }

    protected override void Write(Utf8JsonWriter w, RecentCommentsCondition recent)
    {
        w.WriteNumber("atLeast", recent.AtLeast);
        w.WriteNumber("withinMinutes", recent.WithinMinutes);
    }

    protected override Predicate? Compile(RecentCommentsCondition recent, RuleSetCompiler compiler, string path)
    {
        var at = recent.Source;
        if (recent.AtLeast < 1) { compiler.Error(path + ".atLeast", "atLeast must be at least 1.", at); return null; }
        if (recent.WithinMinutes is <= 0 or > 60 * 24) { compiler.Error(path + ".withinMinutes", "withinMinutes must be above 0 and at most 1440 (a day).", at); return null; }
        return new RecentCommentsPredicate(recent.AtLeast, TimeSpan.FromMinutes(recent.WithinMinutes));
    }

    protected override string Describe(RecentCommentsCondition recent) =>
        $"\u2265 {recent.AtLeast} comments by the same author or IP in {recent.WithinMinutes:0.#} min";
}
