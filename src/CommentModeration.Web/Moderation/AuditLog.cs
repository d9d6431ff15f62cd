using CommentModeration.Core.Comments;
using CommentModeration.Data;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

public sealed record AuditLogFilter
{
    /// <summary>An action name (approve, reject, ban, posted …); null for all.</summary>
    public string? Action { get; init; }

    /// <summary>Part of the actor's name.</summary>
    public string? Actor { get; init; }
    public long? CommentId { get; init; }
    public string? AuthorKey { get; init; }

    /// <summary>Only the engine's decisions (true), only people's actions (false), or both (null).</summary>
    public bool? Automatic { get; init; }

    /// <summary>Entries at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Entries before this time.</summary>
    public DateTimeOffset? Until { get; init; }
}

public sealed record AuditLogEntry(
    long Id,
    DateTimeOffset At,
    string Action,
    bool Automatic,
    string ActorName,
    long? CommentId,
    string? AuthorKey,
    CommentStatus? FromStatus,
    CommentStatus? ToStatus,
    string? Reason,
    IReadOnlyList<string> FiredChecks);

/// <summary>Reads the append-only audit trail, newest first, a keyset page at a time (by id).</summary>
public sealed class AuditLog(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int PageSize = 50;

    /// <summary>Entries older than <paramref name="beforeId"/> (or the newest), and whether more follow.</summary>
    public async Task<(IReadOnlyList<AuditLogEntry> Entries, bool HasMore)> GetPageAsync(AuditLogFilter filter, long? beforeId = null, CancellationToken ct = default, int pageSize = PageSize)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.ModerationEvents.AsNoTracking();
        if (beforeId is { } before) query = query.Where(e => e.Id < before);
        if (!string.IsNullOrWhiteSpace(filter.Action)) query = query.Where(e => e.Action == filter.Action);
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = LikePattern.Containing(filter.Actor);
            query = query.Where(e => EF.Functions.Like(e.ActorName.ToLower(), actor, LikePattern.Escape));
        }
        if (filter.CommentId is { } commentId) query = query.Where(e => e.CommentId == commentId);
        if (!string.IsNullOrWhiteSpace(filter.AuthorKey)) query = query.Where(e => e.AuthorKey == filter.AuthorKey);
        if (filter.Automatic is { } automatic) query = query.Where(e => e.Automatic == automatic);
        if (filter.From is { } from) query = query.Where(e => e.At >= from);
        if (filter.Until is { } until) query = query.Where(e => e.At < until);

        var rows = await query.OrderByDescending(e => e.Id).Take(pageSize + 1).ToListAsync(ct);
        var hasMore = rows.Count > pageSize;
        if (hasMore) rows.RemoveAt(pageSize);

        // The engine's own decisions show the checks that fired, read from the comment's stored verdict.
        var decided = rows.Where(r => r.Automatic && r.CommentId is not null).Select(r => r.CommentId!.Value).Distinct().ToList();
        var verdicts = decided.Count == 0
            ? new Dictionary<long, string>()
            : await db.Comments.AsNoTracking().Where(c => decided.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.VerdictJson, ct);
        var entries = rows.Select(r => new AuditLogEntry(r.Id, r.At, r.Action, r.Automatic, r.ActorName, r.CommentId, r.AuthorKey, r.FromStatus, r.ToStatus, r.Reason,
                r.Automatic && r.CommentId is { } id && verdicts.TryGetValue(id, out var json)
                    ? VerdictHits.Parse(json).Select(h => h.Rule).Distinct().ToList()
                    : []))
            .ToList();
        return (entries, hasMore);
    }
}
