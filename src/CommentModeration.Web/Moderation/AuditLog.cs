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

/// <param name="ActorName">The person by the one name their account is shown by (never an email address), or who else acted.</param>
/// <param name="OldText">For an edit: the text it replaced.</param>
/// <param name="NewText">For an edit: the text it wrote.</param>
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
    IReadOnlyList<string> FiredChecks,
    string? OldText = null,
    string? NewText = null)
{
    /// <summary>Where the next page (older entries) starts.</summary>
    public AuditLogCursor Cursor => new(At, Id);
}

/// <summary>A place in the log: entries strictly older (by time, then by id) come after it.</summary>
public readonly record struct AuditLogCursor(DateTimeOffset At, long Id);

/// <summary>Reads the append-only audit trail, newest first (by time, ties broken by id), a keyset page at a time.</summary>
public sealed class AuditLog(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int PageSize = 50;

    /// <summary>Entries after <paramref name="after"/> in the log's order (or from the newest), and whether more follow.</summary>
    public async Task<(IReadOnlyList<AuditLogEntry> Entries, bool HasMore)> GetPageAsync(AuditLogFilter filter, AuditLogCursor? after = null, CancellationToken ct = default, int pageSize = PageSize)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.ModerationEvents.AsNoTracking();
        if (after is { } cursor)
        {
            var (at, id) = (cursor.At, cursor.Id);
            query = query.Where(e => e.At < at || (e.At == at && e.Id < id));
        }
        if (!string.IsNullOrWhiteSpace(filter.Action)) query = query.Where(e => e.Action == filter.Action);
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            // By the name the log shows (the account's display name) or the name the row was written with.
            var actor = LikePattern.Containing(filter.Actor);
            var named = db.Users.Where(u => EF.Functions.Like(u.DisplayName.ToLower(), actor, LikePattern.Escape)).Select(u => u.Id);
            query = query.Where(e => EF.Functions.Like(e.ActorName.ToLower(), actor, LikePattern.Escape) || named.Contains(e.ActorUserId!));
        }
        if (filter.CommentId is { } commentId) query = query.Where(e => e.CommentId == commentId);
        if (!string.IsNullOrWhiteSpace(filter.AuthorKey)) query = query.Where(e => e.AuthorKey == filter.AuthorKey);
        if (filter.Automatic is { } automatic) query = query.Where(e => e.Automatic == automatic);
        if (filter.From is { } from) query = query.Where(e => e.At >= from);
        if (filter.Until is { } until) query = query.Where(e => e.At < until);

        var rows = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(pageSize + 1).ToListAsync(ct);
        var hasMore = rows.Count > pageSize;
        if (hasMore) rows.RemoveAt(pageSize);

        // The engine's own decisions show the checks that fired, read from the comment's stored verdict.
        var decided = rows.Where(r => r.Automatic && r.CommentId is not null).Select(r => r.CommentId!.Value).Distinct().ToList();
        var verdicts = decided.Count == 0
            ? new Dictionary<long, string>()
            : await db.Comments.AsNoTracking().Where(c => decided.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.VerdictJson, ct);
        var names = await AuditNames.OfAsync(db, rows, ct);
        var edits = await AuditEditTexts.OfAsync(db, rows, ct);
        var entries = rows.Select(r => new AuditLogEntry(r.Id, r.At, r.Action, r.Automatic, AuditNames.Shown(r, names), r.CommentId, r.AuthorKey, r.FromStatus, r.ToStatus, r.Reason,
                r.DecidingCheck is { } check ? [check]
                : r.Automatic && r.CommentId is { } id && verdicts.TryGetValue(id, out var json)
                    ? VerdictHits.Parse(json).Select(h => h.Rule).Distinct().ToList()
                    : [],
                edits.GetValueOrDefault(r.Id).Old, edits.GetValueOrDefault(r.Id).New))
            .ToList();
        return (entries, hasMore);
    }
}
