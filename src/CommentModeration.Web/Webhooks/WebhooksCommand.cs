using System.Globalization;
using CommentModeration.Data.Comments;

namespace CommentModeration.Web.Webhooks;

/// <summary>
/// `webhooks create --url URL --events E1,E2 [--secret S]`, `webhooks list` and `webhooks delete ID`.
/// Exit codes: 0 done, 2 bad usage or input refused (nothing changed).
/// </summary>
public static class WebhooksCommand
{
    public static readonly string Usage = $"""
        Usage:
          webhooks create --url URL --events E1,E2 [--secret S]   an endpoint receiving those events (a secret is made when none is given)
          webhooks list                                          the endpoints
          webhooks delete ID                                     an endpoint and its delivery log
        Events: {string.Join(", ", WebhookEvents.All)}
        """;

    /// <summary>Who an endpoint made or deleted here is recorded as created or deleted by.</summary>
    public static readonly AuditActor CommandLineActor = WordPress.WxrCommand.CommandLineActor;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        var webhooks = services.GetRequiredService<WebhookAdministration>();
        switch (args)
        {
            case ["create", .. var options]:
                if (!TryReadOptions(options, out var values, out var problem)) return Fail(errors, problem);
                await Rules.RulesCommand.MigrateAsync(services, cancellationToken);
                var events = values.GetValueOrDefault("--events")?.Split(',') ?? [];
                var created = await webhooks.CreateAsync(new WebhookEndpointInput(values.GetValueOrDefault("--url"), events, values.GetValueOrDefault("--secret")),
                    CommandLineActor, cancellationToken);
                if (!created.Succeeded) return Fail(errors, string.Join(Environment.NewLine, created.Errors.Append("Nothing was created.")), withUsage: false);
                var endpoint = created.Endpoint!;
                await output.WriteLineAsync($"Created webhook endpoint {endpoint.Id}: {endpoint.Url} ({string.Join(", ", endpoint.Events)}).");
                if (!values.ContainsKey("--secret")) await output.WriteLineAsync($"Secret (shown this once; the receiver checks signatures with it): {created.Secret}");
                return 0;
            case ["list"]:
                await Rules.RulesCommand.MigrateAsync(services, cancellationToken);
                var endpoints = await webhooks.ListAsync(cancellationToken);
                if (endpoints.Count == 0) await output.WriteLineAsync("No webhook endpoints.");
                foreach (var e in endpoints)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{e.Id}\t{(e.Active ? "active" : "off")}\t{e.Url}\t{string.Join(",", e.Events)}\tcreated {e.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC by {e.CreatedBy}"));
                }
                return 0;
            case ["delete", var id]:
                if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var endpointId)) return Fail(errors, $"'{id}' is not an endpoint id (see webhooks list).");
                await Rules.RulesCommand.MigrateAsync(services, cancellationToken);
                if (!await webhooks.DeleteAsync(endpointId, CommandLineActor, cancellationToken)) return Fail(errors, $"There is no webhook endpoint {endpointId}.", withUsage: false);
                await output.WriteLineAsync($"Deleted webhook endpoint {endpointId}.");
                return 0;
            default:
                return Fail(errors, args.Length == 0 ? "webhooks needs a verb: create, list or delete." : $"Unknown arguments: {string.Join(' ', args)}.");
        }
    }

    private static bool TryReadOptions(string[] args, out Dictionary<string, string> values, out string problem)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        problem = "";
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is not ("--url" or "--events" or "--secret"))
            {
                problem = $"Unknown argument {args[i]}.";
                return false;
            }
            if (i + 1 >= args.Length)
            {
                problem = $"{args[i]} needs a value.";
                return false;
            }
            values[args[i]] = args[i + 1];
        }
        return true;
    }

    private static int Fail(TextWriter errors, string message, bool withUsage = true)
    {
        errors.WriteLine(message);
        if (withUsage) errors.WriteLine(Usage);
        return 2;
    }
}
