using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;

namespace CommentModeration.Data.Comments;

/// <summary>The text a comment came with, as the engine reads it.</summary>
public readonly record struct CandidateText(string Body, string AuthorName, string AuthorEmail, string AuthorUrl, string Ip, string UserAgent);

/// <summary>An article as the engine sees it: its comment policy as it stands when the comment is decided, and when it was published.</summary>
public readonly record struct CandidateArticle(long Id, CommentPolicy Policy, DateTimeOffset PublishedAt);

/// <summary>An author's standing row, as far as the engine counts it.</summary>
public readonly record struct CandidateStanding(AuthorStandingLevel Level, int ApprovedCount, int RejectedCount, int SpamCount, DateTimeOffset? SuspendedUntil = null);

/// <summary>
/// The one builder of what the engine is shown (<see cref="CommentCandidate"/>): posting, an
/// author's edit, the backtest and <c>rules check</c> all make theirs here, so ages and counts mean
/// the same in each.
/// </summary>
public static class CommentCandidates
{
    /// <summary>A comment's text, its author, its article (none: an article the engine knows nothing of) and the activity around it.</summary>
    public static CommentCandidate Of(CandidateText text, AuthorContext author, CandidateArticle? article, ActivityContext activity) => new()
    {
        Body = text.Body,
        AuthorName = text.AuthorName,
        AuthorEmail = text.AuthorEmail,
        AuthorUrl = text.AuthorUrl,
        Ip = text.Ip,
        UserAgent = text.UserAgent,
        Author = author,
        Article = article is { } a
            ? new ArticleContext { ArticleId = a.Id, Policy = a.Policy, AgeDays = DaysBetween(a.PublishedAt, activity.Now) }
            : new ArticleContext(),
        Activity = activity,
    };

    /// <summary>
    /// An author as the database knows them at <paramref name="now"/>: their account's age, their
    /// standing (none: not one comment recorded yet) and whether they have an approved comment.
    /// </summary>
    public static AuthorContext Author(bool isRegistered, bool isStaff, DateTimeOffset? accountCreatedAt, CandidateStanding? standing, bool hasPreviouslyApproved, DateTimeOffset now) => new()
    {
        IsRegistered = isRegistered,
        IsStaff = isStaff,
        AccountAgeDays = accountCreatedAt is { } created ? DaysBetween(created, now) : null,
        ApprovedCount = standing?.ApprovedCount ?? 0,
        RejectedCount = standing?.RejectedCount ?? 0,
        SpamCount = standing?.SpamCount ?? 0,
        Standing = standing?.Level ?? AuthorStandingLevel.Normal,
        SuspendedUntil = standing?.SuspendedUntil,
        HasPreviouslyApproved = hasPreviouslyApproved,
    };

    private static double DaysBetween(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (to - from).TotalDays);
}
