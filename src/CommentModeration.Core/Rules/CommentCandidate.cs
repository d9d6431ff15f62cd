using CommentModeration.Core.Comments;

namespace CommentModeration.Core.Rules;

/// <summary>
/// Everything the engine may look at for one new comment. The caller gathers the context
/// (from the database, the request, the clock); the engine does no I/O.
/// </summary>
public sealed record CommentCandidate
{
    public required string Body { get; init; }
    public string AuthorName { get; init; } = "";
    public string AuthorEmail { get; init; } = "";
    public string AuthorUrl { get; init; } = "";
    public string Ip { get; init; } = "";
    public string UserAgent { get; init; } = "";

    public AuthorContext Author { get; init; } = new();
    public ArticleContext Article { get; init; } = new();
    public ActivityContext Activity { get; init; } = new();
}

public sealed record AuthorContext
{
    public bool IsRegistered { get; init; }

    /// <summary>Admins, moderators and the article's own author skip the discussion checks and flood control.</summary>
    public bool IsStaff { get; init; }

    /// <summary>
    /// The author has an approved comment already (WordPress's "previously approved"): for a
    /// signed-in user any approved comment of the account, under any email; for a guest one
    /// with the same name and email. The caller looks it up.
    /// </summary>
    public bool HasPreviouslyApproved { get; init; }

    public double? AccountAgeDays { get; init; }
    public int ApprovedCount { get; init; }
    public int RejectedCount { get; init; }
    public int SpamCount { get; init; }
    public AuthorStandingLevel Standing { get; init; }
    public DateTimeOffset? SuspendedUntil { get; init; }
}

public sealed record ArticleContext
{
    public long ArticleId { get; init; }
    public CommentPolicy Policy { get; init; }
    public double AgeDays { get; init; }
}

/// <summary>Where the reply points, as the caller found it.</summary>
public enum ParentState
{
    None = 0,
    Approved = 1,
    NotApproved = 2,
    OtherArticle = 3,
    Missing = 4,
}

public sealed record ActivityContext
{
    /// <summary>The time the comment is being decided.</summary>
    public DateTimeOffset Now { get; init; }

    public ParentState Parent { get; init; }

    /// <summary>Times of this author's (user, email) or this IP's comments over the last day, newest first.</summary>
    public IReadOnlyList<DateTimeOffset> RecentCommentTimes { get; init; } = [];

    /// <summary>The same article, parent, author, email and text is already stored.</summary>
    public bool IsDuplicate { get; init; }

    /// <summary>Comments by anyone with the same text over the last day (copy-paste spam).</summary>
    public int RecentSameTextCount { get; init; }
}
