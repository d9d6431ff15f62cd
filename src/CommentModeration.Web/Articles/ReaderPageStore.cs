using System.Collections.Concurrent;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;

namespace CommentModeration.Web.Articles;

/// <summary>
/// The output cache's store, serving a changed page until its new version is ready. An eviction
/// drops no page: it marks the tag changed, and every page carrying the tag stale. The first request
/// for a stale page renders it again (the store answers it "not cached"); while that one render
/// runs, every other request gets the stale page, for at most <see cref="StaleBound"/> after the
/// page was first found stale, past which they wait for the render under way (the output cache
/// joins requests for one page to the render running for it). A page is stored as of the moment
/// its render began: a change that lands while it renders leaves it stale, and the next request
/// renders it again. So a burst of posts costs one render at a time, not one per reader.
/// </summary>
public sealed class ReaderPageStore(TimeProvider clock, IHttpContextAccessor requests) : IOutputCacheStore, IDisposable
{
    /// <summary>How long after a page was found stale readers may still be served it while it renders: a new comment shows within it.</summary>
    public static readonly TimeSpan StaleBound = TimeSpan.FromSeconds(1);

    private static readonly object RenderKey = new();

    // As the framework's own store: 100 MB of pages, counted in bytes.
    private readonly MemoryCache _pages = new(new MemoryCacheOptions { SizeLimit = 100 * 1024 * 1024 });
    private readonly ConcurrentDictionary<string, long> _tagChanges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Render> _renders = new(StringComparer.Ordinal);
    private long _changes;
    private long _rendersStarted;

    /// <summary>How many pages were rendered for the cache (first renders and renders of stale pages): a diagnostic, read by tests.</summary>
    public long RendersStarted => Interlocked.Read(ref _rendersStarted);

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        var change = Interlocked.Increment(ref _changes);
        _tagChanges.AddOrUpdate(tag, change, (_, before) => Math.Max(before, change));
        return ValueTask.CompletedTask;
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_pages.TryGetValue(key, out Page? page) && page is not null)
        {
            if (IsCurrent(page)) return ValueTask.FromResult<byte[]?>(page.Body);
            var staleSince = page.FoundStale(now);
            if (TryStartRender(key, now)) return ValueTask.FromResult<byte[]?>(null);
            if (now - staleSince <= StaleBound) return ValueTask.FromResult<byte[]?>(page.Body);
            return ValueTask.FromResult<byte[]?>(null);
        }
        TryStartRender(key, now);
        return ValueTask.FromResult<byte[]?>(null);
    }

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        // The render this request started, or the one started for the page by the request it stands in for
        // (the output cache runs one render for all requests for a page that miss together, whichever started it).
        var render = requests.HttpContext?.Items.TryGetValue(RenderKey, out var started) == true && started is Render own && own.Key == key
            ? own
            : _renders.GetValueOrDefault(key);
        var page = new Page(value, tags ?? [], render?.ChangesSeen ?? Interlocked.Read(ref _changes));
        if (render is not null)
        {
            if (!IsCurrent(page)) page.FoundStale(render.StartedAt);
            _renders.TryRemove(new KeyValuePair<string, Render>(key, render));
        }
        _pages.Set(key, page, new MemoryCacheEntryOptions { Size = value.Length, AbsoluteExpirationRelativeToNow = validFor });
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _pages.Dispose();

    private bool IsCurrent(Page page)
    {
        foreach (var tag in page.Tags)
        {
            if (_tagChanges.TryGetValue(tag, out var changed) && changed > page.ChangesSeen) return false;
        }
        return true;
    }

    /// <summary>
    /// Starts the page's render unless one is under way; one that began longer than <see cref="StaleBound"/>
    /// ago is taken over (its request may have failed), as of the older start.
    /// </summary>
    private bool TryStartRender(string key, DateTimeOffset now)
    {
        var render = new Render(key, Interlocked.Read(ref _changes), now);
        while (!_renders.TryAdd(key, render))
        {
            if (!_renders.TryGetValue(key, out var running)) continue;
            if (now - running.StartedAt <= StaleBound) return false;
            render = new Render(key, Math.Min(running.ChangesSeen, render.ChangesSeen), now);
            if (_renders.TryUpdate(key, render, running)) break;
        }
        Interlocked.Increment(ref _rendersStarted);
        if (requests.HttpContext is { } request)
        {
            request.Items[RenderKey] = render;
            // A render that stores nothing (an error, a page no longer found, a response not to share) ends
            // here: the stale page goes too, so that readers get what the page answers now.
            request.Response.OnCompleted(() =>
            {
                if (_renders.TryRemove(new KeyValuePair<string, Render>(key, render))
                    && _pages.TryGetValue(key, out Page? stale) && stale is not null && !IsCurrent(stale))
                {
                    _pages.Remove(key);
                }
                return Task.CompletedTask;
            });
        }
        return true;
    }

    /// <summary>A render under way: its page, how many changes had been seen when it began, and when. Compared by reference: each is one request's.</summary>
    private sealed class Render(string key, long changesSeen, DateTimeOffset startedAt)
    {
        public string Key { get; } = key;
        public long ChangesSeen { get; } = changesSeen;
        public DateTimeOffset StartedAt { get; } = startedAt;
    }

    private sealed class Page(byte[] body, string[] tags, long changesSeen)
    {
        private long _staleSinceTicks;

        public byte[] Body { get; } = body;
        public string[] Tags { get; } = tags;
        public long ChangesSeen { get; } = changesSeen;

        /// <summary>When the page was first found stale (now, if this is the first time).</summary>
        public DateTimeOffset FoundStale(DateTimeOffset now)
        {
            var ticks = Interlocked.CompareExchange(ref _staleSinceTicks, now.UtcTicks, 0);
            return ticks == 0 ? now : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }
}
