using System.Collections.Frozen;
using CommentModeration.Core.Rules.Definition;

namespace CommentModeration.Core.Rules.Kinds;

/// <summary>Every predicate kind the rules file knows, in the order the docs and the editor list them; found by key or by condition type.</summary>
public static class ConditionKinds
{
    /// <summary>The group keys: the tree's structure, read, written and compiled by the file and the compiler themselves.</summary>
    public static IReadOnlyList<string> Combinators { get; } = ["all", "any", "not"];

    public static IReadOnlyList<ConditionKind> All { get; } =
    [
        new WordsKind(),
        new RegexKind(),
        new LinksKind(),
        new LengthKind(),
        new CapitalsKind(),
        new RepeatedCharactersKind(),
        new AuthorKind(),
        new RecentCommentsKind(),
        new SameTextKind(),
        new ArticleKind(),
    ];

    private static readonly FrozenDictionary<string, ConditionKind> ByKey = All.ToFrozenDictionary(k => k.JsonKey, StringComparer.OrdinalIgnoreCase);
    private static readonly FrozenDictionary<Type, ConditionKind> ByType = All.ToFrozenDictionary(k => k.ConditionType);

    /// <summary>The kind with this key in the rules file (keys are matched case-insensitively), or null.</summary>
    public static ConditionKind? Find(string jsonKey) => ByKey.GetValueOrDefault(jsonKey);

    /// <summary>The kind of a predicate condition, or null for a group.</summary>
    public static ConditionKind? Of(Condition condition) => Of(condition.GetType());

    public static ConditionKind? Of(Type conditionType) => ByType.GetValueOrDefault(conditionType);

    /// <summary>The condition's key in the rules file: a group's or its kind's.</summary>
    public static string KeyOf(Condition condition) => condition switch
    {
        AllCondition => "all",
        AnyCondition => "any",
        NotCondition => "not",
        _ => Of(condition)?.JsonKey ?? "",
    };
}
