using System.Collections.Frozen;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Kinds;
using CommentModeration.Web.Components.Pages.Admin.Conditions;

namespace CommentModeration.Web.Components.Pages.Admin;

/// <summary>
/// A kind the condition builder offers: its key in the rules file, its label, the condition a new
/// one starts as, and the component that edits its fields (null for the groups, which
/// <see cref="ConditionEditor"/> edits itself).
/// </summary>
public sealed record ConditionChoice(string Key, string Label, Func<Condition> Create, Type? Editor);

/// <summary>
/// The kinds the condition builder offers, by their keys in the rules file. A predicate kind is
/// its <see cref="ConditionKind"/> in Core (read, written, compiled, described there) and its
/// editor component under Conditions/, listed here: adding a kind means those two.
/// </summary>
public static class ConditionEditors
{
    public static readonly IReadOnlyList<ConditionChoice> All =
    [
        Predicate<WordsCondition, WordsEditor>("Words (list or terms)", () => new WordsCondition()),
        Predicate<RegexCondition, RegexEditor>("Pattern (regular expression)", () => new RegexCondition()),
        Predicate<LinksCondition, LinksEditor>("Links (count, domains)", () => new LinksCondition { AtLeast = 3 }),
        Predicate<LengthCondition, LengthEditor>("Text length", () => new LengthCondition { AtLeast = 2000 }),
        Predicate<CapitalsCondition, CapitalsEditor>("Capital letters (shouting)", () => new CapitalsCondition()),
        Predicate<RepeatedCharactersCondition, RepeatedCharactersEditor>("Repeated characters", () => new RepeatedCharactersCondition()),
        Predicate<AuthorCondition, AuthorEditor>("Author", () => new AuthorCondition { IsNew = true }),
        Predicate<RecentCommentsCondition, RecentCommentsEditor>("Comments in the last minutes (rate)", () => new RecentCommentsCondition { AtLeast = 3, WithinMinutes = 10 }),
        Predicate<SameTextCondition, SameTextEditor>("Same text as a recent comment", () => new SameTextCondition()),
        Predicate<ArticleCondition, ArticleEditor>("Article (age, policy)", () => new ArticleCondition { AgeDays = new NumberRange(30, null) }),
        new("all", "Group: all of", () => new AllCondition(), null),
        new("any", "Group: any of", () => new AnyCondition(), null),
        new("not", "Not", () => new NotCondition { Condition = new WordsCondition() }, null),
    ];

    private static readonly FrozenDictionary<string, ConditionChoice> ByKey = All.ToFrozenDictionary(c => c.Key);

    public static Condition Create(string key) =>
        ByKey.TryGetValue(key, out var choice) ? choice.Create() : throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown condition kind.");

    /// <summary>How the builder names a kind; the key itself when it is not one of the builder's.</summary>
    public static string? LabelOf(string? key) => key is null ? null : ByKey.GetValueOrDefault(key)?.Label ?? key;

    /// <summary>The component that edits the condition's fields; null for a group.</summary>
    public static Type? EditorOf(Condition condition) => ByKey.GetValueOrDefault(ConditionKinds.KeyOf(condition))?.Editor;

    public static readonly TextField[] Fields = Enum.GetValues<TextField>();
    public static readonly AuthorStandingLevel[] Standings = Enum.GetValues<AuthorStandingLevel>();
    public static readonly CommentPolicy[] Policies = Enum.GetValues<CommentPolicy>();

    private static ConditionChoice Predicate<TCondition, TEditor>(string label, Func<TCondition> create)
        where TCondition : Condition
        where TEditor : ConditionKindEditor<TCondition>
    {
        var kind = ConditionKinds.Of(typeof(TCondition)) ?? throw new InvalidOperationException($"{typeof(TCondition).Name} has no ConditionKind in Core.");
        return new(kind.JsonKey, label, create, typeof(TEditor));
    }
}
