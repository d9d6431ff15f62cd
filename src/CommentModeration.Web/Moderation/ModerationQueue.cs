using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

public enum QueueOrder
{
    OldestFirst,
    NewestFirst,
}

/// <summary>What the moderator narrowed the queue to. Empty strings and nulls mean "any".</summary>
public sealed record QueueFilter
{
    public QueueKind Queue { get; init; } = QueueKind.Pending;
    public QueueOrder Order { get; init; } = QueueOrder.OldestFirst;
    public long? ArticleId { get; init; }

    /// <summary>An author key, an email or a display name.</summary>
    public string? Author { get; init; }

    /// <summary>A rule's key (or "builtin:…") as stored in the verdict's hits.</summary>
    public string? RuleKey { get; init; }

    /// <summary>Words to find in the comment text.</summary>
    public string? Search { get; init; }

    /// <summary>Only comments on articles of these sections (desks); null or empty: every desk.</summary>
    public IReadOnlyList<string>? Desks { get; init; }

    public bool IsNarrowed => ArticleId is not null || !string.IsNullOrWhiteSpace(Author) || !string.IsNullOrWhiteSpace(RuleKey) || !string.IsNullOrWhiteSpace(Search);
}

/// <summary>A keyset position: the created-at and id of a row at a page's edge.</summary>
public sealed record QueueCursor(DateTimeOffset CreatedAt, long Id);

public sealed record QueueItem(
    long Id,
    Guid Version,
    DateTimeOffset CreatedAt,
    CommentStatus Status,
    long ArticleId,
    string ArticleTitle,
    string AuthorName,
    string AuthorKey,
    string Excerpt,
    bool NeedsReview,
    int OpenReportCount,
    bool HiddenByReports,
    VerdictAction VerdictAction,
    IReadOnlyList<string> FiredRules)
{
    /// <summary>The article's section (desk), or null.</summary>
    public string? Desk { get; init; }

    public CommentState State => new(Status, NeedsReview, OpenReportCount, HiddenByReports, RejectionReason: null);
}

public sealed record QueuePage(IReadOnlyList<QueueItem> Items, QueueCursor? First, QueueCursor? Last, bool HasPrevious, bool HasNext);

public sealed record QueueCounts(long Pending, long Reported, long Flagged, long Spam, long Rejected, long Approved)
{
    public long All => Pending + Spam + Rejected + Approved;

    public long Of(QueueKind queue) => queue switch
    {
        QueueKind.Pending => Pending,
        QueueKind.Reported => Reported,
        QueueKind.Flagged => Flagged,
        QueueKind.Spam => Spam,
        QueueKind.Rejected => Rejected,
        QueueKind.Approved => Approved,
        _ => All,
    };
}

/// <summary>Everything the item view shows about one comment.</summary>
public sealed record QueueItemDetail(
    long Id,
    Guid Version,
    CommentStatus Status,
    string BodyText,
    string BodyHtml,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt,
    bool NeedsReview,
    int OpenReportCount,
    bool HiddenByReports,
    string? RejectionReason,
    VerdictAction VerdictAction,
    IReadOnlyList<RuleHit> Hits,
    long ArticleId,
    string ArticleTitle,
    string ArticleSlug,
    QueueParent? Parent,
    IReadOnlyList<QueueReport> Reports,
    string AuthorName)
{
    /// <summary>Earlier texts of an edited comment, oldest first.</summary>
    public IReadOnlyList<QueueRevision> Revisions { get; init; } = [];

    /// <summary>The rule set revision whose verdict placed the comment (0: the starting rules, before any save).</summary>
    public int RuleSetRevision { get; init; }

    /// <summary>The rule set revision that decided a hit: the hit's own, or (stored before hits carried one) the comment's.</summary>
    public int RevisionOf(RuleHit hit) => hit.RuleRevision > 0 ? hit.RuleRevision : RuleSetRevision;
}

public sealed record ArticleOption(long Id, string Title);

public sealed record QueueParent(long Id, string AuthorName, string BodyText, CommentStatus Status);

/// <param name="LegalGround">For a notice of illegal content: the law and article, and the country, the reporter named.</param>
public sealed record QueueReport(ReportReason Reason, string? Text, DateTimeOffset CreatedAt, string? LegalGround = null);

