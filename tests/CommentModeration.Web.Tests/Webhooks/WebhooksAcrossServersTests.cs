using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Webhooks;

/// <summary>Two servers of one site on one PostgreSQL database, both dispatching the one outbox.</summary>
public sealed class WebhooksAcrossServersTests(TwoServers servers) : IClassFixture<TwoServers>
{
    private const int PerServer = 8;

    [Fact]
    public async Task Events_committed_on_both_servers_are_each_delivered_exactly_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.NewUrl("two-servers");
        var endpoint = await servers.First.AddEndpointAsync(url, WebhookEvents.CommentPosted, WebhookEvents.CommentHeld);
        var article = await servers.First.AddArticleAsync(ReaderArrange.UniqueSlug("two-servers-hooked"));

        // Both servers post at once, so both dispatchers are awake and reach for the same events and deliveries.
        await Task.WhenAll(servers.Both.SelectMany((server, s) => Enumerable.Range(0, PerServer)
            .Select(i => Task.Run(() => server.PostAsync(article, $"Word {i} through server {s}.", name: $"Reader {s}-{i}")))));

        int events;
        await using (var db = servers.First.CreateDbContext())
        {
            events = await db.OutboxEvents.CountAsync(e => e.PayloadJson.Contains($"\"articleId\":{article.Id},"));
        }
        // Each post is posted and held.
        Assert.Equal(2 * 2 * PerServer, events);
        var deliveries = await servers.First.WaitForDeliveriesAsync(endpoint.Id, d => d.Count == events && d.All(x => x.Status == WebhookDeliveryStatus.Succeeded));
        Assert.All(deliveries, d => Assert.Equal(1, d.Attempts));
        var received = receiver.ReceivedAt(url);
        Assert.Equal(events, received.Count);
        Assert.Equal(events, received.Select(r => r.EventId).Distinct().Count());
        Assert.All(received, r => Assert.True(r.IsSignedWith(WebhookArrange.Secret)));
    }

    [Fact]
    public async Task A_claim_skips_the_events_and_deliveries_another_server_holds_instead_of_waiting_for_them()
    {
        var now = servers.First.Clock.GetUtcNow();
        // Far in the past, so these are the first due rows whatever other tests left.
        var past = now.AddYears(-1);
        long[] events, deliveries;
        await using (var db = servers.First.CreateDbContext())
        {
            // Receives nothing that is posted: its deliveries are made here.
            var endpoint = new WebhookEndpoint { Url = "https://cms.example.org/claims", Events = "", ProtectedSecret = "-", CreatedAt = now };
            var outbox = Enumerable.Range(0, 2).Select(i => new OutboxEvent { Type = "comment.posted", OccurredAt = now }).ToList();
            db.AddRange([endpoint, .. outbox]);
            await db.SaveChangesAsync();
            var rows = outbox.Select((e, i) => new WebhookDelivery
            {
                EventId = e.Id, EndpointId = endpoint.Id, CreatedAt = past, RetryingSince = past, NextAttemptAt = past.AddSeconds(i),
            }).ToList();
            db.AddRange(rows);
            await db.SaveChangesAsync();
            events = outbox.Select(e => e.Id).ToArray();
            deliveries = rows.Select(d => d.Id).ToArray();
        }

        // The first server holds its claims in an open transaction ...
        await using var first = servers.First.CreateDbContext();
        await using var held = await first.BeginWriteAsync();
        var sql = servers.First.Services.GetRequiredService<SqlStatements>();
        var firstEvents = await sql.ClaimOutboxEventsAsync(first, 1);
        var firstDeliveries = await sql.LeaseDueDeliveriesAsync(first, now.UtcTicks, now.AddMinutes(1).UtcTicks, 1);

        // ... and the second server's claims, made meanwhile, go past them at once instead of waiting.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var second = servers.Second.CreateDbContext();
        await using (var transaction = await second.BeginWriteAsync(patience.Token))
        {
            var otherSql = servers.Second.Services.GetRequiredService<SqlStatements>();
            var secondEvents = await otherSql.ClaimOutboxEventsAsync(second, 1, patience.Token);
            var secondDeliveries = await otherSql.LeaseDueDeliveriesAsync(second, now.UtcTicks, now.AddMinutes(1).UtcTicks, 1, patience.Token);
            await transaction.CommitAsync(CancellationToken.None);

            Assert.Equal([deliveries[0]], firstDeliveries);
            Assert.Equal([deliveries[1]], secondDeliveries);
            Assert.DoesNotContain(Assert.Single(firstEvents), secondEvents);
        }
        await held.RollbackAsync();

        // Nobody is to send these.
        await using var cleanup = servers.First.CreateDbContext();
        await cleanup.WebhookDeliveries.Where(d => deliveries.Contains(d.Id)).ExecuteDeleteAsync();
        await cleanup.OutboxEvents.Where(e => events.Contains(e.Id)).ExecuteDeleteAsync();
        await cleanup.WebhookEndpoints.Where(e => e.Url == "https://cms.example.org/claims").ExecuteDeleteAsync();
    }

    [Fact]
    public async Task An_endpoint_added_on_one_server_receives_events_from_the_other_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.NewUrl("told-across");
        var secondStore = servers.Second.Services.GetRequiredService<RuleSetStore>();
        var secondSubscriptions = servers.Second.Services.GetRequiredService<WebhookSubscriptions>();
        // The second server has read which events are received, and keeps that (its clock stands still in tests).
        await secondStore.SaveAsync(await secondStore.LoadAsync(), "", "Second Admin", "before the endpoint");
        await using (var db = servers.Second.CreateDbContext())
        {
            Assert.DoesNotContain(WebhookEvents.RulesSaved, (IReadOnlySet<string>)await secondSubscriptions.TypesAsync(db));
        }

        await servers.First.AddEndpointAsync(url, WebhookEvents.RulesSaved);

        // The first server tells the second, which reads them again.
        await Eventually.UntilAsync(async () =>
        {
            await using var db = servers.Second.CreateDbContext();
            return (await secondSubscriptions.TypesAsync(db)).Contains(WebhookEvents.RulesSaved);
        }, TimeSpan.FromSeconds(30), "the second server was not told of the new endpoint.");
        var saved = await secondStore.SaveAsync(await secondStore.LoadAsync(), "", "Second Admin", "after the endpoint");
        var hook = Assert.Single(await receiver.WaitForAsync(url, 1));
        Assert.Equal(saved.Id, hook.Json.GetProperty("data").GetProperty("ruleSet").GetProperty("revision").GetInt32());
    }
}
