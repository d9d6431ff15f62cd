using CommentModeration.Core.Comments;

namespace CommentModeration.Core.Rules.Definition;

/// <summary>A node of a rule's condition tree: a combinator (all / any / not) or a predicate.</summary>
public abstract class Condition
{
    public SourcePosition? Source { get; set; }
}

public sealed class AllCondition : Condition
{
    public List<Condition> Conditions { get; set; } = [];
}

public sealed class AnyCondition : Condition
{
    public List<Condition> Conditions { get; set; } = [];
}

public sealed class NotCondition : Condition
{
    public Condition? Condition { get; set; }
}

/// <summary>The text fields a predicate can look at.</summary>
public enum TextField
{
    Body,
    AuthorName,
    AuthorEmail,
    AuthorUrl,
    Ip,
    UserAgent,
}

public enum WordMatch
{
    /// <summary>Whole words (terms with spaces: consecutive whole words); `*` at an end is a wildcard.</summary>
    Word,

    /// <summary>Anywhere in the normalized text, also inside words.</summary>
    Substring,

    /// <summary>The term's words in order as consecutive whole words (what Word does for terms with spaces).</summary>
    Phrase,
}

/// <summary>Terms from a named word list and/or inline, matched after normalization.</summary>
public sealed class WordsCondition : Condition
{
    public string? List { get; set; }
    public List<string> Terms { get; set; } = [];
    public WordMatch Match { get; set; } = WordMatch.Word;

    /// <summary>Empty: the body and the author's name.</summary>
    public List<TextField> In { get; set; } = [];
}

public sealed class RegexCondition : Condition
{
    public string Pattern { get; set; } = "";
    public bool IgnoreCase { get; set; } = true;

    /// <summary>Empty: the body.</summary>
    public List<TextField> In { get; set; } = [];
}

/// <summary>Links in the body: how many, and/or to which domains (matched on label boundaries, also in the website field).</summary>
public sealed class LinksCondition : Condition
{
    public int? AtLeast { get; set; }
    public List<string> Domains { get; set; } = [];

    /// <summary>A word list holding domains.</summary>
    public string? DomainList { get; set; }
}

/// <summary>An inclusive numeric range; a missing end is open.</summary>
public sealed record NumberRange(double? AtLeast, double? AtMost)
{
    public bool Contains(double value) => (AtLeast is not { } min || value >= min) && (AtMost is not { } max || value <= max);
}

/// <summary>The body's length in characters.</summary>
public sealed class LengthCondition : Condition
{
    public int? AtLeast { get; set; }
    public int? AtMost { get; set; }
}

/// <summary>Shouting: the share of capitals among the body's letters.</summary>
public sealed class CapitalsCondition : Condition
{
    public double ShareAtLeast { get; set; } = 0.7;

    /// <summary>Bodies with fewer letters never count as shouting.</summary>
    public int MinLetters { get; set; } = 10;
}

/// <summary>A character repeated this many times in a row or more ("!!!!!!", "sooooo").</summary>
public sealed class RepeatedCharactersCondition : Condition
{
    public int AtLeast { get; set; } = 5;
}

/// <summary>Facts about the author; every given one must hold.</summary>
public sealed class AuthorCondition : Condition
{
    public bool? IsRegistered { get; set; }

    /// <summary>No approved comment yet.</summary>
    public bool? IsNew { get; set; }
    public NumberRange? AccountAgeDays { get; set; }
    public NumberRange? Approved { get; set; }
    public NumberRange? Rejected { get; set; }
    public NumberRange? Spam { get; set; }

    /// <summary>(rejected + spam) / decided, between 0 and 1; never true for an author with no decided comment.</summary>
    public NumberRange? RejectionRate { get; set; }
    public List<AuthorStandingLevel> Standing { get; set; } = [];
}

/// <summary>Comments by the same author or IP within the last N minutes (this one not counted).</summary>
public sealed class RecentCommentsCondition : Condition
{
    public int AtLeast { get; set; } = 1;
    public double WithinMinutes { get; set; } = 10;
}

/// <summary>The same text posted recently by anyone (copy-paste spam).</summary>
public sealed class SameTextCondition : Condition
{
    public int AtLeast { get; set; } = 1;
}

public sealed class ArticleCondition : Condition
{
    public NumberRange? AgeDays { get; set; }
    public List<CommentPolicy> Policy { get; set; } = [];
}
