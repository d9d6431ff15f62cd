using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data.Comments;

/// <summary>
/// The event types some active endpoint receives, kept in memory so that a change nobody listens for
/// writes no outbox row and reads nothing to find that out. Read again after a change of endpoints
/// here (<see cref="Invalidate"/>), when another server says so, and at most <see cref="RefreshAfter"/>
/// after the last read, for endpoints changed by another process (the command line).
/// </summary>
public sealed class WebhookSubscriptions(TimeProvider clock)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(10);

    private sealed record Snapshot(FrozenSet<string> Types, DateTimeOffset ReadAt);

    private readonly Lock _lock = new();
    private Snapshot? _snapshot;
    private long _version;

    /// <summary>The subscribed types, read on <paramref name="db"/> (in the caller's transaction) when not known or old.</summary>
    public ValueTask<FrozenSet<string>> TypesAsync(AppDbContext db, CancellationToken ct = default)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var now = clock.GetUtcNow();
        if (snapshot is not null && now >= snapshot.ReadAt && now - snapshot.ReadAt < RefreshAfter) return ValueTask.FromResult(snapshot.Types);
        return new ValueTask<FrozenSet<string>>(ReadAsync(db, now, ct));
    }

    /// <summary>Endpoints changed: the next change reads them again.</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _version++;
            _snapshot = null;
        }
    }

    private async Task<FrozenSet<string>> ReadAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        long version;
        lock (_lock) version = _version;
        var lists = await db.WebhookEndpoints.AsNoTracking().Where(e => e.Active).Select(e => e.Events).ToListAsync(ct);
        var types = lists.SelectMany(WebhookEvents.Parse).ToFrozenSet(StringComparer.Ordinal);
        lock (_lock)
        {
            // An invalidation during the read: what was read may be older than it, so it is not kept.
            if (_version == version) _snapshot = new Snapshot(types, now);
        }
        return types;
    }
}
