using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Sql;
using CommentModeration.Data.Comments;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

/// <summary>Decisions in a period, by who made them and what they led to.</summary>
public sealed record OutcomeCounts(int Published, int Held, int AutoSpam, int AutoRejected, int Approved, int Rejected, int Spam);

public sealed record ArticleActivity(long ArticleId, string Title, int Comments);

public sealed record Dashboard(
    OutcomeCounts Today,
    OutcomeCounts ThisWeek,
    TimeSpan? MedianTimeToDecision,
    int DecisionsMeasured,
    IReadOnlyList<ArticleActivity> BusiestArticles,
    IReadOnlyList<RuleActivity> TopRules,
    QueueCounts Queues);

/// <summary>The numbers on /moderation, from the audit trail and the comments of this week.</summary>
public sealed class DashboardStats(IDbContextFactory<AppDbContext> dbFactory, SqlStatements sql, ModerationQueue queue, TimeProvider clock)
{
    private const int MedianSample = 10_000;
    private const int TopCount = 8;

    public async Task<Dashboard> LoadAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var weekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A refused post is an automatic decision to Rejected: it counts as "refused".
        string[] decisions = [AuditActions.Posted, AuditActions.Refused, AuditActions.Approve, AuditActions.Reject, AuditActions.Spam];
        var week = await db.ModerationEvents.AsNoTracking()
            .Where(e => e.At >= weekStart && decisions.Contains(e.Action))
            .Select(e => new { e.At, e.Automatic, e.ToStatus })
            .ToListAsync(ct);
        OutcomeCounts Count(DateTimeOffset from)
        {
            var rows = week.Where(e => e.At >= from).ToList();
            int Of(bool automatic, CommentStatus status) => rows.Count(e => e.Automatic == automatic && e.ToStatus == status);
            return new OutcomeCounts(Of(true, CommentStatus.Approved), Of(true, CommentStatus.Pending), Of(true, CommentStatus.Spam), Of(true, CommentStatus.Rejected),
                Of(false, CommentStatus.Approved), Of(false, CommentStatus.Rejected), Of(false, CommentStatus.Spam));
        }

        // Time from posting to a moderator's first decision on a held comment.
        var waits = await db.ModerationEvents.AsNoTracking()
            .Where(e => e.At >= weekStart && !e.Automatic && e.FromStatus == CommentStatus.Pending
                && (e.Action == AuditActions.Approve || e.Action == AuditActions.Reject || e.Action == AuditActions.Spam))
            .OrderByDescending(e => e.Id).Take(MedianSample)
            .Join(db.Comments, e => e.CommentId, c => c.Id, (e, c) => new { e.At, c.CreatedAt })
            .ToListAsync(ct);
        var sorted = waits.Select(w => w.At - w.CreatedAt).Order().ToList();
        TimeSpan? median = sorted.Count == 0 ? null
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

        var busiest = await db.Comments.AsNoTracking().Where(c => c.CreatedAt >= weekStart)
            .GroupBy(c => c.ArticleId)
            .Select(g => new { ArticleId = g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count).Take(TopCount)
            .ToListAsync(ct);
        var ids = busiest.Select(b => b.ArticleId).ToList();
        var titles = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Title, ct);

        // Stored comments carry their hits; a refused post left only its audit row, naming the check that refused it.
        var commentHits = await sql.TopRulesSinceAsync(db, weekStart, TopCount, ct);
        var refusals = await db.ModerationEvents.AsNoTracking()
            .Where(e => e.At >= weekStart && e.Action == AuditActions.Refused && e.DecidingCheck != null)
            .GroupBy(e => e.DecidingCheck!)
            .Select(g => new { Rule = g.Key, Hits = g.Count() })
            .OrderByDescending(g => g.Hits).Take(TopCount)
            .ToListAsync(ct);
        var rules = commentHits.Where(r => !string.IsNullOrEmpty(r.Rule)).Select(r => (r.Rule, r.Hits))
            .Concat(refusals.Select(r => (r.Rule, r.Hits)))
            .GroupBy(r => r.Rule)
            .Select(g => new RuleActivity(g.Key, g.Sum(r => r.Hits)))
            .OrderByDescending(r => r.Hits).ThenBy(r => r.Rule, StringComparer.Ordinal)
            .Take(TopCount)
            .ToList();

        return new Dashboard(Count(today), Count(weekStart), median, sorted.Count,
            busiest.Select(b => new ArticleActivity(b.ArticleId, titles.GetValueOrDefault(b.ArticleId, $"Article {b.ArticleId}"), b.Count)).ToList(),
            rules,
            await queue.GetCountsAsync(ct));
    }
}
