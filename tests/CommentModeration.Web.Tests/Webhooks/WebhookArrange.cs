using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Webhooks;

/// <summary>The app for webhook tests: a receiver that never answers is given up on after 1 s, and posting is not rate-limited.</summary>
public class WebhookAppFactory : AppFactory
{
    public WebhookAppFactory()
    {
        Settings["Webhooks:TimeoutSeconds"] = "1";
        Settings["RateLimits:Comments:PermitLimit"] = "100000";
    }
}

public sealed class PostgresWebhookAppFactory : WebhookAppFactory
{
    public PostgresWebhookAppFactory() => UsePostgres();
}

/// <summary>Endpoints, posts and delivery rows, arranged and read as the app has them.</summary>
public static class WebhookArrange
{
    public const string Secret = "test-secret-0123456789abcdef";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static int _guests;

    /// <summary>Who the tests' webhook changes are done by.</summary>
    public static readonly Data.Comments.AuditActor TestAdmin = new(null, "test admin");

    /// <summary>The audit log's webhook rows about <paramref name="url"/>, oldest first, as (label, who, what) the log shows them.</summary>
    public static async Task<List<(string Label, string Actor, string? Reason)>> WebhookAuditAsync(this AppFactory factory, string url)
    {
        var log = factory.Services.GetRequiredService<AuditLog>();
        var rows = new List<AuditLogEntry>();
        foreach (var action in Data.Comments.AuditActions.All.Where(a => a.StartsWith("webhook-", StringComparison.Ordinal)))
        {
            var (entries, _) = await log.GetPageAsync(new AuditLogFilter { Action = action }, pageSize: 200);
            rows.AddRange(entries.Where(e => e.Reason?.Contains(url, StringComparison.Ordinal) == true));
        }
        return rows.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => (AuditWording.Label(e.Action), e.ActorName, e.Reason)).ToList();
    }

    public static WebhookAdministration Webhooks(this AppFactory factory) => factory.Services.GetRequiredService<WebhookAdministration>();

    /// <summary>An endpoint at <paramref name="url"/> receiving <paramref name="events"/> (all when none given), signed with <see cref="Secret"/>.</summary>
    public static async Task<WebhookEndpointRow> AddEndpointAsync(this AppFactory factory, string url, params string[] events)
    {
        _ = factory.Server;
        var created = await factory.Webhooks().CreateAsync(
            new WebhookEndpointInput(url, events.Length > 0 ? events : Data.Comments.WebhookEvents.All, Secret), TestAdmin);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        return created.Endpoint!;
    }

    /// <summary>A guest's post through the site's posting service (the rules in force decide it).</summary>
    public static async Task<CommentPostResult> PostAsync(this AppFactory factory, Article article, string body, string name = "Guest Reader", string? email = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CommentPosting>().PostAsync(new CommentSubmission
        {
            ArticleId = article.Id,
            Body = body,
            AuthorName = name,
            AuthorEmail = email ?? $"guest-{Guid.NewGuid():N}@example.org",
            // A guest of their own each time: flood control counts posts by address.
            Ip = $"2001:db8::{Interlocked.Increment(ref _guests):x}",
            UserAgent = "webhook test",
        });
        Assert.True(result.IsStored, result.Message);
        return result;
    }

    /// <summary>The endpoint's deliveries, oldest first.</summary>
    public static async Task<List<WebhookDelivery>> DeliveriesToAsync(this AppFactory factory, long endpointId)
    {
        await using var db = factory.CreateDbContext();
        return await db.WebhookDeliveries.AsNoTracking().Include(d => d.Event).Where(d => d.EndpointId == endpointId).OrderBy(d => d.Id).ToListAsync();
    }

    /// <summary>Waits until the endpoint's deliveries satisfy <paramref name="enough"/>, and returns them.</summary>
    public static Task<List<WebhookDelivery>> WaitForDeliveriesAsync(this AppFactory factory, long endpointId, Func<List<WebhookDelivery>, bool> enough) =>
        Eventually.ReadAsync(() => factory.DeliveriesToAsync(endpointId), enough, Patience,
            deliveries => $"deliveries to endpoint {endpointId}: " + string.Join("; ", deliveries.Select(d => $"{d.Event?.Type} {d.Status} x{d.Attempts} {d.LastError}")));
}
