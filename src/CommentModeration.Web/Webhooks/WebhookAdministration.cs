using System.Security.Cryptography;
using System.Text.Json;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Servers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Webhooks;

/// <summary>What an admin types to add an endpoint; a null or empty secret has one generated.</summary>
public sealed record WebhookEndpointInput(string? Url, IReadOnlyCollection<string>? Events, string? Secret = null);

public sealed record WebhookEndpointRow(long Id, string Url, IReadOnlyList<string> Events, bool Active, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>An endpoint added, with its secret (shown this once), or the reasons it was not.</summary>
public sealed record WebhookCreated(WebhookEndpointRow? Endpoint, string? Secret, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>One line of an endpoint's delivery log.</summary>
public sealed record WebhookDeliveryRow(long Id, long EventId, string EventType, DateTimeOffset OccurredAt, WebhookDeliveryStatus Status, int Attempts,
    DateTimeOffset? LastAttemptAt, int? ResponseStatus, string? ResponseExcerpt, string? Error, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt);

/// <summary>
/// Webhook endpoints and their deliveries, for whoever an admin uses: the admin page, the command
/// line, the API. Callers check that the actor is an admin (the page asks <c>CurrentRoles</c>; the
/// command line is the server's own shell); this checks every input, and refuses with a message,
/// writing nothing, what is not right. Adding, pausing, resuming and deleting an endpoint each write
/// an audit row naming the actor, in the change's own transaction.
/// </summary>
public sealed class WebhookAdministration(
    IDbContextFactory<AppDbContext> dbFactory,
    IDataProtectionProvider dataProtection,
    WebhookSubscriptions subscriptions,
    WebhookSignal signal,
    IOtherServers otherServers,
    TimeProvider clock)
{
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 200;
    public const int LogSize = 50;
    public const string NoSuchDelivery = "This delivery no longer exists.";

    private IDataProtector Secrets => dataProtection.CreateProtector("CommentModeration.Webhooks.Secret");

    /// <summary>A new random secret: 32 bytes, hex.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public async Task<IReadOnlyList<WebhookEndpointRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoints = await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct);
        return endpoints.ConvertAll(RowOf);
    }

    public async Task<WebhookCreated> CreateAsync(WebhookEndpointInput input, AuditActor by, CancellationToken ct = default)
    {
        var errors = new List<string>();
        var url = CheckUrl(input.Url, errors);
        var events = CheckEvents(input.Events, errors);
        var secret = string.IsNullOrEmpty(input.Secret) ? NewSecret() : input.Secret;
        if (secret.Length is < MinSecretLength or > MaxSecretLength || secret.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add($"The secret must be {MinSecretLength} to {MaxSecretLength} characters without spaces (leave it empty to have one made).");
        }
        if (errors.Count > 0) return new WebhookCreated(null, null, errors);

        var now = clock.GetUtcNow();
        var endpoint = new WebhookEndpoint
        {
            Url = url!,
            Events = string.Join(',', events),
            ProtectedSecret = Secrets.Protect(secret),
            Active = true,
            CreatedAt = now,
            CreatedBy = by.Name.Length > 256 ? by.Name[..256] : by.Name,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.WebhookEndpoints.Add(endpoint);
            db.ModerationEvents.Add(AuditTrail.OfSite(AuditActions.WebhookCreate, to: null, $"{endpoint.Url} ({string.Join(", ", events)})", by, now));
            await db.SaveChangesAsync(ct);
        }
        EndpointsChanged();
        return new WebhookCreated(RowOf(endpoint), secret, []);
    }

    /// <summary>Turns an endpoint on or off; off, it receives nothing new and its pending deliveries wait. False when it does not exist.</summary>
    /// <remarks>Setting what it already is changes nothing and writes no audit row.</remarks>
    public async Task<bool> SetActiveAsync(long endpointId, bool active, AuditActor by, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == endpointId, ct);
        if (endpoint is null) return false;
        if (endpoint.Active == active) return true;
        endpoint.Active = active;
        db.ModerationEvents.Add(AuditTrail.OfSite(active ? AuditActions.WebhookResume : AuditActions.WebhookPause, to: null, endpoint.Url, by, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        EndpointsChanged();
        // Its deliveries waited while it was off: they go now, not at the dispatcher's next round.
        if (active) signal.Wake();
        return true;
    }

    /// <summary>Deletes an endpoint with its delivery log. False when it does not exist.</summary>
    public async Task<bool> DeleteAsync(long endpointId, AuditActor by, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        var url = await db.WebhookEndpoints.Where(e => e.Id == endpointId).Select(e => e.Url).FirstOrDefaultAsync(ct);
        if (url is null) return false;
        await db.WebhookDeliveries.Where(d => d.EndpointId == endpointId).ExecuteDeleteAsync(ct);
        if (await db.WebhookEndpoints.Where(e => e.Id == endpointId).ExecuteDeleteAsync(ct) == 0) return false;
        db.ModerationEvents.Add(AuditTrail.OfSite(AuditActions.WebhookDelete, to: null, url, by, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        EndpointsChanged();
        return true;
    }

    /// <summary>Sends a <c>webhook.test</c> event to this endpoint alone (it waits while the endpoint is off), with an audit row. False when it does not exist.</summary>
    public async Task<bool> SendTestAsync(long endpointId, AuditActor by, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        var url = await db.WebhookEndpoints.Where(e => e.Id == endpointId).Select(e => e.Url).FirstOrDefaultAsync(ct);
        if (url is null) return false;
        var test = new OutboxEvent
        {
            Type = WebhookEvents.Test,
            PayloadJson = JsonSerializer.Serialize(new { endpointId, sentBy = by.Name, message = "A test event: this endpoint is set up to receive the site's webhooks." },
                new JsonSerializerOptions(JsonSerializerDefaults.Web)),
            OccurredAt = now,
            FannedOutAt = now,
        };
        db.OutboxEvents.Add(test);
        await db.SaveChangesAsync(ct);
        db.WebhookDeliveries.Add(WebhookDispatcher.NewDelivery(test.Id, endpointId, now));
        db.ModerationEvents.Add(AuditTrail.OfSite(AuditActions.WebhookTest, to: null, url, by, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        signal.Wake();
        return true;
    }

    /// <summary>The endpoint's newest deliveries, at most <paramref name="count"/>, newest first.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryRow>> DeliveriesAsync(long endpointId, int count = LogSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId).OrderByDescending(d => d.Id).Take(count)
            .Select(d => new WebhookDeliveryRow(d.Id, d.EventId, d.Event!.Type, d.Event.OccurredAt, d.Status, d.Attempts, d.LastAttemptAt,
                d.LastResponseStatus, d.LastResponseExcerpt, d.LastError, d.NextAttemptAt, d.DeliveredAt))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Sends a delivery again now, whatever became of it (delivered, given up, waiting for a retry), and
    /// retries it for another day if it fails. Null when it was done; otherwise why not.
    /// </summary>
    public async Task<string?> RedeliverAsync(long deliveryId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null) return NoSuchDelivery;
        if (delivery.LeasedUntil > now) return "This delivery is being sent right now; look again in a moment.";
        delivery.Status = WebhookDeliveryStatus.Pending;
        delivery.NextAttemptAt = now;
        delivery.RetryingSince = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        signal.Wake();
        return null;
    }

    /// <summary>The endpoint's secret, to sign with.</summary>
    internal string SecretOf(WebhookEndpoint endpoint) => Secrets.Unprotect(endpoint.ProtectedSecret);

    private void EndpointsChanged()
    {
        subscriptions.Invalidate();
        otherServers.Tell(ServerMessage.WebhooksChanged);
    }

    private static WebhookEndpointRow RowOf(WebhookEndpoint e) =>
        new(e.Id, e.Url, WebhookEvents.Parse(e.Events).ToList(), e.Active, e.CreatedAt, e.CreatedBy);

    private static string? CheckUrl(string? value, List<string> errors)
    {
        var url = (value ?? "").Trim();
        if (url.Length == 0)
        {
            errors.Add("Give the address the events are sent to.");
            return null;
        }
        if (url.Length > WebhookEndpoint.MaxUrlLength)
        {
            errors.Add($"The address is too long ({url.Length:N0} characters; at most {WebhookEndpoint.MaxUrlLength:N0}).");
            return null;
        }
        if (!Hosting.WebAddress.TryParse(url, out var uri))
        {
            errors.Add("The address must be a web address starting with http:// or https://.");
            return null;
        }
        if (uri.UserInfo.Length > 0)
        {
            errors.Add("Put no user name or password in the address: it would be shown on this page. Receivers check the signature instead.");
            return null;
        }
        if (uri.Fragment.Length > 0)
        {
            errors.Add("The address cannot have a #fragment: it is never sent.");
            return null;
        }
        return uri.AbsoluteUri;
    }

    private static List<string> CheckEvents(IReadOnlyCollection<string>? requested, List<string> errors)
    {
        var events = (requested ?? []).Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var unknown = events.Where(e => !WebhookEvents.All.Contains(e)).ToList();
        if (unknown.Count > 0)
        {
            var shown = unknown.Select(e => e.Length > 40 ? e[..40] + "…" : e).Take(3);
            errors.Add($"Unknown event{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", shown.Select(e => $"'{e}'"))}. The events are: {string.Join(", ", WebhookEvents.All)}.");
        }
        else if (events.Count == 0)
        {
            errors.Add($"Choose at least one event: {string.Join(", ", WebhookEvents.All)}.");
        }
        return WebhookEvents.All.Where(events.Contains).ToList();
    }
}
