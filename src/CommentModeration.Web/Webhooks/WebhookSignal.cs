namespace CommentModeration.Web.Webhooks;

/// <summary>
/// Wakes the dispatcher when there is work (events committed here, a delivery sent again by hand),
/// so deliveries leave at once without polling; several wakes before it looks count as one.
/// </summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Woken already.
        }
    }

    /// <summary>Until woken, or <paramref name="longest"/> on <paramref name="clock"/> has passed.</summary>
    internal async Task WaitAsync(TimeSpan longest, TimeProvider clock, CancellationToken ct)
    {
        if (longest <= TimeSpan.Zero) return;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var woken = _wake.WaitAsync(stop.Token);
        var timeUp = Task.Delay(longest, clock, stop.Token);
        await Task.WhenAny(woken, timeUp);
        await stop.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}
