namespace CommentModeration.Web.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long a receiver has to answer one delivery.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>How long a failing delivery is retried before it is given up.</summary>
    public int RetryHours { get; set; } = 24;

    /// <summary>Finished deliveries (delivered or given up) older than this are deleted, with events left without any.</summary>
    public int KeepDays { get; set; } = 30;
}
