using System.Diagnostics;

namespace CommentModeration.Web.Tests.Infrastructure;

/// <summary>
/// Waiting for what the app does after it answered (a page's work after a click on PostgreSQL, a mail, a
/// webhook, another server catching up): read again every few milliseconds until it holds, and fail with
/// what was last read once a patience far beyond what it should take has passed.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(20);

    /// <summary>Reads until <paramref name="enough"/> holds and returns that read; after <paramref name="patience"/>, fails with <paramref name="failure"/> of the last read.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> enough, TimeSpan patience, Func<T, string> failure)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var last = await read();
            if (enough(last)) return last;
            if (waited.Elapsed > patience) throw new TimeoutException($"After {patience.TotalSeconds} s: {failure(last)}");
            await Task.Delay(Every);
        }
    }

    /// <summary>Waits until <paramref name="reached"/> holds; after <paramref name="patience"/>, fails saying <paramref name="failure"/>.</summary>
    public static Task UntilAsync(Func<Task<bool>> reached, TimeSpan patience, string failure) =>
        ReadAsync(reached, done => done, patience, _ => failure);

    public static Task UntilAsync(Func<bool> reached, TimeSpan patience, string failure) =>
        UntilAsync(() => Task.FromResult(reached()), patience, failure);
}
