using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.BuiltIn;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Hosting;
using CommentModeration.Web.Rules;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Articles;

/// <summary>A reply as the form sent it, with who sent it and from where.</summary>
public sealed record CommentSubmission
{
    public required long ArticleId { get; init; }
    public long? ParentId { get; init; }
    public required string Body { get; init; }

    /// <summary>Guests' fields; a signed-in author's name and email come from the account.</summary>
    public string AuthorName { get; init; } = "";
    public string AuthorEmail { get; init; } = "";
    public string AuthorUrl { get; init; } = "";

    public string? UserId { get; init; }

    /// <summary>The signed-in author is an Admin or a Moderator.</summary>
    public bool HasStaffRole { get; init; }

    public string Ip { get; init; } = "";
    public string UserAgent { get; init; } = "";
}

public enum PostingOutcome
{
    Published,
    Held,
    Spam,
    Refused,
}

/// <summary>Why a refused reply was refused, so the page can answer with the right status.</summary>
public enum RefusalKind
{
    None,
    Invalid,
    Flood,
    Forbidden,
    NotFound,

    /// <summary>Someone changed the comment meanwhile (an edit racing a moderator).</summary>
    Conflict,

    /// <summary>The database could not be reached (<see cref="DatabaseFaults.IsTransient"/>): nothing was stored, the same post shortly after may be.</summary>
    Unavailable,
}

public sealed record CommentPostResult
{
    public required PostingOutcome Outcome { get; init; }
    public long? CommentId { get; init; }
    public long? ThreadRootId { get; init; }
    public RefusalKind Refusal { get; init; }

    /// <summary>For a refusal: what to tell the author.</summary>
    public string? Message { get; init; }
    public TimeSpan? RetryAfter { get; init; }
    public Verdict? Verdict { get; init; }

    public bool IsStored => CommentId is not null;

    public static CommentPostResult Refused(RefusalKind kind, string message, Verdict? verdict = null, TimeSpan? retryAfter = null) =>
        new() { Outcome = PostingOutcome.Refused, Refusal = kind, Message = message, Verdict = verdict, RetryAfter = retryAfter };
}

