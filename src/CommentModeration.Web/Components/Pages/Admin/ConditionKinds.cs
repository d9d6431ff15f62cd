using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules.Definition;

namespace CommentModeration.Web.Components.Pages.Admin;

/// <summary>The kinds of condition the builder offers, each with a fresh default to start from.</summary>
public static class ConditionKinds
{
    public static readonly IReadOnlyList<(string Kind, string Label)> All =
    [
        ("words", "Words (list or terms)"),
        ("regex", "Pattern (regular expression)"),
        ("links", "Links (count, domains)"),
        ("length", "Text length"),
        ("capitals", "Capital letters (shouting)"),
        ("repeated", "Repeated characters"),
        ("author", "Author"),
        ("recent", "Comments in the last minutes (rate)"),
        ("sameText", "Same text as a recent comment"),
        ("article", "Article (age, policy)"),
        ("all", "Group: all of"),
        ("any", "Group: any of"),
        ("not", "Not"),
    ];

    public static string KindOf(Condition condition) => condition switch
    {
        WordsCondition => "words",
        RegexCondition => "regex",
        LinksCondition => "links",
        LengthCondition => "length",
        CapitalsCondition => "capitals",
        RepeatedCharactersCondition => "repeated",
        AuthorCondition => "author",
        RecentCommentsCondition => "recent",
        SameTextCondition => "sameText",
        ArticleCondition => "article",
        AllCondition => "all",
        AnyCondition => "any",
        NotCondition => "not",
        _ => "",
    };

    public static Condition Create(string kind) => kind switch
    {
        "words" => new WordsCondition(),
        "regex" => new RegexCondition(),
        "links" => new LinksCondition { AtLeast = 3 },
        "length" => new LengthCondition { AtLeast = 2000 },
        "capitals" => new CapitalsCondition(),
        "repeated" => new RepeatedCharactersCondition(),
        "author" => new AuthorCondition { IsNew = true },
        "recent" => new RecentCommentsCondition { AtLeast = 3, WithinMinutes = 10 },
        "sameText" => new SameTextCondition(),
        "article" => new ArticleCondition { AgeDays = new NumberRange(30, null) },
        "all" => new AllCondition(),
        "any" => new AnyCondition(),
        "not" => new NotCondition { Condition = new WordsCondition() },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown condition kind."),
    };

    /// <summary>The JSON key the compiler uses in error paths for this kind.</summary>
    public static string PathKey(Condition condition) => condition switch
    {
        RepeatedCharactersCondition => "repeatedCharacters",
        RecentCommentsCondition => "recentComments",
        _ => KindOf(condition),
    };

    public static readonly TextField[] Fields = Enum.GetValues<TextField>();
    public static readonly AuthorStandingLevel[] Standings = Enum.GetValues<AuthorStandingLevel>();
    public static readonly CommentPolicy[] Policies = Enum.GetValues<CommentPolicy>();
}
