using System.Net;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Accounts;
using CommentModeration.Web.Api;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Webhooks;
using CommentModeration.Web.Webhooks;

namespace CommentModeration.Web.Tests.Api;

/// <summary>/api/v1/webhooks: endpoints added, tried, switched, logged and deleted with an admin key, delivering to a real receiver.</summary>
public abstract class WebhooksApiTests<TFactory>(TFactory host) : IClassFixture<TFactory>, IAsyncLifetime where TFactory : ApiHost
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private async Task<int> EndpointCountAsync()
    {
        await using var db = host.CreateDbContext();
        return await db.WebhookEndpoints.CountAsync();
    }

    [Fact]
    public async Task An_admin_key_adds_an_endpoint_whose_test_event_arrives_signed_with_the_secret_it_was_given_once_then_redelivers_and_deletes_it()
    {
        var client = host.ClientWith((await host.NewKeyAsync("admin", name: "Chat bridge")).Key);
        var url = _receiver.NewUrl("api");

        var created = await (await client.PostJsonAsync("/api/v1/webhooks", new { url, events = new[] { "comment.held", "rules.saved" } }))
            .ReadAsync<ApiWebhookCreated>(HttpStatusCode.Created);

        Assert.Equal((url, true), (created.Endpoint.Url, created.Endpoint.Active));
        Assert.Equal(["comment.held", "rules.saved"], created.Endpoint.Events);
        Assert.Equal($"{host.AdminActor.Name} via API key Chat bridge", created.Endpoint.CreatedBy);
        Assert.True(created.Secret.Length >= WebhookAdministration.MinSecretLength);
        var listed = await (await client.GetAsync("/api/v1/webhooks")).ReadAsync<List<WebhookEndpointRow>>();
        Assert.Contains(listed, e => e.Id == created.Endpoint.Id && e.Url == url);
        Assert.DoesNotContain(created.Secret, await (await client.GetAsync("/api/v1/webhooks")).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/webhooks/{created.Endpoint.Id}/test", null)).StatusCode);
        var test = Assert.Single(await _receiver.WaitForAsync(url, 1));
        Assert.Equal(WebhookEvents.Test, test.Type);
        Assert.True(test.IsSignedWith(created.Secret));

        var log = await WaitForLogAsync(client, created.Endpoint.Id, d => d is [{ Status: "succeeded" }]);
        Assert.Equal((WebhookEvents.Test, 1, 200), (log[0].EventType, log[0].Attempts, log[0].ResponseStatus));

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/webhooks/deliveries/{log[0].Id}/redeliver", null)).StatusCode);
        var both = await _receiver.WaitForAsync(url, 2);
        Assert.Equal(test.EventId, both[1].EventId);
        Assert.True(both[1].IsSignedWith(created.Secret));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/webhooks/{created.Endpoint.Id}")).StatusCode);
        Assert.DoesNotContain(await (await client.GetAsync("/api/v1/webhooks")).ReadAsync<List<WebhookEndpointRow>>(), e => e.Id == created.Endpoint.Id);
        await (await client.GetAsync($"/api/v1/webhooks/{created.Endpoint.Id}/deliveries")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/api/v1/webhooks/{created.Endpoint.Id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"/api/v1/webhooks/deliveries/{log[0].Id}/redeliver", null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Adding_testing_pausing_resuming_and_deleting_an_endpoint_are_audit_rows_naming_the_admin_and_the_key()
    {
        var client = host.ClientWith((await host.NewKeyAsync("admin", name: "Newsroom bot")).Key);
        var url = _receiver.NewUrl("audited");
        var created = await (await client.PostJsonAsync("/api/v1/webhooks", new { url, events = new[] { "comment.held" } })).ReadAsync<ApiWebhookCreated>(HttpStatusCode.Created);
        var id = created.Endpoint.Id;

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/webhooks/{id}/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutJsonAsync($"/api/v1/webhooks/{id}/active", new { active = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutJsonAsync($"/api/v1/webhooks/{id}/active", new { active = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutJsonAsync($"/api/v1/webhooks/{id}/active", new { active = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        await (await client.DeleteAsync($"/api/v1/webhooks/{id}")).ProblemAsync(HttpStatusCode.NotFound);

        var actor = $"{ReaderNames.Shown(host.Admin.DisplayName, host.Admin.Id)} via API key Newsroom bot";
        Assert.Equal(
        [
            ("Add webhook", actor, $"{url} (comment.held)"),
            ("Test webhook", actor, url),
            ("Pause webhook", actor, url),
            ("Resume webhook", actor, url),
            ("Delete webhook", actor, url),
        ], await host.WebhookAuditAsync(url));
    }

    [Fact]
    public async Task An_endpoint_switched_off_is_shown_off_and_its_test_event_waits_until_it_is_on_again()
    {
        var client = await host.ClientAsync("admin");
        var url = _receiver.NewUrl("switched");
        var created = await (await client.PostJsonAsync("/api/v1/webhooks", new { url, events = new[] { "comment.posted" }, secret = WebhookArrange.Secret }))
            .ReadAsync<ApiWebhookCreated>(HttpStatusCode.Created);
        Assert.Equal(WebhookArrange.Secret, created.Secret);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutJsonAsync($"/api/v1/webhooks/{created.Endpoint.Id}/active", new { active = false })).StatusCode);
        Assert.False((await (await client.GetAsync("/api/v1/webhooks")).ReadAsync<List<WebhookEndpointRow>>()).Single(e => e.Id == created.Endpoint.Id).Active);
        await client.PostAsync($"/api/v1/webhooks/{created.Endpoint.Id}/test", null);
        var waiting = await WaitForLogAsync(client, created.Endpoint.Id, d => d.Count == 1);
        Assert.Equal(("pending", 0), (waiting[0].Status, waiting[0].Attempts));
        Assert.Empty(_receiver.ReceivedAt(url));

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutJsonAsync($"/api/v1/webhooks/{created.Endpoint.Id}/active", new { active = true })).StatusCode);
        Assert.True((await _receiver.WaitForAsync(url, 1)).Single().IsSignedWith(WebhookArrange.Secret));
        await (await client.PutJsonAsync("/api/v1/webhooks/999999999/active", new { active = true })).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.org/hook","events":["comment.held"]}""", "endpoint", "http://")]
    [InlineData("""{"url":"https://example.org/hook","events":["comment.exploded"]}""", "endpoint", "Unknown event")]
    [InlineData("""{"url":"https://example.org/hook","events":[]}""", "endpoint", "at least one event")]
    [InlineData("""{"url":"https://example.org/hook","events":["comment.held"],"secret":"short"}""", "endpoint", "secret")]
    [InlineData("""{"url":"https://user:pw@example.org/hook","events":["comment.held"]}""", "endpoint", "user name")]
    [InlineData("""{"url":"https://example.org/hook","events":"comment.held"}""", "events", "Not valid JSON")]
    [InlineData("""{"url":"https://example.org/hook","events":["comment.held"],"active":false}""", "active", "not a field")]
    [InlineData("""{"url":""", "url", "Not valid JSON")]
    public async Task A_hostile_endpoint_is_a_400_naming_what_is_wrong_and_adds_nothing(string body, string field, string message)
    {
        var client = await host.ClientAsync("admin");
        var before = await EndpointCountAsync();

        var problem = await (await client.SendRawAsync(HttpMethod.Post, "/api/v1/webhooks", body)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(problem.ErrorsOf(field), e => e.Contains(message, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(before, await EndpointCountAsync());
    }

    [Fact]
    public async Task An_over_long_address_is_refused_with_its_length_and_adds_nothing()
    {
        var client = await host.ClientAsync("admin");
        var before = await EndpointCountAsync();

        var problem = await (await client.PostJsonAsync("/api/v1/webhooks", new { url = "https://example.org/" + new string('a', 5000), events = new[] { "comment.held" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(problem.ErrorsOf("endpoint"), e => e.Contains("too long"));
        Assert.Equal(before, await EndpointCountAsync());
    }

    private static Task<List<ApiWebhookDelivery>> WaitForLogAsync(HttpClient client, long endpointId, Func<List<ApiWebhookDelivery>, bool> enough) =>
        Eventually.ReadAsync(async () => await (await client.GetAsync($"/api/v1/webhooks/{endpointId}/deliveries")).ReadAsync<List<ApiWebhookDelivery>>(),
            enough, TimeSpan.FromSeconds(30), log => "delivery log: " + string.Join("; ", log.Select(d => $"{d.EventType} {d.Status} x{d.Attempts}")));
}

public sealed class WebhooksApiTests(ApiHost host) : WebhooksApiTests<ApiHost>(host);

public sealed class WebhooksApiTestsOnPostgres(PostgresApiHost host) : WebhooksApiTests<PostgresApiHost>(host);