/// <summary>
/// Posts a reply in three steps, each a method below: gather the facts the rules need; decide
/// what needs no lock (the reply's place and HTML, the rule engine reading its text); then, in
/// turn with the other posts of the moment under the write gate (<see cref="PostingWrites"/>),
/// finish the decision and store it through the kernel, which writes the comment with its verdict,
/// the audit row and every maintained count and, after the group's commit, evicts the pages it is
/// on. A refused reply stores nothing.
/// </summary>
public sealed class CommentPosting(
    AppDbContext db,
    PostingWrites postingWrites,
    CurrentRuleSet ruleSet,
    CommentBodyRenderer renderer,
    TimeProvider clock,
    ILogger<CommentPosting> logger)
{
    /// <summary>Refusals about who may comment where (answered 403); the others are about the input (400).</summary>
    private static readonly HashSet<string> ForbiddenRefusals = [BuiltInRule.Closed, BuiltInRule.GuestsNotAllowed, BuiltInRule.Banned, BuiltInRule.Suspended];

    /// <summary>What an author is told when the database could not be reached.</summary>
    public const string UnavailableMessage = "We couldn't save your comment just now; please try again shortly.";

    public async Task<CommentPostResult> PostAsync(CommentSubmission submission, CancellationToken ct = default)
    {
        try
        {
            var (facts, refusal) = await GatherFactsAsync(submission, ct);
            if (facts is null) return refusal!;
            var post = Decide(facts);
            return await postingWrites.RunAsync(transaction => FinishAndStoreAsync(transaction, post));
        }
        catch (Exception e) when (DatabaseFaults.IsTransient(e))
        {
            logger.LogWarning(e, "A comment on article {ArticleId} was not stored: the database could not be reached.", submission.ArticleId);
            return Unavailable();
        }
    }

    /// <summary>The refusal for a post the database was not there to store.</summary>
    public static CommentPostResult Unavailable() => CommentPostResult.Refused(RefusalKind.Unavailable, UnavailableMessage, retryAfter: DatabaseUnavailable.RetryAfter);

    /// <summary>What the rules need to know about a reply, gathered before the write gate.</summary>
    private sealed record PostFacts(CommentSubmission Submission, ResolvedAuthor Author, string Url, PostingFacts Article, ParentFacts? Parent,
        DiscussionSettings Settings, DateTimeOffset Now)
    {
        public ParentState ParentState =>
            Submission.ParentId is null ? ParentState.None
            : Parent is null ? ParentState.Missing
            : Parent.ArticleId != Article.Id ? ParentState.OtherArticle
            : !CommentVisibility.IsVisibleState(Parent.Status, Parent.HiddenByReports) ? ParentState.NotApproved
            : ParentState.Approved;
    }

    /// <summary>
    /// A reply as decided before the gate: what its row is made of (the verdict not applied yet) and the
    /// engine's reading of its text. The row is made afresh for each attempt to store it (<see cref="PostingWrites.RunAsync"/>).
    /// </summary>
    private sealed record PreparedPost(PostFacts Facts, string BodyHtml, PreparedVerdict Verdict);

    /// <summary>Step 1: the reply's author, its article and what the engine needs to know of both, its parent. A refusal when there is nothing to decide.</summary>
    private async Task<(PostFacts? Facts, CommentPostResult? Refusal)> GatherFactsAsync(CommentSubmission submission, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var settings = ruleSet.Settings;
        // Direction controls would turn the byline, or a run of the text, around on screen.
        submission = submission with
        {
            Body = ReaderText.BodyWithoutDirectionOverrides(submission.Body),
            AuthorName = ReaderText.NameWithoutDirectionControls(submission.AuthorName),
        };

        var article = await PostingFacts.ReadAsync(db, submission.ArticleId, AuthorClaim.Of(submission), submission.Body, now, ct);
        if (article is null) return (null, CommentPostResult.Refused(RefusalKind.NotFound, "This article does not exist."));
        var author = ResolvedAuthor.Of(submission, article);
        if (author is null) return (null, CommentPostResult.Refused(RefusalKind.Forbidden, "Your account could not be found. Please sign in again."));
        if (!TryNormalizeUrl(author.Url, out var url))
        {
            return (null, CommentPostResult.Refused(RefusalKind.Invalid, "The website must be a web address starting with http:// or https://."));
        }
        var parent = submission.ParentId is { } parentId ? await ParentOf.For(db)(db, parentId, ct) : null;
        return (new PostFacts(submission, author, url, article, parent, settings, now), null);
    }

    /// <summary>
    /// Step 2, before the write gate: where the reply goes in its thread, its HTML, and the rule
    /// engine's reading of its text. A slow pattern costs this post its own time, never the posts
    /// queued behind it.
    /// </summary>
    private PreparedPost Decide(PostFacts facts)
    {
        var row = RowOf(facts, renderer.Render(facts.Submission.Body));
        var text = new CandidateText(row.BodyText, row.AuthorName, row.AuthorEmail, row.AuthorUrl, row.Ip, row.UserAgent);
        var candidate = facts.Article.CandidateOf(facts.Author, text, facts.Submission.HasStaffRole, facts.Settings,
            new ActivityContext { Now = facts.Now, Parent = facts.ParentState, RecentSameTextCount = facts.Article.SameTextCount });
        var prepared = RuleEngine.Prepare(candidate, ruleSet.Current);
        if (prepared.UncheckedRules.Count > 0)
        {
            logger.LogWarning("Rules {Rules} could not check a comment on article {ArticleId}: a pattern ran out of time. The comment goes to review.",
                string.Join(", ", prepared.UncheckedRules), facts.Article.Id);
        }
        return new PreparedPost(facts, row.BodyHtml, prepared);
    }

    /// <summary>
    /// Step 3, in the posts' group under the write gate: the checks that must see every comment
    /// stored before this one (flood, duplicate, rules on the author's recent comments), the
    /// verdict, and the comment stored with it through the kernel.
    /// </summary>
    private async Task<CommentPostResult> FinishAndStoreAsync(CommentTransaction transaction, PreparedPost post)
    {
        var row = RowOf(post.Facts, post.BodyHtml);
        var activity = transaction.RecentActivityOf(row, post.Verdict.NewestCommentsNeeded);
        var verdict = RuleEngine.Finish(post.Verdict, activity.CommentTimes, activity.IsDuplicate);
        if (verdict.Action == VerdictAction.Reject)
        {
            transaction.RecordRefused(row, verdict);
            return Refuse(verdict, activity.CommentTimes, post.Facts.Settings, row.CreatedAt);
        }
        if (verdict.Action == VerdictAction.Censor && verdict.CensoredBody is { } censored) row.BodyHtml = renderer.Render(censored);

        await transaction.RecordPostedAsync(row, verdict, post.Facts.Article.Slug, post.Facts.Parent?.Id);
        return new CommentPostResult
        {
            Outcome = OutcomeOf(row.Status),
            CommentId = row.Id,
            ThreadRootId = row.ThreadRootId,
            Verdict = verdict,
        };
    }

    /// <summary>The reply's row: in its thread (deeper than the thread depth, beside its parent at the deepest level), by its author, its text rendered as <paramref name="bodyHtml"/>.</summary>
    private static Comment RowOf(PostFacts facts, string bodyHtml)
    {
        var parent = facts.Parent;
        var maxDepth = Math.Max(1, facts.Settings.ThreadDepth);
        var (parentId, depth) = parent is null ? ((long?)null, 1)
            : parent.Depth + 1 > maxDepth && parent.ParentId is not null ? (parent.ParentId, maxDepth)
            : (parent.Id, parent.Depth + 1);
        return new Comment
        {
            ArticleId = facts.Article.Id,
            ParentId = parentId,
            ThreadRootId = parent?.ThreadRootId ?? 0,
            Depth = depth,
            UserId = facts.Author.UserId,
            AuthorName = facts.Author.Name,
            AuthorEmail = facts.Author.Email,
            AuthorUrl = facts.Url,
            AuthorKey = facts.Author.Key,
            BodyText = facts.Submission.Body,
            BodyHtml = bodyHtml,
            CreatedAt = facts.Now,
            Ip = facts.Submission.Ip,
            UserAgent = facts.Submission.UserAgent,
        };
    }

    internal static PostingOutcome OutcomeOf(CommentStatus status) => status switch
    {
        CommentStatus.Approved => PostingOutcome.Published,
        CommentStatus.Spam => PostingOutcome.Spam,
        _ => PostingOutcome.Held,
    };

    internal static CommentPostResult Refuse(Verdict verdict, IReadOnlyList<DateTimeOffset> recentTimes, DiscussionSettings settings, DateTimeOffset now)
    {
        var message = verdict.RefusalReason ?? verdict.DecidingHit?.Reason ?? "Your comment could not be posted.";
        if (verdict.IsFlood)
        {
            var waited = recentTimes.Count > 0 ? now - recentTimes[0] : TimeSpan.Zero;
            var remaining = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((TimeSpan.FromSeconds(settings.FloodIntervalSeconds) - waited).TotalSeconds)));
            return CommentPostResult.Refused(RefusalKind.Flood, message, verdict, remaining);
        }
        var forbidden = verdict.Hits.Any(h => h.Action == VerdictAction.Reject && !h.Overridden && ForbiddenRefusals.Contains(h.RuleKey));
        return CommentPostResult.Refused(forbidden ? RefusalKind.Forbidden : RefusalKind.Invalid, message, verdict);
    }

    /// <summary>Only http and https addresses are kept; "example.com" gets "http://" as WordPress does.</summary>
    public static bool TryNormalizeUrl(string raw, out string url)
    {
        url = raw.Trim();
        if (url.Length == 0) return true;
        if (!url.Contains("://", StringComparison.Ordinal) && !url.Contains(':')) url = "http://" + url;
        return Hosting.WebAddress.IsValid(url);
    }

    private sealed record ParentFacts(long Id, long ArticleId, long? ParentId, CommentStatus Status, bool HiddenByReports, int Depth, long ThreadRootId);

    // Compiled: every reply reads its parent.
    private static readonly CompiledPerModel<Func<AppDbContext, long, CancellationToken, Task<ParentFacts?>>> ParentOf = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, long id, CancellationToken ct) =>
            db.Comments.AsNoTracking()
                .Where(c => c.Id == id)
                .Select(c => new ParentFacts(c.Id, c.ArticleId, c.ParentId, c.Status, c.HiddenByReports, c.Depth, c.ThreadRootId))
                .FirstOrDefault()));
}

/// <summary>The key of an author's standing and history: a user, or a guest by email.</summary>
public static class AuthorKeys
{
    public static string ForUser(string userId) => "user:" + userId;

    public static string ForEmail(string email) => "email:" + email.Trim().ToLowerInvariant();
}