/// <summary>A text the comment had until <paramref name="EditedByName"/> replaced it at <paramref name="EditedAt"/>.</summary>
public sealed record QueueRevision(string BodyText, string EditedByName, DateTimeOffset EditedAt);

/// <summary>
/// Reads the moderation queues: keyset pages (created-at, id) over the indexes that match each
/// queue, so page 10,000 costs what page 1 does; counts from the maintained QueueCounter rows.
/// </summary>
public sealed class ModerationQueue(IDbContextFactory<AppDbContext> dbFactory, SqlStatements sql)
{
    public const int DefaultPageSize = 50;
    private const int ExcerptLength = 200;

    public async Task<QueueCounts> GetCountsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var values = await db.QueueCounters.AsNoTracking().ToDictionaryAsync(q => q.Name, q => q.Value, ct);
        long Get(QueueKind queue) => values.GetValueOrDefault(CommentQueues.CounterName(queue));
        return new QueueCounts(Get(QueueKind.Pending), Get(QueueKind.Reported), Get(QueueKind.Flagged), Get(QueueKind.Spam), Get(QueueKind.Rejected), Get(QueueKind.Approved));
    }

    /// <summary>
    /// A page after <paramref name="after"/> (next), or before <paramref name="before"/> (previous),
    /// or the first page when neither is given.
    /// </summary>
    public async Task<QueuePage> GetPageAsync(QueueFilter filter, QueueCursor? after = null, QueueCursor? before = null, int pageSize = DefaultPageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, filter);
        var ascending = filter.Order == QueueOrder.OldestFirst;
        var backwards = before is not null;
        var cursor = before ?? after;
        if (cursor is not null)
        {
            var t = cursor.CreatedAt;
            var id = cursor.Id;
            // Moving forward in ascending order, or backward in descending order, means "greater than".
            query = ascending != backwards
                ? query.Where(c => c.CreatedAt >= t && (c.CreatedAt > t || c.Id > id))
                : query.Where(c => c.CreatedAt <= t && (c.CreatedAt < t || c.Id < id));
        }
        query = ascending != backwards
            ? query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            : query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);

        var rows = await query.Take(pageSize + 1)
            .Select(c => new
            {
                c.Id, c.Version, c.CreatedAt, c.Status, c.ArticleId, ArticleTitle = c.Article!.Title, c.Article.Section, c.AuthorName, c.AuthorKey,
                Excerpt = c.BodyText.Substring(0, ExcerptLength), c.NeedsReview, c.OpenReportCount, c.HiddenByReports, c.VerdictAction, c.VerdictJson,
            })
            .AsNoTracking()
            .ToListAsync(ct);

        var more = rows.Count > pageSize;
        if (more) rows.RemoveAt(rows.Count - 1);
        if (backwards) rows.Reverse();
        var items = rows.Select(r => new QueueItem(r.Id, r.Version, r.CreatedAt, r.Status, r.ArticleId, r.ArticleTitle, r.AuthorName, r.AuthorKey,
                r.Excerpt, r.NeedsReview, r.OpenReportCount, r.HiddenByReports, r.VerdictAction,
                VerdictHits.Parse(r.VerdictJson).Select(h => h.Rule).Distinct().ToList()) { Desk = r.Section })
            .ToList();
        var first = items.Count > 0 ? new QueueCursor(items[0].CreatedAt, items[0].Id) : null;
        var last = items.Count > 0 ? new QueueCursor(items[^1].CreatedAt, items[^1].Id) : null;
        return backwards
            ? new QueuePage(items, first, last, HasPrevious: more, HasNext: true)
            : new QueuePage(items, first, last, HasPrevious: after is not null, HasNext: more);
    }

    /// <summary>Whether the comment awaits a decision now (held, reported or flagged), whatever a page read earlier says.</summary>
    public async Task<bool> AwaitsDecisionAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var state = await db.Comments.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new CommentState(c.Status, c.NeedsReview, c.OpenReportCount, c.HiddenByReports, null))
            .FirstOrDefaultAsync(ct);
        return state is not null && CommentQueues.AwaitsDecision(state);
    }

    public async Task<QueueItemDetail?> GetItemAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.Comments.AsNoTracking().Include(c => c.Article).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (c is null) return null;
        QueueParent? parent = null;
        if (c.ParentId is { } parentId)
        {
            parent = await db.Comments.AsNoTracking().Where(p => p.Id == parentId)
                .Select(p => new QueueParent(p.Id, p.AuthorName, p.BodyText, p.Status)).FirstOrDefaultAsync(ct);
        }
        var reports = await db.Reports.AsNoTracking().Where(r => r.CommentId == id && r.ResolvedAt == null)
            .OrderBy(r => r.Id).Select(r => new QueueReport(r.Reason, r.Text, r.CreatedAt, r.LegalGround == null ? null : r.LegalGround + " (" + r.Country + ")"))
            .ToListAsync(ct);
        IReadOnlyList<QueueRevision> revisions = c.EditedAt is null
            ? []
            : await db.CommentRevisions.AsNoTracking().Where(r => r.CommentId == id)
                .OrderBy(r => r.Id).Select(r => new QueueRevision(r.BodyText, r.EditedByName, r.EditedAt)).ToListAsync(ct);
        return new QueueItemDetail(c.Id, c.Version, c.Status, c.BodyText, c.BodyHtml, c.CreatedAt, c.EditedAt, c.NeedsReview, c.OpenReportCount,
            c.HiddenByReports, c.RejectionReason, c.VerdictAction, VerdictHits.Parse(c.VerdictJson), c.ArticleId, c.Article?.Title ?? "", c.Article?.Slug ?? "",
            parent, reports, c.AuthorName) { Revisions = revisions, RuleSetRevision = c.RuleSetRevision };
    }

    /// <summary>Articles whose title contains <paramref name="text"/>, newest first, for the article filter.</summary>
    public async Task<IReadOnlyList<ArticleOption>> FindArticlesAsync(string? text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Articles.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = LikePattern.Containing(text);
            query = query.Where(a => EF.Functions.Like(a.Title.ToLower(), pattern, LikePattern.Escape));
        }
        return await query.OrderByDescending(a => a.PublishedAt).Take(20).Select(a => new ArticleOption(a.Id, a.Title)).ToListAsync(ct);
    }

    private IQueryable<Comment> Filtered(AppDbContext db, QueueFilter filter)
    {
        // SQL only where LINQ cannot say it: the small queues read their partial index, and a fired
        // rule is found inside the verdict's JSON.
        var indexed = filter.Queue switch
        {
            QueueKind.Flagged => IndexedQueue.Flagged,
            QueueKind.Reported => IndexedQueue.Reported,
            _ => IndexedQueue.None,
        };
        var query = sql.QueueComments(db, indexed, string.IsNullOrWhiteSpace(filter.RuleKey) ? null : filter.RuleKey.Trim());

        query = filter.Queue switch
        {
            QueueKind.Pending => query.Where(c => c.Status == CommentStatus.Pending),
            QueueKind.Reported => query.Where(c => c.Status == CommentStatus.Approved && c.OpenReportCount > 0),
            QueueKind.Flagged => query.Where(c => c.Status == CommentStatus.Approved && c.NeedsReview),
            QueueKind.Spam => query.Where(c => c.Status == CommentStatus.Spam),
            QueueKind.Rejected => query.Where(c => c.Status == CommentStatus.Rejected),
            QueueKind.Approved => query.Where(c => c.Status == CommentStatus.Approved),
            _ => query,
        };
        if (filter.ArticleId is { } articleId) query = query.Where(c => c.ArticleId == articleId);
        if (filter.Desks is { Count: > 0 } desks) query = query.Where(c => desks.Contains(c.Article!.Section!));
        if (!string.IsNullOrWhiteSpace(filter.Author))
        {
            var author = filter.Author.Trim();
            var email = author.ToLowerInvariant();
            query = query.Where(c => c.AuthorKey == author || c.AuthorEmail.ToLower() == email || c.AuthorName == author);
        }
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = LikePattern.Containing(filter.Search);
            query = query.Where(c => EF.Functions.Like(c.BodyText.ToLower(), pattern, LikePattern.Escape));
        }
        return query;
    }
}
