using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules.Definition;

namespace CommentModeration.Core.Rules.Kinds;

/// <summary>A condition tree as one readable line, for the rules list and diffs: the groups here, each predicate by its kind.</summary>
public static class ConditionDescriptions
{
    public static string Describe(Condition? condition) => condition switch
    {
        null => "(no condition)",
        AllCondition all => Group("all of", all.Conditions),
        AnyCondition any => Group("any of", any.Conditions),
        NotCondition not => "not " + Describe(not.Condition),
        _ => ConditionKinds.Of(condition)?.Describe(condition) ?? condition.GetType().Name,
    };

    /// <summary>True when the condition, or any condition under it, reads the named word list.</summary>
    public static bool UsesList(Condition? condition, string list) => condition switch
    {
        null => false,
        AllCondition all => all.Conditions.Any(c => UsesList(c, list)),
        AnyCondition any => any.Conditions.Any(c => UsesList(c, list)),
        NotCondition not => UsesList(not.Condition, list),
        _ => ConditionKinds.Of(condition)?.UsesList(condition, list) ?? false,
    };

    public static string Range(double? atLeast, double? atMost, string unit = "") => (atLeast, atMost) switch
    {
        (null, null) => "any",
        ({ } min, null) => $"\u2265 {min:0.##}{unit}",
        (null, { } max) => $"\u2264 {max:0.##}{unit}",
        ({ } min, { } max) => $"{min:0.##}\u2013{max:0.##}{unit}",
    };

    private static string Group(string kind, List<Condition> conditions) =>
        conditions.Count == 0 ? $"{kind} (nothing)" : $"{kind} ({string.Join("; ", conditions.Select(Describe))})";

    public static string PolicyName(CommentPolicy policy) => policy switch
    {
        CommentPolicy.PreModerated => "pre-moderated",
        _ => policy.ToString().ToLowerInvariant(),
    };

    public static string FieldName(TextField field) => field switch
    {
        TextField.Body => "text",
        TextField.AuthorName => "name",
        TextField.AuthorEmail => "email",
        TextField.AuthorUrl => "website",
        TextField.Ip => "IP",
        TextField.UserAgent => "browser",
        _ => field.ToString(),
    };

    /// <summary>" in text, name", or " in " and the default when no field is chosen.</summary>
    internal static string Fields(List<TextField> fields, string defaultText) =>
        " in " + (fields.Count == 0 ? defaultText : string.Join(", ", fields.Select(FieldName)));
}
