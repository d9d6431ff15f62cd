namespace CommentModeration.Web.Webhooks;

/// <summary>Webhooks' services (the kernel writes the outbox; this delivers it), called from the host's table of contents.</summary>
public static class WebhooksSetup
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<Data.Comments.IEventLinks, WebhookLinks>();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookAdministration>();
        // Redirects are not followed: a receiver that moved is a failed delivery the admin sees, not a signed body sent on elsewhere.
        // The client's own request logs are left out: every attempt is in the delivery log, and failures are logged by the dispatcher.
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .RemoveAllLoggers();
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
