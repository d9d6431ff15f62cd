using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

/// <summary>Who has a comment open, as others see it: "Maria is on this".</summary>
public sealed record ClaimHolder(string UserId, string Name);

/// <summary>A decision someone else made on a comment: "Ben approved this 2 s ago".</summary>
public sealed record OtherDecision(string ActorName, string Action, CommentStatus? ToStatus, DateTimeOffset At)
{
    public string Says(DateTimeOffset now)
    {
        var verb = Action is AuditActions.Approve or AuditActions.Reject or AuditActions.Spam ? AuditWording.PastTense(Action)
            : ToStatus is { } status ? $"moved to {status}" : "changed";
        return $"{ActorName} {verb} this {Ago(now - At)} ago.";
    }

    private static string Ago(TimeSpan elapsed) =>
        elapsed < TimeSpan.FromMinutes(1) ? $"{Math.Max(0, (int)elapsed.TotalSeconds)} s"
        : elapsed < TimeSpan.FromHours(1) ? $"{(int)elapsed.TotalMinutes} min"
        : $"{(int)elapsed.TotalHours} h";
}

/// <summary>
/// Claimed work: opening a comment claims it for <see cref="Duration"/> (renewed while it stays open),
/// so two moderators on one queue rarely meet on one item. A moderator holds one claim at a time; it
/// ends when they open another, leave the page, or let it run out. Claims are rows
/// (<see cref="QueueClaim"/>), taken only when free or expired, so servers sharing a PostgreSQL
/// database hand each comment to one moderator; the notifier only tells open pages to look again.
/// </summary>
public sealed class QueueClaims(IDbContextFactory<AppDbContext> dbFactory, IModerationNotifier notifier, TimeProvider clock)
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(2);

    /// <summary>How often an open page renews its claim: well inside <see cref="Duration"/>.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Claims <paramref name="commentId"/> for <paramref name="me"/> (or renews the claim), ending their
    /// claim on any other comment. Null when it is theirs now; else who holds it.
    /// </summary>
    public async Task<ClaimHolder?> TakeAsync(long commentId, Moderator me, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var until = now + Duration;
        var changed = false;
        ClaimHolder? holder = null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        try
        {
            await using var transaction = await db.BeginWriteAsync(ct);
            changed = await db.QueueClaims.Where(c => c.ClaimantId == me.UserId && c.CommentId != commentId).ExecuteDeleteAsync(ct) > 0;
            var row = await db.QueueClaims.AsNoTracking().FirstOrDefaultAsync(c => c.CommentId == commentId, ct);
            if (row is null)
            {
                db.QueueClaims.Add(new QueueClaim { CommentId = commentId, ClaimantId = me.UserId, ClaimantName = me.Name, ExpiresAt = until });
                await db.SaveChangesAsync(ct);
                changed = true;
            }
            else if (row.ClaimantId != me.UserId && row.ExpiresAt > now)
            {
                holder = new ClaimHolder(row.ClaimantId, row.ClaimantName);
            }
            else
            {
                // Another server may have taken the expired claim since the read: the condition is checked again on the row.
                var taken = await db.QueueClaims
                    .Where(c => c.CommentId == commentId && (c.ClaimantId == me.UserId || c.ExpiresAt <= now))
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimantId, me.UserId).SetProperty(c => c.ClaimantName, me.Name).SetProperty(c => c.ExpiresAt, until), ct);
                if (taken == 0) holder = await HolderAsync(db, commentId, now, ct);
                else changed |= row.ClaimantId != me.UserId;
            }
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another server inserted the claim between our read and our insert (the key refused ours).
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            holder = await HolderAsync(again, commentId, now, ct);
            if (holder is null) throw;
        }
        if (changed) notifier.Publish(ModerationChange.Changed(commentId));
        return holder;
    }

    /// <summary>Ends <paramref name="me"/>'s claim, whatever comment it is on (a decision made, the page left).</summary>
    public async Task ReleaseAsync(Moderator me, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        var released = await db.QueueClaims.Where(c => c.ClaimantId == me.UserId).Select(c => c.CommentId).ToListAsync(ct);
        if (released.Count == 0) return;
        await db.QueueClaims.Where(c => c.ClaimantId == me.UserId).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        foreach (var id in released) notifier.Publish(ModerationChange.Changed(id));
    }

    /// <summary>Who else holds a live claim on these comments.</summary>
    public async Task<IReadOnlyDictionary<long, ClaimHolder>> HeldByOthersAsync(IReadOnlyCollection<long> commentIds, Moderator me, CancellationToken ct = default)
    {
        if (commentIds.Count == 0) return new Dictionary<long, ClaimHolder>();
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.QueueClaims.AsNoTracking()
            .Where(c => commentIds.Contains(c.CommentId) && c.ClaimantId != me.UserId && c.ExpiresAt > now)
            .ToDictionaryAsync(c => c.CommentId, c => new ClaimHolder(c.ClaimantId, c.ClaimantName), ct);
    }

    /// <summary>
    /// The latest decision on a comment when someone other than <paramref name="me"/> made it (a moderator,
    /// the API, the engine); null when it was <paramref name="me"/>'s, or there is none. The latest only:
    /// an older one by others (the engine's at posting) says nothing about what changed the comment now.
    /// </summary>
    public async Task<OtherDecision?> LastDecisionByOthersAsync(long commentId, Moderator me, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var last = await db.ModerationEvents.AsNoTracking()
            .Where(e => e.CommentId == commentId && e.ToStatus != null)
            .OrderByDescending(e => e.Id)
            .Select(e => new { e.ActorUserId, Decision = new OtherDecision(e.ActorName, e.Action, e.ToStatus, e.At) })
            .FirstOrDefaultAsync(ct);
        return last is null || last.ActorUserId == me.UserId ? null : last.Decision;
    }

    private static async Task<ClaimHolder?> HolderAsync(AppDbContext db, long commentId, DateTimeOffset now, CancellationToken ct) =>
        await db.QueueClaims.AsNoTracking().Where(c => c.CommentId == commentId && c.ExpiresAt > now)
            .Select(c => new ClaimHolder(c.ClaimantId, c.ClaimantName)).FirstOrDefaultAsync(ct);
}
