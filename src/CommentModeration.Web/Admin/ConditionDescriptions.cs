using System.Globalization;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules.Definition;

namespace CommentModeration.Web.Admin;

/// <summary>A condition tree as one readable line, for the rules list and diffs.</summary>
public static class ConditionDescriptions
{
    public static string Describe(Condition? condition) => condition switch
    {
        null => "(no condition)",
        AllCondition all => Group("all of", all.Conditions),
        AnyCondition any => Group("any of", any.Conditions),
        NotCondition not => "not " + Describe(not.Condition),
        WordsCondition words => Words(words),
        RegexCondition regex => $"matches /{regex.Pattern}/{(regex.IgnoreCase ? "i" : "")}{Fields(regex.In, "body")}",
        LinksCondition links => Links(links),
        LengthCondition length => "length " + Range(length.AtLeast, length.AtMost, " characters"),
        CapitalsCondition capitals => $"capitals \u2265 {capitals.ShareAtLeast.ToString("P0", CultureInfo.InvariantCulture)} of \u2265 {capitals.MinLetters} letters",
        RepeatedCharactersCondition repeated => $"a character repeated \u2265 {repeated.AtLeast} times",
        AuthorCondition author => Author(author),
        RecentCommentsCondition recent => $"\u2265 {recent.AtLeast} comments by the same author or IP in {recent.WithinMinutes:0.#} min",
        SameTextCondition same => $"same text posted recently \u2265 {same.AtLeast} times",
        ArticleCondition article => Article(article),
        _ => condition.GetType().Name,
    };

    /// <summary>True when the condition, or any condition under it, reads the named word list.</summary>
    public static bool UsesList(Condition? condition, string list) => condition switch
    {
        AllCondition all => all.Conditions.Any(c => UsesList(c, list)),
        AnyCondition any => any.Conditions.Any(c => UsesList(c, list)),
        NotCondition not => UsesList(not.Condition, list),
        WordsCondition words => words.List == list,
        LinksCondition links => links.DomainList == list,
        _ => false,
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

    private static string Words(WordsCondition words)
    {
        var source = new List<string>();
        if (words.List is { } list) source.Add($"list \u201c{list}\u201d");
        if (words.Terms.Count > 0)
        {
            source.Add(words.Terms.Count <= 4
                ? string.Join(", ", words.Terms.Select(t => $"\u201c{t}\u201d"))
                : $"{words.Terms.Count} terms");
        }
        var mode = words.Match switch { WordMatch.Substring => " (substring)", WordMatch.Phrase => " (phrase)", _ => "" };
        return $"words from {string.Join(" and ", source)}{mode}{Fields(words.In, "body and name")}";
    }

    private static string Links(LinksCondition links)
    {
        var parts = new List<string>();
        if (links.AtLeast is { } n) parts.Add($"\u2265 {n} links");
        if (links.Domains.Count > 0) parts.Add("links to " + string.Join(", ", links.Domains));
        if (links.DomainList is { } list) parts.Add($"links to domains in \u201c{list}\u201d");
        return string.Join(" and ", parts);
    }

    private static string Author(AuthorCondition a)
    {
        var parts = new List<string>();
        if (a.IsRegistered is { } registered) parts.Add(registered ? "registered" : "guest");
        if (a.IsNew is { } isNew) parts.Add(isNew ? "no approved comment yet" : "has approved comments");
        if (a.AccountAgeDays is { } age) parts.Add("account age " + Range(age.AtLeast, age.AtMost, " days"));
        if (a.Approved is { } approved) parts.Add("approved " + Range(approved.AtLeast, approved.AtMost));
        if (a.Rejected is { } rejected) parts.Add("rejected " + Range(rejected.AtLeast, rejected.AtMost));
        if (a.Spam is { } spam) parts.Add("spam " + Range(spam.AtLeast, spam.AtMost));
        if (a.RejectionRate is { } rate) parts.Add("rejection rate " + Range(rate.AtLeast, rate.AtMost));
        if (a.Standing.Count > 0) parts.Add("standing " + string.Join("/", a.Standing.Select(s => s.ToString().ToLowerInvariant())));
        return "author " + string.Join(", ", parts);
    }

    private static string Article(ArticleCondition a)
    {
        var parts = new List<string>();
        if (a.AgeDays is { } age) parts.Add("age " + Range(age.AtLeast, age.AtMost, " days"));
        if (a.Policy.Count > 0) parts.Add("policy " + string.Join("/", a.Policy.Select(PolicyName)));
        return "article " + string.Join(", ", parts);
    }

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

    private static string Fields(List<TextField> fields, string defaultText) =>
        " in " + (fields.Count == 0 ? defaultText : string.Join(", ", fields.Select(FieldName)));
}
