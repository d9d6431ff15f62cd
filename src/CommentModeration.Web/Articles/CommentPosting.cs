using System.Text.Json;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.BuiltIn;
using CommentModeration.Data;
using CommentModeration.Data.Entities;
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
/// Posts a reply: gathers what the rule engine may look at, lets it decide, and stores the
/// comment with its verdict, the audit event and every maintained count in one transaction,
/// grouped with the other posts of the moment (<see cref="PostingWrites"/>).
/// A refused reply stores nothing.
/// </summary>
public sealed class CommentPosting(
    AppDbContext db,
    PostingWrites postingWrites,
    CurrentRuleSet ruleSet,
    CommentBodyRenderer renderer,
    ArticlePageCache pageCache,
    Moderation.IModerationNotifier moderationNotifier,
    Mail.ReplyMail replyMail,
    TimeProvider clock,
    ILogger<CommentPosting> logger)
{
    public const string EngineActorName = "automatic";
    internal static readonly TimeSpan RecentWindow = TimeSpan.FromDays(1);
    private const int RecentLimit = 50;
    private const int SameTextCountCap = 1000;
    private const string PostedAction = "posted";

    /// <summary>Refusals about who may comment where (answered 403); the others are about the input (400).</summary>
    private static readonly HashSet<string> ForbiddenRefusals = [BuiltInRule.Closed, BuiltInRule.GuestsNotAllowed, BuiltInRule.Banned, BuiltInRule.Suspended];

    internal static readonly JsonSerializerOptions HitsJson = new(JsonSerializerDefaults.Web);

    public async Task<CommentPostResult> PostAsync(CommentSubmission submission, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var settings = ruleSet.Settings;
        // Direction controls would turn the byline, or a run of the text, around on screen.
        submission = submission with
        {
            Body = ReaderText.BodyWithoutDirectionOverrides(submission.Body),
            AuthorName = ReaderText.NameWithoutDirectionControls(submission.AuthorName),
        };

        var author = await ResolveAuthorAsync(submission, ct);
        var since = now - RecentWindow;
        var bodyHash = Comment.HashOf(submission.Body);

        // The article with what the engine needs to know about the author and the text, in one
        // query: the author's standing, whether they have an approved comment, and how often the
        // same text came in over the last day.
        var article = await PostingFactsOf(db, submission.ArticleId, now, author?.Key ?? "", author?.UserId is not null,
            author?.Name ?? "", bodyHash, since, submission.Body, 0, ct);
        if (article is null) return CommentPostResult.Refused(RefusalKind.NotFound, "This article does not exist.");
        if (author is null) return CommentPostResult.Refused(RefusalKind.Forbidden, "Your account could not be found. Please sign in again.");
        if (!TryNormalizeUrl(author.Url, out var url))
        {
            return CommentPostResult.Refused(RefusalKind.Invalid, "The website must be a web address starting with http:// or https://.");
        }

        // Everything that needs no write lock happens first: reading the context, rendering the
        // body, the rule engine's reading of the text. Only the flood and duplicate checks (and
        // rules on the author's recent comments), which must see every comment stored before
        // this one, wait for the write gate with the insert.
        var parent = submission.ParentId is { } parentId
            ? await ParentOf(db, parentId, ct)
            : null;
        var parentState = submission.ParentId is null ? ParentState.None
            : parent is null ? ParentState.Missing
            : parent.ArticleId != article.Id ? ParentState.OtherArticle
            : parent.Status != CommentStatus.Approved || parent.HiddenByReports ? ParentState.NotApproved
            : ParentState.Approved;

        // Deeper than the thread depth: attach beside the parent, at the deepest allowed level.
        var maxDepth = Math.Max(1, settings.ThreadDepth);
        long? storedParentId = parent?.Id;
        var depth = 1;
        if (parent is not null)
        {
            depth = parent.Depth + 1;
            if (depth > maxDepth && parent.ParentId is not null)
            {
                storedParentId = parent.ParentId;
                depth = maxDepth;
            }
        }

        var lowerEmail = author.Email.ToLowerInvariant();

        var bodyHtml = renderer.Render(submission.Body);

        // The rule engine reads the text here, outside the write gate: a slow pattern costs this
        // post its own time, never the posts queued behind it.
        var prepared = RuleEngine.Prepare(CandidateOf(article, author, submission.Body, url, submission.Ip, submission.UserAgent, submission.HasStaffRole, settings,
            new ActivityContext { Now = now, Parent = parentState, RecentSameTextCount = article.SameTextCount }), ruleSet.Current);
        if (prepared.UncheckedRules.Count > 0)
        {
            logger.LogWarning("Rules {Rules} could not check a comment on article {ArticleId}: a pattern ran out of time. The comment goes to review.",
                string.Join(", ", prepared.UncheckedRules), article.Id);
        }

        // The checks that must see every comment stored before this one, the verdict and the
        // rows, written in turn with the other posts of the moment and committed with them.
        var written = await postingWrites.RunAsync(WriteAsync);
        if (written.Refusal is { } refusal) return refusal;
        var stored = written.Comment!;

        if (stored.Status == CommentStatus.Approved) await pageCache.EvictAsync(article.Slug, ct);
        moderationNotifier.Publish(Moderation.ModerationChange.Added(stored.Id));
        if (stored.ReplyMailed) replyMail.Queue(stored.Id, parent!.Id);

        return new CommentPostResult
        {
            Outcome = OutcomeOf(stored.Status),
            CommentId = stored.Id,
            ThreadRootId = stored.ThreadRootId,
            Verdict = written.Verdict,
        };

        async Task<Written> WriteAsync(AppDbContext writer)
        {
            var recentTimes = await RecentCommentTimesAsync(writer, author.Key, submission.Ip, lowerEmail, since);
            var isDuplicate = await SameCommentExists(writer, bodyHash, author.Key, article.Id, storedParentId, author.Name, author.Email, submission.Body, CancellationToken.None);

            var verdict = RuleEngine.Finish(prepared, recentTimes, isDuplicate);
            if (verdict.Action == VerdictAction.Reject) return new Written(Refuse(verdict, recentTimes, settings, now), null, verdict);
            if (verdict.Action == VerdictAction.Censor && verdict.CensoredBody is { } censored)
            {
                bodyHtml = renderer.Render(censored);
            }

            var status = StatusOf(verdict.Action);

            var comment = new Comment
            {
                ArticleId = article.Id,
                ParentId = storedParentId,
                ThreadRootId = parent?.ThreadRootId ?? 0,
                Depth = depth,
                UserId = author.UserId,
                AuthorName = author.Name,
                AuthorEmail = author.Email,
                AuthorUrl = url,
                AuthorKey = author.Key,
                BodyText = submission.Body,
                BodyHtml = bodyHtml,
                CreatedAt = now,
                Status = status,
                StatusChangedAt = now,
                NeedsReview = verdict.Action == VerdictAction.Flag,
                VerdictAction = verdict.Action,
                VerdictJson = JsonSerializer.Serialize(verdict.Hits, HitsJson),
                RuleSetRevision = verdict.RuleSetRevision,
                Ip = submission.Ip,
                UserAgent = submission.UserAgent,
                // Published at once: the reply mail is owed now (queued after the commit), never again.
                ReplyMailed = status == CommentStatus.Approved && parent is not null,
            };
            writer.Comments.Add(comment);
            await writer.SaveChangesAsync();

            // The rest of the comment's rows in one command: its thread root, the audit event, the
            // author's standing (created on a first comment), the maintained counts and rule hits.
            var rows = new SqlBatch();
            if (comment.ThreadRootId == 0)
            {
                comment.ThreadRootId = comment.Id;
                rows.Add($"UPDATE \"Comments\" SET \"ThreadRootId\" = {comment.Id} WHERE \"Id\" = {comment.Id}");
            }
            var reason = ReasonOf(verdict);
            rows.Add($"""
                INSERT INTO "ModerationEvents" ("At", "CommentId", "AuthorKey", "Action", "FromStatus", "ToStatus", "Reason", "Automatic", "ActorUserId", "ActorName")
                VALUES ({now.UtcTicks}, {comment.Id}, {author.Key}, {PostedAction}, NULL, {(int)status}, {reason}, 1, NULL, {EngineActorName})
                """);
            rows.Add($"""
                INSERT INTO "AuthorStandings" ("AuthorKey", "UserId", "Email", "Name", "Level", "ApprovedCount", "RejectedCount", "SpamCount", "FirstSeenAt", "LastCommentAt", "Version")
                VALUES ({author.Key}, NULLIF({author.UserId ?? ""}, ''), {(author.UserId is null ? lowerEmail : author.Email)}, {author.Name}, {(int)AuthorStandingLevel.Normal}, 0, 0, 0, {now.UtcTicks}, {now.UtcTicks}, {Guid.NewGuid().ToString().ToUpperInvariant()})
                ON CONFLICT ("AuthorKey") DO UPDATE SET "Name" = excluded."Name", "LastCommentAt" = excluded."LastCommentAt"
                """);
            CommentCounters.Append(rows, article.Id, author.Key, from: null, to: CountedState.Of(comment));
            AppendRuleHits(rows, verdict, now);
            await rows.ExecuteAsync(writer);
            return new Written(null, comment, verdict);
        }
    }

    /// <summary>
    /// What the engine sees of a comment: its text, its author with their standing and history,
    /// its article, and the activity around it as the caller found it. Posting and an author's
    /// edit build it alike.
    /// </summary>
    internal static CommentCandidate CandidateOf(PostingFacts article, ResolvedAuthor author, string body, string url, string ip, string userAgent,
        bool hasStaffRole, DiscussionSettings settings, ActivityContext activity) => new()
    {
        Body = body,
        AuthorName = author.Name,
        AuthorEmail = author.Email,
        AuthorUrl = url,
        Ip = ip,
        UserAgent = userAgent,
        Author = new AuthorContext
        {
            IsRegistered = author.UserId is not null,
            IsStaff = hasStaffRole || (author.UserId is not null && author.UserId == article.AuthorUserId),
            AccountAgeDays = author.AccountCreatedAt is { } created ? (activity.Now - created).TotalDays : null,
            ApprovedCount = article.AuthorApprovedCount ?? 0,
            RejectedCount = article.AuthorRejectedCount ?? 0,
            SpamCount = article.AuthorSpamCount ?? 0,
            Standing = article.AuthorStanding ?? AuthorStandingLevel.Normal,
            SuspendedUntil = article.AuthorSuspendedUntil,
            HasPreviouslyApproved = article.AuthorHasPreviouslyApproved,
        },
        Article = new ArticleContext
        {
            ArticleId = article.Id,
            Policy = ArticleReader.AreCommentsClosed(article.CommentPolicy, article.PublishedAt, settings, activity.Now) ? CommentPolicy.Closed : article.CommentPolicy,
            AgeDays = (activity.Now - article.PublishedAt).TotalDays,
        },
        Activity = activity,
    };

    /// <summary>Where the engine's decision puts a comment (a censored or flagged one is published).</summary>
    internal static CommentStatus StatusOf(VerdictAction action) => action switch
    {
        VerdictAction.Spam => CommentStatus.Spam,
        VerdictAction.Hold => CommentStatus.Pending,
        _ => CommentStatus.Approved,
    };

    internal static PostingOutcome OutcomeOf(CommentStatus status) => status switch
    {
        CommentStatus.Approved => PostingOutcome.Published,
        CommentStatus.Spam => PostingOutcome.Spam,
        _ => PostingOutcome.Held,
    };

    /// <summary>The audit row's reason for an engine decision: every check that fired, with its reason.</summary>
    internal static string ReasonOf(Verdict verdict) =>
        verdict.Hits.Count == 0 ? "No check fired." : string.Join("; ", verdict.Hits.Select(h => string.IsNullOrEmpty(h.Reason) ? h.Rule : $"{h.Rule}: {h.Reason}"));

    /// <summary>What a post's turn among the grouped writes gave: a refusal (nothing written), or the stored comment.</summary>
    private sealed record Written(CommentPostResult? Refusal, Comment? Comment, Verdict Verdict);

    // Posting's queries are compiled once: built from LINQ on every post, translating the
    // expression trees and extracting their parameters cost more than running them.

    internal sealed record PostingFacts(
        long Id, string Slug, string? AuthorUserId, CommentPolicy CommentPolicy, DateTimeOffset PublishedAt,
        AuthorStandingLevel? AuthorStanding, DateTimeOffset? AuthorSuspendedUntil,
        int? AuthorApprovedCount, int? AuthorRejectedCount, int? AuthorSpamCount,
        bool AuthorHasPreviouslyApproved, int SameTextCount);

    /// <summary>The article with what the engine needs about the author and the text; a comment being edited (<c>exceptCommentId</c>) does not count as the author's previously approved one.</summary>
    internal static readonly Func<AppDbContext, long, DateTimeOffset, string, bool, string, long, DateTimeOffset, string, long, CancellationToken, Task<PostingFacts?>> PostingFactsOf =
        EF.CompileAsyncQuery((AppDbContext db, long articleId, DateTimeOffset now, string authorKey, bool registered, string authorName,
                long bodyHash, DateTimeOffset since, string body, long exceptCommentId, CancellationToken ct) =>
            db.Articles.AsNoTracking()
                .Where(a => a.Id == articleId && a.PublishedAt <= now)
                .Select(a => new PostingFacts(
                    a.Id, a.Slug, a.AuthorUserId, a.CommentPolicy, a.PublishedAt,
                    db.AuthorStandings.Where(s => s.AuthorKey == authorKey).Select(s => (AuthorStandingLevel?)s.Level).FirstOrDefault(),
                    db.AuthorStandings.Where(s => s.AuthorKey == authorKey).Select(s => s.SuspendedUntil).FirstOrDefault(),
                    db.AuthorStandings.Where(s => s.AuthorKey == authorKey).Select(s => (int?)s.ApprovedCount).FirstOrDefault(),
                    db.AuthorStandings.Where(s => s.AuthorKey == authorKey).Select(s => (int?)s.RejectedCount).FirstOrDefault(),
                    db.AuthorStandings.Where(s => s.AuthorKey == authorKey).Select(s => (int?)s.SpamCount).FirstOrDefault(),
                    // A signed-in user's approved comment counts under any name; a guest needs the same name and email.
                    db.Comments.Any(c => c.AuthorKey == authorKey && c.Status == CommentStatus.Approved && (registered || c.AuthorName == authorName) && c.Id != exceptCommentId),
                    db.Comments.Where(c => c.BodyHash == bodyHash && c.CreatedAt > since && c.BodyText == body).Take(SameTextCountCap).Count()))
                .FirstOrDefault());

    private sealed record ParentFacts(long Id, long ArticleId, long? ParentId, CommentStatus Status, bool HiddenByReports, int Depth, long ThreadRootId);

    private static readonly Func<AppDbContext, long, CancellationToken, Task<ParentFacts?>> ParentOf =
        EF.CompileAsyncQuery((AppDbContext db, long id, CancellationToken ct) =>
            db.Comments.AsNoTracking()
                .Where(c => c.Id == id)
                .Select(c => new ParentFacts(c.Id, c.ArticleId, c.ParentId, c.Status, c.HiddenByReports, c.Depth, c.ThreadRootId))
                .FirstOrDefault());

    private static readonly Func<AppDbContext, long, string, long, long?, string, string, string, CancellationToken, Task<bool>> SameCommentExists =
        EF.CompileAsyncQuery((AppDbContext db, long bodyHash, string authorKey, long articleId, long? parentId, string name, string email, string body, CancellationToken ct) =>
            db.Comments.Any(c => c.BodyHash == bodyHash && c.AuthorKey == authorKey && c.ArticleId == articleId && c.ParentId == parentId
                && c.AuthorName == name && c.AuthorEmail == email && c.BodyText == body));

    internal sealed record AccountFacts(string? DisplayName, string? Email, DateTimeOffset CreatedAt);

    internal static readonly Func<AppDbContext, string, CancellationToken, Task<AccountFacts?>> AccountOf =
        EF.CompileAsyncQuery((AppDbContext db, string userId, CancellationToken ct) =>
            db.Users.AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => new AccountFacts(u.DisplayName, u.Email, u.CreatedAt))
                .FirstOrDefault());

    /// <summary>
    /// Times of the author's (user or email) and the address's comments over the window, newest
    /// first. One indexed lookup per key, each cut at the limit, merged without counting a
    /// comment twice: an OR over the three keys read every comment of the window from a busy
    /// address (everyone behind one proxy) before sorting.
    /// </summary>
    private static async Task<List<DateTimeOffset>> RecentCommentTimesAsync(AppDbContext db, string authorKey, string ip, string lowerEmail, DateTimeOffset since)
    {
        var sinceTicks = since.UtcTicks;
        var byAuthor = $"SELECT \"Id\", \"CreatedAt\" FROM (SELECT \"Id\", \"CreatedAt\" FROM \"Comments\" WHERE \"AuthorKey\" = {{0}} AND \"CreatedAt\" > {{3}} ORDER BY \"CreatedAt\" DESC LIMIT {RecentLimit})";
        var byIp = $"SELECT \"Id\", \"CreatedAt\" FROM (SELECT \"Id\", \"CreatedAt\" FROM \"Comments\" WHERE \"Ip\" = {{1}} AND \"CreatedAt\" > {{3}} ORDER BY \"CreatedAt\" DESC LIMIT {RecentLimit})";
        var byEmail = $"SELECT \"Id\", \"CreatedAt\" FROM (SELECT \"Id\", \"CreatedAt\" FROM \"Comments\" WHERE \"AuthorKey\" = {{2}} AND \"CreatedAt\" > {{3}} ORDER BY \"CreatedAt\" DESC LIMIT {RecentLimit})";
        var parts = new List<string> { byAuthor };
        if (ip.Length > 0) parts.Add(byIp);
        if (lowerEmail.Length > 0) parts.Add(byEmail);
        var sql = $"SELECT \"CreatedAt\" AS \"Value\" FROM ({string.Join(" UNION ", parts)}) ORDER BY \"CreatedAt\" DESC LIMIT {RecentLimit}";
        var ticks = await db.Database.SqlQueryRaw<long>(sql, authorKey, ip, "email:" + lowerEmail, sinceTicks).ToListAsync();
        return ticks.ConvertAll(t => new DateTimeOffset(t, TimeSpan.Zero));
    }

    internal static void AppendRuleHits(SqlBatch writes, Verdict verdict, DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var ruleKey in verdict.Hits.Select(h => h.RuleKey).Distinct())
        {
            writes.Add($"INSERT INTO \"RuleHitsDaily\" (\"RuleKey\", \"Day\", \"Count\") VALUES ({ruleKey}, {day}, 1) ON CONFLICT (\"RuleKey\", \"Day\") DO UPDATE SET \"Count\" = \"RuleHitsDaily\".\"Count\" + 1");
        }
    }

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

    internal sealed record ResolvedAuthor(string? UserId, string Name, string Email, string Url, string Key, DateTimeOffset? AccountCreatedAt);

    private async Task<ResolvedAuthor?> ResolveAuthorAsync(CommentSubmission submission, CancellationToken ct)
    {
        if (submission.UserId is { } userId)
        {
            var user = await AccountOf(db, userId, ct);
            if (user is null) return null;
            // Never the user name: that is the email address, which the form promises not to publish.
            var name = ReaderText.NameWithoutDirectionControls(Accounts.ReaderNames.Shown(user.DisplayName, userId));
            return new ResolvedAuthor(userId, name, user.Email ?? "", submission.AuthorUrl.Trim(), AuthorKeys.ForUser(userId), user.CreatedAt);
        }
        var email = submission.AuthorEmail.Trim();
        return new ResolvedAuthor(null, submission.AuthorName.Trim(), email, submission.AuthorUrl.Trim(), AuthorKeys.ForEmail(email), null);
    }

    /// <summary>Only http and https addresses are kept; "example.com" gets "http://" as WordPress does.</summary>
    public static bool TryNormalizeUrl(string raw, out string url)
    {
        url = raw.Trim();
        if (url.Length == 0) return true;
        if (!url.Contains("://", StringComparison.Ordinal) && !url.Contains(':')) url = "http://" + url;
        return Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(parsed.Host);
    }
}

/// <summary>The key of an author's standing and history: a user, or a guest by email.</summary>
public static class AuthorKeys
{
    public static string ForUser(string userId) => "user:" + userId;

    public static string ForEmail(string email) => "email:" + email.Trim().ToLowerInvariant();
}
