namespace CommentModeration.Data.Entities;

/// <summary>An address of another system (the newsroom's CMS, a chat room) that receives signed events.</summary>
public sealed class WebhookEndpoint
{
    public const int MaxUrlLength = 2000;
    public const int MaxEventsLength = 300;

    public long Id { get; set; }

    /// <summary>An absolute http or https address.</summary>
    public string Url { get; set; } = "";

    /// <summary>The event types it receives, comma-separated (<see cref="Comments.WebhookEvents"/>).</summary>
    public string Events { get; set; } = "";

    /// <summary>
    /// The signing secret, protected with the site's data-protection keys (the ones its cookies use):
    /// the site must read it back to sign, so it cannot be hashed, and a copy of the database alone does not give it away.
    /// </summary>
    public string ProtectedSecret { get; set; } = "";

    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}

/// <summary>
/// An event in the outbox: written in the same transaction as the change it describes (so a change
/// rolled back leaves none), then turned into a delivery for each endpoint that receives its type.
/// </summary>
public sealed class OutboxEvent
{
    public long Id { get; set; }

    /// <summary>e.g. comment.posted (<see cref="Comments.WebhookEvents"/>).</summary>
    public string Type { get; set; } = "";

    /// <summary>The event's data as JSON: what the "data" member of a delivery's body holds.</summary>
    public string PayloadJson { get; set; } = "{}";

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>When its deliveries were made; null while the dispatcher has not reached it.</summary>
    public DateTimeOffset? FannedOutAt { get; set; }
}

public enum WebhookDeliveryStatus
{
    /// <summary>Not tried yet (or sent again by hand).</summary>
    Pending = 0,

    /// <summary>The endpoint answered 2xx.</summary>
    Succeeded = 1,

    /// <summary>The last attempt failed; another is due at <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    Failed = 2,

    /// <summary>Failed for as long as deliveries are retried; only a redelivery by hand sends it again.</summary>
    GivenUp = 3,
}

/// <summary>One event for one endpoint: its attempts so far and how the last one went.</summary>
public sealed class WebhookDelivery
{
    public const int MaxExcerptLength = 500;
    public const int MaxErrorLength = 500;

    public long Id { get; set; }
    public long EventId { get; set; }
    public OutboxEvent? Event { get; set; }
    public long EndpointId { get; set; }
    public WebhookEndpoint? Endpoint { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Since when it is being tried: its creation, or the last redelivery by hand. Retries stop a day (configurable) after it.</summary>
    public DateTimeOffset RetryingSince { get; set; }

    /// <summary>When it is due; null once it succeeded or was given up.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>The HTTP status of the last answer; null when there was none (refused, timed out).</summary>
    public int? LastResponseStatus { get; set; }

    /// <summary>The start of the last answer's body, at most <see cref="MaxExcerptLength"/> characters.</summary>
    public string? LastResponseExcerpt { get; set; }

    /// <summary>Why the last attempt failed, in words.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>A server sending it holds it until then, so that no other server sends it at the same time (PostgreSQL, several servers).</summary>
    public DateTimeOffset? LeasedUntil { get; set; }
}
