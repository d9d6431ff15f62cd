using System.Buffers;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommentModeration.Web.Webhooks;

/// <summary>
/// Delivers the outbox in the background: turns each new event into a delivery for every active
/// endpoint that receives its type, then sends the due deliveries, signed, each in a short claim
/// (a lease) so that of several servers one sends it, outside any transaction, so no post or
/// decision waits for a receiver. A 2xx answer delivers it; anything else is retried after 30 s,
/// 1 min, 2 min, … (at most an hour apart) until <see cref="WebhookOptions.RetryHours"/> have
/// passed, then given up. Woken by <see cref="WebhookSignal"/> after a commit here; otherwise it
/// sleeps until the next retry is due, looking at least every minute for work from elsewhere.
/// </summary>
public sealed class WebhookDispatcher(
    IDbContextFactory<AppDbContext> dbFactory,
    SqlStatements sql,
    WebhookSignal signal,
    WebhookAdministration administration,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);

    private const int Batch = 50;
    private const int SendersAtOnce = 8;
    private static readonly TimeSpan IdleLook = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);

    private WebhookOptions Options => options.Value;
    private TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(1, Options.TimeoutSeconds));

    // Held beyond the timeout, so a slow answer is recorded before another server may take the delivery again.
    private TimeSpan Lease => Timeout + TimeSpan.FromMinutes(1);

    /// <summary>How long after its <paramref name="attempts"/>th failed attempt a delivery is tried again.</summary>
    public static TimeSpan RetryAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << Math.Clamp(attempts - 1, 0, 20)));

    /// <summary>A delivery of an event to an endpoint, due now.</summary>
    internal static WebhookDelivery NewDelivery(long eventId, long endpointId, DateTimeOffset now) => new()
    {
        EventId = eventId,
        EndpointId = endpointId,
        Status = WebhookDeliveryStatus.Pending,
        CreatedAt = now,
        RetryingSince = now,
        NextAttemptAt = now,
    };

    /// <summary>
    /// A delivery's body: the event's id, type and time around its data, as the receiver gets it and the signature covers it.
    /// </summary>
    public static byte[] BodyOf(long eventId, string type, DateTimeOffset occurredAt, string payloadJson)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("id", eventId);
            json.WriteString("type", type);
            json.WriteString("occurredAt", occurredAt.ToUniversalTime());
            json.WritePropertyName("data");
            json.WriteRawValue(payloadJson);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextPurge = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = IdleLook;
            try
            {
                await FanOutAsync(stoppingToken);
                await SendDueAsync(stoppingToken);
                if (clock.GetUtcNow() >= nextPurge)
                {
                    await PurgeAsync(stoppingToken);
                    nextPurge = clock.GetUtcNow() + PurgeEvery;
                }
                wait = await UntilNextDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Webhook deliveries stopped short; trying again in {Wait}.", wait);
            }
            try
            {
                await signal.WaitAsync(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>New events become deliveries, one per endpoint that receives them; the events are claimed, so each fans out once.</summary>
    private async Task FanOutAsync(CancellationToken ct)
    {
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.BeginWriteAsync(ct);
            var ids = await sql.ClaimOutboxEventsAsync(db, Batch, ct);
            if (ids.Count == 0) return;
            var events = await db.OutboxEvents.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.Type }).ToListAsync(ct);
            var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.Active).Select(e => new { e.Id, e.Events }).ToListAsync(ct);
            var now = clock.GetUtcNow();
            foreach (var e in events)
            {
                foreach (var endpoint in endpoints.Where(p => WebhookEvents.Parse(p.Events).Contains(e.Type)))
                {
                    db.WebhookDeliveries.Add(NewDelivery(e.Id, endpoint.Id, now));
                }
            }
            await db.SaveChangesAsync(ct);
            await db.OutboxEvents.Where(e => ids.Contains(e.Id)).ExecuteUpdateAsync(s => s.SetProperty(e => e.FannedOutAt, now), ct);
            await transaction.CommitAsync(ct);
            if (ids.Count < Batch) return;
        }
    }

    private sealed record Attempt(long DeliveryId, int Attempts, DateTimeOffset RetryingSince, long EventId, string Type, DateTimeOffset OccurredAt,
        string PayloadJson, WebhookEndpoint Endpoint);

    private sealed record Answer(int? Status, string? Excerpt, string? Error)
    {
        public bool Delivered => Error is null;
    }

    private async Task SendDueAsync(CancellationToken ct)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            List<long> leased;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await using (var transaction = await db.BeginWriteAsync(ct))
            {
                leased = await sql.LeaseDueDeliveriesAsync(db, now.UtcTicks, (now + Lease).UtcTicks, Batch, ct);
                await transaction.CommitAsync(ct);
            }
            if (leased.Count == 0) return;

            List<Attempt> attempts;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                attempts = await db.WebhookDeliveries.AsNoTracking().Where(d => leased.Contains(d.Id))
                    .Select(d => new Attempt(d.Id, d.Attempts, d.RetryingSince, d.EventId, d.Event!.Type, d.Event.OccurredAt, d.Event.PayloadJson, d.Endpoint!))
                    .ToListAsync(ct);
            }
            await Parallel.ForEachAsync(attempts, new ParallelOptions { MaxDegreeOfParallelism = SendersAtOnce, CancellationToken = ct },
                async (attempt, token) => await RecordAsync(attempt, await SendAsync(attempt, token), token));
        }
    }

    private async Task<Answer> SendAsync(Attempt attempt, CancellationToken ct)
    {
        string secret;
        try
        {
            secret = administration.SecretOf(attempt.Endpoint);
        }
        catch (CryptographicException)
        {
            return new Answer(null, null, "The endpoint's secret cannot be read (the site's data-protection keys were replaced): delete the endpoint and add it again.");
        }

        var body = BodyOf(attempt.EventId, attempt.Type, attempt.OccurredAt, attempt.PayloadJson);
        using var request = new HttpRequestMessage(HttpMethod.Post, attempt.Endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd("CommentModeration-Webhooks/1");
        request.Headers.Add("X-CommentModeration-Event", attempt.Type);
        request.Headers.Add("X-CommentModeration-Event-Id", attempt.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-CommentModeration-Delivery", attempt.DeliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Of(secret, clock.GetUtcNow().ToUnixTimeSeconds(), body));

        // Real time, not the site's clock: it bounds a wait on the network.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var excerpt = await ExcerptAsync(response, timeout.Token);
            var status = (int)response.StatusCode;
            return new Answer(status, excerpt, response.IsSuccessStatusCode ? null : $"The receiver answered {status} {response.ReasonPhrase}.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Answer(null, null, $"No answer within {Timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException e)
        {
            return new Answer(null, null, Bounded("The receiver could not be reached: " + e.Message, WebhookDelivery.MaxErrorLength));
        }
    }

    /// <summary>The start of the answer's body, read no further than the excerpt needs.</summary>
    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var buffer = new byte[WebhookDelivery.MaxExcerptLength * 4];
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
        return Bounded(Encoding.UTF8.GetString(buffer, 0, read), WebhookDelivery.MaxExcerptLength);
    }

    private static string Bounded(string text, int length) => text.Length <= length ? text : text[..length];

    private async Task RecordAsync(Attempt attempt, Answer answer, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var attempts = attempt.Attempts + 1;
        var retryAt = now + RetryAfter(attempts);
        var givenUp = !answer.Delivered && retryAt > attempt.RetryingSince + TimeSpan.FromHours(Options.RetryHours);
        var status = answer.Delivered ? WebhookDeliveryStatus.Succeeded : givenUp ? WebhookDeliveryStatus.GivenUp : WebhookDeliveryStatus.Failed;
        DateTimeOffset? next = status == WebhookDeliveryStatus.Failed ? retryAt : null;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        await db.WebhookDeliveries.Where(d => d.Id == attempt.DeliveryId).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(d => d.Status, status)
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.LastAttemptAt, now)
                .SetProperty(d => d.LastResponseStatus, answer.Status)
                .SetProperty(d => d.LastResponseExcerpt, answer.Excerpt)
                .SetProperty(d => d.LastError, answer.Error)
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.LeasedUntil, (DateTimeOffset?)null);
            if (answer.Delivered) s.SetProperty(d => d.DeliveredAt, now);
        }, ct);
        await transaction.CommitAsync(ct);

        if (givenUp) logger.LogWarning("Webhook delivery {Delivery} of event {Event} to {Url} given up after {Attempts} attempts: {Error}", attempt.DeliveryId, attempt.EventId, attempt.Endpoint.Url, attempts, answer.Error);
        else if (!answer.Delivered) logger.LogInformation("Webhook delivery {Delivery} to {Url} failed ({Error}); next attempt at {Next:u}.", attempt.DeliveryId, attempt.Endpoint.Url, answer.Error, next);
    }

    /// <summary>How long until a delivery of an active endpoint falls due or its lease runs out (at most <see cref="IdleLook"/>).</summary>
    private async Task<TimeSpan> UntilNextDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var waiting = db.WebhookDeliveries.Where(d => (d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Failed) && d.Endpoint!.Active);
        var now = clock.GetUtcNow();
        var due = await waiting.Where(d => d.LeasedUntil == null || d.LeasedUntil <= now).OrderBy(d => d.NextAttemptAt).Select(d => d.NextAttemptAt).FirstOrDefaultAsync(ct);
        var leaseEnd = await waiting.Where(d => d.LeasedUntil > now).OrderBy(d => d.LeasedUntil).Select(d => d.LeasedUntil).FirstOrDefaultAsync(ct);
        var next = new[] { due, leaseEnd }.Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(now + IdleLook).Min();
        var wait = next - clock.GetUtcNow();
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > IdleLook ? IdleLook : wait;
    }

    /// <summary>Deletes finished deliveries older than <see cref="WebhookOptions.KeepDays"/>, and the events left without any.</summary>
    private async Task PurgeAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow() - TimeSpan.FromDays(Math.Max(1, Options.KeepDays));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        await db.WebhookDeliveries.Where(d => (d.Status == WebhookDeliveryStatus.Succeeded && d.DeliveredAt < before)
            || (d.Status == WebhookDeliveryStatus.GivenUp && d.LastAttemptAt < before)).ExecuteDeleteAsync(ct);
        await db.OutboxEvents.Where(e => e.FannedOutAt < before && !db.WebhookDeliveries.Any(d => d.EventId == e.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
