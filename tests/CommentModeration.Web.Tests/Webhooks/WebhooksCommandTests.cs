using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Webhooks;

namespace CommentModeration.Web.Tests.Webhooks;

/// <summary>`webhooks create`, `list` and `delete` against the real app.</summary>
public abstract class WebhooksCommandTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : WebhookAppFactory
{
    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        _ = factory.Server;
        var output = new StringWriter();
        var errors = new StringWriter();
        var exitCode = await WebhooksCommand.RunAsync(factory.Services, args, output, errors);
        return (exitCode, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Create_list_and_delete_an_endpoint_and_a_created_one_receives_its_events_signed_with_its_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.NewUrl("cli");

        var created = await RunAsync("create", "--url", url, "--events", "comment.held,rules.saved", "--secret", WebhookArrange.Secret);

        Assert.Equal(0, created.ExitCode);
        var id = long.Parse(created.Output.Split(' ', ':')[3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"Created webhook endpoint {id}: {url} (comment.held, rules.saved).", created.Output.Trim());
        var listed = await RunAsync("list");
        Assert.Contains($"{id}\tactive\t{url}\tcomment.held,rules.saved\tcreated ", listed.Output);
        Assert.Contains("by command line", listed.Output);

        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("cli-hooked"));
        await factory.PostAsync(article, "Held, told to the endpoint the command line made.");
        var hook = Assert.Single(await receiver.WaitForAsync(url, 1));
        Assert.Equal("comment.held", hook.Type);
        Assert.True(hook.IsSignedWith(WebhookArrange.Secret));

        var deleted = await RunAsync("delete", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((0, $"Deleted webhook endpoint {id}."), (deleted.ExitCode, deleted.Output.Trim()));
        Assert.DoesNotContain(url, (await RunAsync("list")).Output);
        var again = await RunAsync("delete", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((2, $"There is no webhook endpoint {id}."), (again.ExitCode, again.Errors.Trim()));
        Assert.Equal([("Add webhook", "command line", $"{url} (comment.held, rules.saved)"), ("Delete webhook", "command line", url)],
            await factory.WebhookAuditAsync(url));
    }

    [Fact]
    public async Task Without_a_secret_one_is_made_and_printed_once()
    {
        var created = await RunAsync("create", "--url", "https://cms.example.org/hooks", "--events", "comment.published");

        Assert.Equal(0, created.ExitCode);
        var secret = created.Output.Split("(shown this once; the receiver checks signatures with it): ")[1].Trim();
        Assert.Matches("^[0-9a-f]{64}$", secret);
        Assert.DoesNotContain(secret, (await RunAsync("list")).Output);
    }

    [Fact]
    public async Task Bad_usage_and_refused_input_exit_with_2_say_why_and_create_nothing()
    {
        var before = (await RunAsync("list")).Output;

        var unknownEvent = await RunAsync("create", "--url", "https://cms.example.org/hooks", "--events", "comment.posted,comment.deleted");
        var notHttp = await RunAsync("create", "--url", "file:///etc/passwd", "--events", "comment.posted");
        var missingValue = await RunAsync("create", "--url");
        var unknownOption = await RunAsync("create", "--uri", "https://cms.example.org/hooks");
        var badId = await RunAsync("delete", "seven");
        var noVerb = await RunAsync();

        Assert.Equal([2, 2, 2, 2, 2, 2], new[] { unknownEvent, notHttp, missingValue, unknownOption, badId, noVerb }.Select(r => r.ExitCode));
        Assert.Contains("Unknown event 'comment.deleted'", unknownEvent.Errors);
        Assert.Contains("Nothing was created.", unknownEvent.Errors);
        Assert.Contains("must be a web address starting with http:// or https://", notHttp.Errors);
        Assert.Contains("--url needs a value.", missingValue.Errors);
        Assert.Contains("Unknown argument --uri.", unknownOption.Errors);
        Assert.Contains("'seven' is not an endpoint id", badId.Errors);
        Assert.Contains("Usage:", noVerb.Errors);
        Assert.Equal(before, (await RunAsync("list")).Output);
    }
}

public sealed class WebhooksCommandTests(WebhookAppFactory factory) : WebhooksCommandTests<WebhookAppFactory>(factory);

public sealed class WebhooksCommandTestsOnPostgres(PostgresWebhookAppFactory factory) : WebhooksCommandTests<PostgresWebhookAppFactory>(factory);
