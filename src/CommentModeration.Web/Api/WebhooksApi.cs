using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommentModeration.Web.Api;

/// <summary>An endpoint to add: where events go, which events, and its secret (one is made when none is given).</summary>
public sealed record WebhookRegistration(string? Url, IReadOnlyList<string>? Events, string? Secret = null);

/// <summary>An endpoint added, with its secret: shown this once, as on the admin page.</summary>
public sealed record ApiWebhookCreated(WebhookEndpointRow Endpoint, string Secret);

public sealed record WebhookSwitch(bool Active);

/// <param name="Status">pending, succeeded, failed (another attempt is due at nextAttemptAt) or gaveUp.</param>
public sealed record ApiWebhookDelivery(long Id, long EventId, string EventType, DateTimeOffset OccurredAt, string Status, int Attempts,
    DateTimeOffset? LastAttemptAt, int? ResponseStatus, string? ResponseExcerpt, string? Error, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt)
{
    public static ApiWebhookDelivery Of(WebhookDeliveryRow d) => new(d.Id, d.EventId, d.EventType, d.OccurredAt, StatusName(d.Status), d.Attempts,
        d.LastAttemptAt, d.ResponseStatus, d.ResponseExcerpt, d.Error, d.NextAttemptAt, d.DeliveredAt);

    private static string StatusName(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Pending => "pending",
        WebhookDeliveryStatus.Succeeded => "succeeded",
        WebhookDeliveryStatus.Failed => "failed",
        _ => "gaveUp",
    };
}

/// <summary>
/// /api/v1/webhooks: the endpoints events are sent to and their delivery logs, as the admin page
/// has them (<see cref="WebhookAdministration"/> checks the input); admin scope, so the key's owner
/// must still be an admin.
/// </summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks");
        webhooks.MapGet("/", async (WebhookAdministration admin, CancellationToken ct) => TypedResults.Ok(await admin.ListAsync(ct)))
            .RequireScope(ApiScopes.Admin).WithSummary("List the webhook endpoints");
        webhooks.MapPost("/", CreateAsync).RequireScope(ApiScopes.Admin).Accepts<WebhookRegistration>("application/json")
            .WithSummary("Add an endpoint: its secret is in the answer, this once")
            .WithDescription($"Events: {string.Join(", ", WebhookEvents.All)}. Deliveries are signed with the secret (docs/webhooks.md).")
            .ProducesValidationProblem();
        webhooks.MapPut("/{id:long}/active", SetActiveAsync).RequireScope(ApiScopes.Admin).Accepts<WebhookSwitch>("application/json")
            .WithSummary("Turn an endpoint on or off (off, its deliveries wait)").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapDelete("/{id:long}", DeleteAsync).RequireScope(ApiScopes.Admin)
            .WithSummary("Delete an endpoint with its delivery log").ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{id:long}/test", SendTestAsync).RequireScope(ApiScopes.Admin)
            .WithSummary("Send a webhook.test event to this endpoint alone").ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapGet("/{id:long}/deliveries", DeliveriesAsync).RequireScope(ApiScopes.Admin)
            .WithSummary($"The endpoint's newest deliveries (at most {WebhookAdministration.LogSize}), newest first").ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/deliveries/{deliveryId:long}/redeliver", RedeliverAsync).RequireScope(ApiScopes.Admin)
            .WithSummary("Send a delivery again now, whatever became of it").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Created<ApiWebhookCreated>, ProblemHttpResult>> CreateAsync(HttpRequest request, ApiCaller caller,
        WebhookAdministration admin, CancellationToken ct)
    {
        var read = await ApiJson.ReadAsync<WebhookRegistration>(request);
        if (read.Problem is not null) return read.Problem;
        var input = read.Value!;
        var created = await admin.CreateAsync(new WebhookEndpointInput(input.Url, input.Events, input.Secret), caller.Actor.Actor, ct);
        if (!created.Succeeded)
        {
            var errors = new ApiText.Errors();
            foreach (var error in created.Errors) errors.Add("endpoint", error);
            return ApiProblems.Invalid(errors);
        }
        return TypedResults.Created($"{ApiSetup.Prefix}/webhooks/{created.Endpoint!.Id}", new ApiWebhookCreated(created.Endpoint, created.Secret!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetActiveAsync(long id, HttpRequest request, ApiCaller caller, WebhookAdministration admin, CancellationToken ct)
    {
        var read = await ApiJson.ReadAsync<WebhookSwitch>(request);
        if (read.Problem is not null) return read.Problem;
        return await admin.SetActiveAsync(id, read.Value!.Active, caller.Actor.Actor, ct) ? TypedResults.NoContent() : NoSuchEndpoint(id);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, ApiCaller caller, WebhookAdministration admin, CancellationToken ct) =>
        await admin.DeleteAsync(id, caller.Actor.Actor, ct) ? TypedResults.NoContent() : NoSuchEndpoint(id);

    private static async Task<Results<Accepted, ProblemHttpResult>> SendTestAsync(long id, ApiCaller caller, WebhookAdministration admin, CancellationToken ct) =>
        await admin.SendTestAsync(id, caller.Actor.Actor, ct) ? TypedResults.Accepted($"{ApiSetup.Prefix}/webhooks/{id}/deliveries") : NoSuchEndpoint(id);

    private static async Task<Results<Ok<List<ApiWebhookDelivery>>, ProblemHttpResult>> DeliveriesAsync(long id, WebhookAdministration admin, CancellationToken ct)
    {
        if (!(await admin.ListAsync(ct)).Any(e => e.Id == id)) return NoSuchEndpoint(id);
        return TypedResults.Ok((await admin.DeliveriesAsync(id, ct: ct)).Select(ApiWebhookDelivery.Of).ToList());
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RedeliverAsync(long deliveryId, WebhookAdministration admin, CancellationToken ct)
    {
        var refusal = await admin.RedeliverAsync(deliveryId, ct);
        if (refusal is null) return TypedResults.Accepted((string?)null);
        return refusal == WebhookAdministration.NoSuchDelivery ? ApiProblems.NotFound(refusal) : ApiProblems.Conflict(refusal);
    }

    private static ProblemHttpResult NoSuchEndpoint(long id) => ApiProblems.NotFound($"There is no webhook endpoint {id}.");
}
