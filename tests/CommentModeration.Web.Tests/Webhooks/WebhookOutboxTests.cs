using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Webhooks;

/// <summary>The outbox on a site of its own: rows only for what an active endpoint receives, and old deliveries purged.</summary>
public abstract class WebhookOutboxTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : WebhookAppFactory
{
    private async Task<List<string>> OutboxTypesAsync()
    {
        await using var db = factory.CreateDbContext();
        return await db.OutboxEvents.AsNoTracking().OrderBy(e => e.Id).Select(e => e.Type).ToListAsync();
    }

    [Fact]
    public async Task Changes_write_outbox_rows_only_for_events_an_active_endpoint_receives_and_old_deliveries_are_purged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        _ = factory.Server;
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("outbox"));

        await factory.PostAsync(article, "Nobody listens yet.");
        Assert.Empty(await OutboxTypesAsync());

        var endpoint = await factory.AddEndpointAsync(receiver.NewUrl("held-only"), WebhookEvents.CommentHeld);
        await factory.PostAsync(article, "Held, and somebody listens for that.");
        Assert.Equal([WebhookEvents.CommentHeld], await OutboxTypesAsync());
        var delivered = Assert.Single(await factory.WaitForDeliveriesAsync(endpoint.Id, d => d is [{ Status: WebhookDeliveryStatus.Succeeded }]));

        Assert.True(await factory.Webhooks().SetActiveAsync(endpoint.Id, false, WebhookArrange.TestAdmin));
        await factory.PostAsync(article, "Held while the endpoint is off.");
        Assert.Equal([WebhookEvents.CommentHeld], await OutboxTypesAsync());

        // A month on, the next event's pass deletes the delivered row and its event.
        factory.Clock.Advance(TimeSpan.FromDays(31));
        Assert.True(await factory.Webhooks().SetActiveAsync(endpoint.Id, true, WebhookArrange.TestAdmin));
        await factory.PostAsync(article, "Held a month later.");
        var left = await factory.WaitForDeliveriesAsync(endpoint.Id, d => d.All(x => x.Id != delivered.Id) && d is [{ Status: WebhookDeliveryStatus.Succeeded }]);
        Assert.Equal(WebhookEvents.CommentHeld, left[0].Event!.Type);
        Assert.Equal([WebhookEvents.CommentHeld], await OutboxTypesAsync());
    }
}

public sealed class WebhookOutboxTests(WebhookAppFactory factory) : WebhookOutboxTests<WebhookAppFactory>(factory);

public sealed class WebhookOutboxTestsOnPostgres(PostgresWebhookAppFactory factory) : WebhookOutboxTests<PostgresWebhookAppFactory>(factory);
