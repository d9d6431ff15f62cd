using System.Diagnostics;
using System.Net;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;
using CommentModeration.Web.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Webhooks;

/// <summary>Events delivered to a real HTTP receiver: what arrives, signed how, and what happens when the receiver fails.</summary>
public abstract class WebhookDeliveryTests<TFactory> : IClassFixture<TFactory>
    where TFactory : WebhookAppFactory
{
    private readonly TFactory _factory;
    private readonly ModerationTestData _data;

    protected WebhookDeliveryTests(TFactory factory)
    {
        _factory = factory;
        _ = factory.Server;
        _data = new ModerationTestData(factory.Services, factory.Clock);
    }

    private ModeratorDecisions Decisions => _data.Get<ModeratorDecisions>();

    private async Task<CommentRef> RefOfAsync(long commentId) => Ref(await _data.ReloadAsync(commentId));

    /// <summary>
    /// Moves the site's clock on by <paramref name="by"/> and waits for <paramref name="until"/>; should the
    /// dispatcher have begun its wait just as the clock moved, a second more wakes it.
    /// </summary>
    private async Task<List<WebhookDelivery>> AdvanceUntilAsync(TimeSpan by, long endpointId, Func<List<WebhookDelivery>, bool> until)
    {
        _factory.Clock.Advance(by);
        for (var tries = 0; ; tries++)
        {
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(5))
            {
                var deliveries = await _factory.DeliveriesToAsync(endpointId);
                if (until(deliveries)) return deliveries;
                await Task.Delay(20);
            }
            if (tries == 3) return await _factory.WaitForDeliveriesAsync(endpointId, until);
            _factory.Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private static readonly RuleSetDefinition CasinoIsSpam = new()
    {
        WordLists = { ["gambling"] = ["casino"] },
        Rules = { new RuleDefinition { Name = "Gambling spam", Action = VerdictAction.Spam, When = new WordsCondition { List = "gambling" } } },
    };

    [Fact]
    public async Task Every_event_type_arrives_signed_with_the_endpoint_secret_and_tells_the_comment_without_its_authors_email()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.NewUrl("every-event");
        await _factory.AddEndpointAsync(url);
        var article = await _factory.AddArticleAsync(ReaderArrange.UniqueSlug("hooked"));

        var revision = await _factory.Services.GetRequiredService<RuleSetStore>().SaveAsync(CasinoIsSpam, "", "Rules Admin", "casino is spam");
        // A guest's first comment is held until approved (the default settings); the casino one is spam.
        var held = await _factory.PostAsync(article, "A first thought on this story.", name: "Held Author", email: "held-author@example.org");
        var spam = await _factory.PostAsync(article, "Cheap casino chips here.", name: "Spam Author");
        Assert.True((await Decisions.ApproveAsync([await RefOfAsync(held.CommentId!.Value)], Alice)).Succeeded);
        var permalink = await _factory.CreateBrowserClient().GetAsync($"/comments/{held.CommentId}");
        Assert.Equal(ReportOutcome.Received, await _data.Get<ReaderReports>().ReportAsync(held.CommentId!.Value, "user:reporter-1", ReportReason.Abuse, null));
        Assert.True((await Decisions.RejectAsync([await RefOfAsync(held.CommentId!.Value)], "Off-topic", Bob)).Succeeded);

        var hooks = await receiver.WaitForAsync(url, 8);

        Assert.All(hooks, h => Assert.True(h.IsSignedWith(WebhookArrange.Secret), $"{h.Type} is not signed with the endpoint's secret"));
        Assert.All(hooks, h => Assert.Equal((h.Type, h.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (h.Headers["X-CommentModeration-Event"], h.Headers["X-CommentModeration-Event-Id"])));
        Assert.All(hooks, h => Assert.Equal("application/json; charset=utf-8", h.Headers["Content-Type"]));
        Assert.All(hooks, h => Assert.DoesNotContain("held-author@example.org", h.Body));
        Assert.Equal(8, hooks.Select(h => h.EventId).Distinct().Count());
        string[] Of(long commentId) => hooks.Where(h => h.Type != WebhookEvents.RulesSaved && h.Comment.GetProperty("id").GetInt64() == commentId)
            .OrderBy(h => h.EventId).Select(h => $"{h.Type} {h.Comment.GetProperty("state").GetString()}").ToArray();
        Assert.Equal(["comment.posted pending", "comment.held pending", "comment.published approved", "comment.reported approved", "comment.rejected rejected"], Of(held.CommentId!.Value));
        Assert.Equal(["comment.posted spam", "comment.rejected spam"], Of(spam.CommentId!.Value));

        var posted = hooks.Single(h => h.Type == WebhookEvents.CommentPosted && h.Comment.GetProperty("id").GetInt64() == held.CommentId);
        var comment = posted.Comment;
        Assert.Equal(article.Id, comment.GetProperty("articleId").GetInt64());
        Assert.EndsWith($"/articles/{article.Slug}", comment.GetProperty("articleUrl").GetString());
        Assert.Equal("Held Author", comment.GetProperty("authorName").GetString());
        Assert.Equal("A first thought on this story.", comment.GetProperty("text").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, comment.GetProperty("parentId").ValueKind);
        Assert.EndsWith($"/comments/{held.CommentId}", comment.GetProperty("permalink").GetString());
        Assert.Equal(HttpStatusCode.Redirect, permalink.StatusCode);
        Assert.Equal($"/articles/{article.Slug}?cpage=1#comment-{held.CommentId}", permalink.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await _factory.CreateBrowserClient().GetAsync($"/comments/{held.CommentId}")).StatusCode);

        var reported = hooks.Single(h => h.Type == WebhookEvents.CommentReported).Json.GetProperty("data").GetProperty("report");
        Assert.Equal(("abuse", 1), (reported.GetProperty("reason").GetString(), reported.GetProperty("openReports").GetInt32()));
        Assert.Equal("Off-topic", hooks.Where(h => h.Type == WebhookEvents.CommentRejected).MaxBy(h => h.EventId)!.Comment.GetProperty("rejectionReason").GetString());
        var ruleSet = hooks.Single(h => h.Type == WebhookEvents.RulesSaved).Json.GetProperty("data").GetProperty("ruleSet");
        Assert.Equal((revision.Id, "Rules Admin", "casino is spam"),
            (ruleSet.GetProperty("revision").GetInt32(), ruleSet.GetProperty("savedBy").GetString(), ruleSet.GetProperty("note").GetString()));
    }

    [Fact]
    public async Task A_change_rolled_back_writes_no_event_and_sends_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.NewUrl("rolled-back");
        var endpoint = await _factory.AddEndpointAsync(url, WebhookEvents.CommentPublished, WebhookEvents.CommentRejected);
        var article = await _factory.AddArticleAsync(ReaderArrange.UniqueSlug("rolled-back"));
        var held = await _factory.PostAsync(article, "Held, then decided twice.");

        await using (var db = _factory.CreateDbContext())
        await using (var transaction = await _data.Get<CommentWrites>().BeginAsync(db))
        {
            var target = await transaction.FindAsync(held.CommentId!.Value);
            await transaction.DecideAsync(target!, AuditActions.Approve, CommentStatus.Approved, rejectionReason: null, Alice.Actor);
            // Disposed without a commit: rolled back.
        }
        Assert.True((await Decisions.RejectAsync([await RefOfAsync(held.CommentId!.Value)], "Off-topic", Bob)).Succeeded);

        var deliveries = await _factory.WaitForDeliveriesAsync(endpoint.Id, d => d.Count == 1 && d[0].Status == WebhookDeliveryStatus.Succeeded);
        Assert.Equal(WebhookEvents.CommentRejected, deliveries[0].Event!.Type);
        Assert.Equal([WebhookEvents.CommentRejected], receiver.ReceivedAt(url).Select(h => h.Type));
        await using var check = _factory.CreateDbContext();
        Assert.False(await check.OutboxEvents.AnyAsync(e => e.Type == WebhookEvents.CommentPublished && e.PayloadJson.Contains($"\"id\":{held.CommentId},")));
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_then_succeeds_gets_three_attempts_and_the_delivery_ends_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.NewUrl("fails-twice", attempt => attempt <= 2 ? 503 : 200);
        var endpoint = await _factory.AddEndpointAsync(url, WebhookEvents.CommentHeld);
        var article = await _factory.AddArticleAsync(ReaderArrange.UniqueSlug("flaky-receiver"));
        await _factory.PostAsync(article, "Held for a flaky receiver.");

        var first = Assert.Single(await _factory.WaitForDeliveriesAsync(endpoint.Id, d => d is [{ Attempts: 1 }]));
        Assert.Equal((WebhookDeliveryStatus.Failed, 503, "receiver says no (503)"), (first.Status, first.LastResponseStatus, first.LastResponseExcerpt));
        Assert.Equal(first.LastAttemptAt + TimeSpan.FromSeconds(30), first.NextAttemptAt);

        var second = Assert.Single(await AdvanceUntilAsync(TimeSpan.FromSeconds(30), endpoint.Id, d => d is [{ Attempts: 2 }]));
        Assert.Equal(WebhookDeliveryStatus.Failed, second.Status);
        Assert.Equal(second.LastAttemptAt + TimeSpan.FromMinutes(1), second.NextAttemptAt);

        var third = Assert.Single(await AdvanceUntilAsync(TimeSpan.FromMinutes(1), endpoint.Id, d => d is [{ Attempts: 3 }]));
        Assert.Equal((WebhookDeliveryStatus.Succeeded, 200, "thanks", (DateTimeOffset?)null), (third.Status, third.LastResponseStatus, third.LastResponseExcerpt, third.NextAttemptAt));
        Assert.Equal(third.LastAttemptAt, third.DeliveredAt);
        var received = receiver.ReceivedAt(url);
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.EventId).Distinct());
        Assert.All(received, r => Assert.True(r.IsSignedWith(WebhookArrange.Secret)));
    }

    [Fact]
    public async Task A_receiver_that_never_answers_times_out_is_retried_and_is_given_up_after_a_day()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.NewUrl("never-answers", _ => WebhookReceiver.Never);
        var endpoint = await _factory.AddEndpointAsync(url, WebhookEvents.CommentHeld);
        try
        {
            var article = await _factory.AddArticleAsync(ReaderArrange.UniqueSlug("silent-receiver"));
            await _factory.PostAsync(article, "Held for a receiver that never answers.");

            var first = Assert.Single(await _factory.WaitForDeliveriesAsync(endpoint.Id, d => d is [{ Attempts: 1 }]));
            Assert.Equal((WebhookDeliveryStatus.Failed, null, "No answer within 1 s."), (first.Status, first.LastResponseStatus, first.LastError));

            var retried = Assert.Single(await AdvanceUntilAsync(TimeSpan.FromSeconds(30), endpoint.Id, d => d is [{ Attempts: 2 }]));
            Assert.Equal(WebhookDeliveryStatus.Failed, retried.Status);

            var givenUp = Assert.Single(await AdvanceUntilAsync(TimeSpan.FromHours(24), endpoint.Id, d => d is [{ Attempts: 3 }]));
            Assert.Equal((WebhookDeliveryStatus.GivenUp, (DateTimeOffset?)null, "No answer within 1 s."), (givenUp.Status, givenUp.NextAttemptAt, givenUp.LastError));
            Assert.Equal(3, receiver.ReceivedAt(url).Count);
        }
        finally
        {
            await _factory.Webhooks().DeleteAsync(endpoint.Id, WebhookArrange.TestAdmin);
        }
    }

    [Fact]
    public async Task Redelivering_by_hand_sends_the_same_event_again_signed_anew()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.NewUrl("redelivered");
        var endpoint = await _factory.AddEndpointAsync(url, WebhookEvents.CommentHeld);
        var article = await _factory.AddArticleAsync(ReaderArrange.UniqueSlug("redelivered"));
        await _factory.PostAsync(article, "Held, delivered, delivered again.");
        var delivered = Assert.Single(await _factory.WaitForDeliveriesAsync(endpoint.Id, d => d is [{ Status: WebhookDeliveryStatus.Succeeded }]));

        Assert.Null(await _factory.Webhooks().RedeliverAsync(delivered.Id));

        var again = Assert.Single(await _factory.WaitForDeliveriesAsync(endpoint.Id, d => d is [{ Attempts: 2, Status: WebhookDeliveryStatus.Succeeded }]));
        Assert.Equal(delivered.Id, again.Id);
        var received = await receiver.WaitForAsync(url, 2);
        Assert.Equal(2, received.Count);
        Assert.Single(received.Select(r => r.EventId).Distinct());
        Assert.All(received, r => Assert.True(r.IsSignedWith(WebhookArrange.Secret)));
        Assert.Equal("This delivery no longer exists.", await _factory.Webhooks().RedeliverAsync(long.MaxValue));
    }

    [Theory]
    [InlineData("ftp://example.org/hook", null, "a web address starting with http:// or https://")]
    [InlineData("javascript:alert(1)", null, "a web address starting with http:// or https://")]
    [InlineData("not an address", null, "a web address starting with http:// or https://")]
    [InlineData("", null, "Give the address the events are sent to.")]
    [InlineData("https://user:password@example.org/hook", null, "Put no user name or password in the address")]
    [InlineData("https://example.org/hook", "comment.deleted", "Unknown event 'comment.deleted'. The events are: comment.posted, comment.held")]
    [InlineData("https://example.org/hook", "", "Choose at least one event")]
    [InlineData("https://example.org/hook", "comment.posted", "The secret must be 16 to 200 characters", "short")]
    [InlineData("https://example.org/hook", "comment.posted", "The secret must be 16 to 200 characters", "a secret with spaces in it")]
    public async Task Hostile_input_is_refused_with_a_message_and_stores_nothing(string url, string? events, string message, string? secret = null)
    {
        await using var db = _factory.CreateDbContext();
        var before = await db.WebhookEndpoints.CountAsync();

        var created = await _factory.Webhooks().CreateAsync(new WebhookEndpointInput(url, (events ?? "comment.posted").Split(','), secret), WebhookArrange.TestAdmin);

        Assert.False(created.Succeeded);
        Assert.Contains(created.Errors, e => e.Contains(message, StringComparison.Ordinal));
        Assert.Null(created.Secret);
        Assert.Equal(before, await db.WebhookEndpoints.CountAsync());
    }

    [Fact]
    public async Task Over_long_fields_are_refused_with_their_length()
    {
        var longUrl = "https://example.org/" + new string('a', WebhookEndpoint.MaxUrlLength);
        var longSecret = new string('s', WebhookAdministration.MaxSecretLength + 1);
        var longEvent = new string('e', 5000);

        var url = await _factory.Webhooks().CreateAsync(new WebhookEndpointInput(longUrl, [WebhookEvents.CommentPosted]), WebhookArrange.TestAdmin);
        var secret = await _factory.Webhooks().CreateAsync(new WebhookEndpointInput("https://example.org/hook", [WebhookEvents.CommentPosted], longSecret), WebhookArrange.TestAdmin);
        var events = await _factory.Webhooks().CreateAsync(new WebhookEndpointInput("https://example.org/hook", [longEvent]), WebhookArrange.TestAdmin);

        Assert.Equal($"The address is too long ({longUrl.Length:N0} characters; at most {WebhookEndpoint.MaxUrlLength:N0}).", Assert.Single(url.Errors));
        Assert.StartsWith("The secret must be 16 to 200 characters", Assert.Single(secret.Errors));
        Assert.StartsWith($"Unknown event '{longEvent[..40]}…'", Assert.Single(events.Errors));
    }
}

public sealed class WebhookDeliveryTests(WebhookAppFactory factory) : WebhookDeliveryTests<WebhookAppFactory>(factory);

public sealed class WebhookDeliveryTestsOnPostgres(PostgresWebhookAppFactory factory) : WebhookDeliveryTests<PostgresWebhookAppFactory>(factory);
