using System.Collections.Concurrent;

namespace CommentModeration.Web.Articles;

/// <summary>
/// One load at a time per key: a request that asks while another's load for the key is under way
/// waits for it and gets its result, instead of loading too. When that load fails (the request
/// that ran it gave up, the database went away), each waiting request loads for itself.
/// </summary>
public sealed class SingleFlight
{
    private readonly ConcurrentDictionary<object, Task> _running = new();

    public async Task<T> RunAsync<T>(object key, Func<Task<T>> load)
    {
        var mine = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_running.GetOrAdd(key, mine.Task) is var running && running != mine.Task && running is Task<T> other)
        {
            try
            {
                return await other;
            }
            catch (Exception)
            {
                return await load();
            }
        }

        try
        {
            var value = await load();
            mine.SetResult(value);
            return value;
        }
        catch (Exception e)
        {
            mine.SetException(e);
            // Observed here, so a failure no one waited for is not reported again as unobserved.
            _ = mine.Task.Exception;
            throw;
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<object, Task>(key, mine.Task));
        }
    }
}
