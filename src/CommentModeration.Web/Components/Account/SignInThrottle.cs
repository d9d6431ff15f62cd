using System.Collections.Concurrent;

namespace CommentModeration.Web.Components.Account;

/// <summary>How many wrong passwords an account takes before each further attempt must wait, and how long (SignInThrottle:*).</summary>
public sealed record SignInThrottleOptions(int FreeFailures, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static SignInThrottleOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("SignInThrottle");
        return new SignInThrottleOptions(
            Math.Max(1, section.GetValue("FreeFailures", 5)),
            TimeSpan.FromSeconds(Math.Max(1, section.GetValue("FirstDelaySeconds", 30))),
            TimeSpan.FromSeconds(Math.Max(1, section.GetValue("MaxDelaySeconds", 900))));
    }
}

/// <summary>
/// Slows password guessing per account without a switch that locks the account: after
/// <see cref="SignInThrottleOptions.FreeFailures"/> wrong passwords, the next attempt must wait
/// <see cref="SignInThrottleOptions.FirstDelay"/> after the last failure, doubled with every further
/// failure up to <see cref="SignInThrottleOptions.MaxDelay"/>. An attempt inside the wait is refused
/// without its password being looked at, so guessing through it learns nothing. The caller picks the
/// key: the account name as typed (known account or not, so the answers do not tell which), apart for
/// each browser the account signed in with before (<see cref="KnownDevices"/>).
/// </summary>
public sealed class SignInThrottle(SignInThrottleOptions options, TimeProvider clock)
{
    /// <summary>Failures this long ago are forgotten: a day, or twice the longest wait if that is longer.</summary>
    private readonly TimeSpan _forgetAfter = options.MaxDelay * 2 > TimeSpan.FromDays(1) ? options.MaxDelay * 2 : TimeSpan.FromDays(1);

    /// <summary>Above this many keys, forgotten ones are dropped. Every failure costs a password hash first, which bounds how fast keys can grow.</summary>
    private const int PruneAbove = 100_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    private sealed record Failures(int Count, DateTimeOffset Last);

    /// <summary>Zero when an attempt may go ahead; otherwise how long until it may.</summary>
    public TimeSpan WaitBefore(string key)
    {
        if (!_failures.TryGetValue(key, out var failures)) return TimeSpan.Zero;
        var wait = failures.Last + Delay(failures.Count) - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>Counts a wrong password; returns how long the next attempt must wait.</summary>
    public TimeSpan Failed(string key)
    {
        var now = clock.GetUtcNow();
        var failures = _failures.AddOrUpdate(key,
            _ => new Failures(1, now),
            (_, before) => new Failures(now - before.Last > _forgetAfter ? 1 : before.Count + 1, now));
        if (_failures.Count > PruneAbove) Prune(now);
        return Delay(failures.Count);
    }

    /// <summary>The right password clears the key's failures.</summary>
    public void Succeeded(string key) => _failures.TryRemove(key, out _);

    private TimeSpan Delay(int failures)
    {
        if (failures < options.FreeFailures) return TimeSpan.Zero;
        var seconds = options.FirstDelay.TotalSeconds * Math.Pow(2, Math.Min(failures - options.FreeFailures, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, options.MaxDelay.TotalSeconds));
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            if (now - failures.Last > _forgetAfter) _failures.TryRemove(key, out _);
        }
    }
}
