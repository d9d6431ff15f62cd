using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Articles;

/// <summary>
/// Who a comment says its author is, before anything is read: the key their standing and comments
/// are filed under, and for a guest the name typed (a guest's approved comment counts only under the same name).
/// </summary>
internal sealed record AuthorClaim(string? UserId, string Key, string GuestName)
{
    public static AuthorClaim Of(CommentSubmission submission) => submission.UserId is { } userId
        ? new AuthorClaim(userId, AuthorKeys.ForUser(userId), "")
        : new AuthorClaim(null, AuthorKeys.ForEmail(submission.AuthorEmail), submission.AuthorName.Trim());

    public static AuthorClaim Of(Comment comment) => new(comment.UserId, comment.AuthorKey, comment.AuthorName);
}

/// <summary>A comment's author as posting knows them: the signed-in account, or a guest by what they typed.</summary>
internal sealed record ResolvedAuthor(string? UserId, string Name, string Email, string Url, string Key, DateTimeOffset? AccountCreatedAt)
{
    /// <summary>Who sent <paramref name="submission"/>, their account as <paramref name="facts"/> found it; null when the account is gone.</summary>
    public static ResolvedAuthor? Of(CommentSubmission submission, PostingFacts facts)
    {
        if (submission.UserId is { } userId)
        {
            if (facts.AccountCreatedAt is not { } createdAt) return null;
            // Never the user name: that is the email address, which the form promises not to publish.
            var name = ReaderText.NameWithoutDirectionControls(Accounts.ReaderNames.Shown(facts.AccountDisplayName, userId));
            return new ResolvedAuthor(userId, name, facts.AccountEmail ?? "", submission.AuthorUrl.Trim(), AuthorKeys.ForUser(userId), createdAt);
        }
        var email = submission.AuthorEmail.Trim();
        return new ResolvedAuthor(null, submission.AuthorName.Trim(), email, submission.AuthorUrl.Trim(), AuthorKeys.ForEmail(email), null);
    }

    /// <summary>The author of a stored comment, as it names them.</summary>
    public static ResolvedAuthor Of(Comment comment, PostingFacts facts) =>
        new(comment.UserId, comment.AuthorName, comment.AuthorEmail, comment.AuthorUrl, comment.AuthorKey, comment.UserId is null ? null : facts.AccountCreatedAt);
}

/// <summary>
/// What the engine needs to know about a comment's article, its author and its text, read in one
/// query before the write gate, for a post and for an author's edit alike: the article, the
/// author's account (when they are signed in) and standing, whether they have an approved comment,
/// and how often the same text came in over the last day.
/// </summary>
internal sealed record PostingFacts(
    long Id, string Slug, string? AuthorUserId, CommentPolicy CommentPolicy, DateTimeOffset PublishedAt,
    string? AccountDisplayName, string? AccountEmail, DateTimeOffset? AccountCreatedAt,
    AuthorStandingLevel? AuthorStanding, DateTimeOffset? AuthorSuspendedUntil,
    int? AuthorApprovedCount, int? AuthorRejectedCount, int? AuthorSpamCount,
    bool AuthorHasPreviouslyApproved, int SameTextCount)
{
    private const int SameTextCountCap = 1000;

    /// <summary>Null when the article does not exist or is not published yet. A comment being edited (<paramref name="editedCommentId"/>) is not its author's previously approved one.</summary>
    public static Task<PostingFacts?> ReadAsync(AppDbContext db, long articleId, AuthorClaim author, string body, DateTimeOffset now, CancellationToken ct, long editedCommentId = 0) =>
        Of.For(db)(db, articleId, now, author.UserId ?? "", author.Key, author.UserId is not null, author.GuestName,
            Comment.HashOf(body), now - CommentTransaction.RecentWindow, body, editedCommentId, ct);

    /// <summary>What the engine is shown of <paramref name="text"/> by <paramref name="author"/> on this article.</summary>
    public CommentCandidate CandidateOf(ResolvedAuthor author, CandidateText text, bool hasStaffRole, DiscussionSettings settings, ActivityContext activity)
    {
        var standing = AuthorStanding is { } level
            ? new CandidateStanding(level, AuthorApprovedCount ?? 0, AuthorRejectedCount ?? 0, AuthorSpamCount ?? 0, AuthorSuspendedUntil)
            : (CandidateStanding?)null;
        // The article's own author is staff on it.
        var isStaff = hasStaffRole || (author.UserId is not null && author.UserId == AuthorUserId);
        var policy = ArticleReader.AreCommentsClosed(CommentPolicy, PublishedAt, settings, activity.Now) ? CommentPolicy.Closed : CommentPolicy;
        return CommentCandidates.Of(text,
            CommentCandidates.Author(author.UserId is not null, isStaff, author.AccountCreatedAt, standing, AuthorHasPreviouslyApproved, activity.Now),
            new CandidateArticle(Id, policy, PublishedAt),
            activity);
    }

    // Compiled: built from LINQ on every post, translating the expression trees and extracting
    // their parameters cost more than running them.
    private static readonly CompiledPerModel<Func<AppDbContext, long, DateTimeOffset, string, string, bool, string, long, DateTimeOffset, string, long, CancellationToken, Task<PostingFacts?>>> Of = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, long articleId, DateTimeOffset now, string userId, string authorKey, bool registered, string authorName,
                long bodyHash, DateTimeOffset since, string body, long exceptCommentId, CancellationToken ct) =>
            db.Articles.AsNoTracking()
                .Where(a => a.Id == articleId && a.PublishedAt <= now)
                .Select(a => new PostingFacts(
                    a.Id, a.Slug, a.AuthorUserId, a.CommentPolicy, a.PublishedAt,
                    // Read here rather than on their own: one round trip less on every signed-in post.
                    db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefault(),
                    db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefault(),
                    db.Users.Where(u => u.Id == userId).Select(u => (DateTimeOffset?)u.CreatedAt).FirstOrDefault(),
                    db.AuthorStandings.Where(s => s.AuthorKey == authorKey).Select(s => (AuthorStandingLevel?)s.Level).FirstOrDefault(),
                    db.AuthorStandings.Where(s => s.AuthorKey == authorKey).Select(s => s.SuspendedUntil).FirstOrDefault(),
                    db.AuthorStandings.Where(s => s.AuthorKey == authorKey).Select(s => (int?)s.ApprovedCount).FirstOrDefault(),
                    db.AuthorStandings.Where(s => s.AuthorKey == authorKey).Select(s => (int?)s.RejectedCount).FirstOrDefault(),
                    db.AuthorStandings.Where(s => s.AuthorKey == authorKey).Select(s => (int?)s.SpamCount).FirstOrDefault(),
                    // A signed-in user's approved comment counts under any name; a guest needs the same name and email.
                    db.Comments.Any(c => c.AuthorKey == authorKey && c.Status == CommentStatus.Approved && (registered || c.AuthorName == authorName) && c.Id != exceptCommentId),
                    db.Comments.Where(c => c.BodyHash == bodyHash && c.CreatedAt > since && c.BodyText == body).Take(SameTextCountCap).Count()))
                .FirstOrDefault()));
}
