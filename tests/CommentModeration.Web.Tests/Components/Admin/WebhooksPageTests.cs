using AngleSharp.Dom;
using Bunit;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Components.Pages.Admin;
using CommentModeration.Web.Accounts;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Webhooks;
using CommentModeration.Web.Webhooks;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Components.Admin;

/// <summary>The admin's webhooks page over the real app, delivering to a real receiver.</summary>
public sealed class WebhooksPageTests(WebhookAppFactory host) : IClassFixture<WebhookAppFactory>, IAsyncLifetime
{
    private readonly BunitContext _context = WithWebhooks(AdminComponents.Create(host), host);

    private static BunitContext WithWebhooks(BunitContext context, WebhookAppFactory host)
    {
        context.Services.AddSingleton(host.Services.GetRequiredService<WebhookAdministration>());
        context.Services.AddSingleton(host.Services.GetRequiredService<CurrentRoles>());
        return context;
    }

    private static Task ClickAsync(IElement button) => button.ClickAsync(new MouseEventArgs());

    private static IElement RowOf(IRenderedComponent<WebhooksPage> page, string url) =>
        page.FindAll("#endpoint-table tbody tr").Single(r => r.TextContent.Contains(url, StringComparison.Ordinal));

    [Fact]
    public async Task Admin_adds_an_endpoint_sends_a_test_event_sees_it_delivered_redelivers_it_and_deletes_the_endpoint()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.NewUrl("admin-page");
        var page = _context.Render<WebhooksPage>();

        page.Find(".webhook-url input").Change(url);
        page.Find("input[data-event='comment.held']").Change(true);
        page.Find("input[data-event='comment.rejected']").Change(true);
        await ClickAsync(page.Find("#make-secret"));
        var secret = page.Find(".webhook-secret input").GetAttribute("value")!;
        await ClickAsync(page.Find("#add-endpoint"));

        Assert.Contains(secret, page.Find("#webhook-secret").TextContent);
        Assert.Empty(page.FindAll("#webhook-error"));
        Assert.Contains("comment.held, comment.rejected", RowOf(page, url).TextContent);
        var endpointId = long.Parse(RowOf(page, url).QuerySelector(".send-test")!.GetAttribute("data-endpoint")!, System.Globalization.CultureInfo.InvariantCulture);

        await ClickAsync(RowOf(page, url).QuerySelector(".send-test")!);
        var test = Assert.Single(await receiver.WaitForAsync(url, 1));
        Assert.Equal(WebhookEvents.Test, test.Type);
        Assert.True(test.IsSignedWith(secret));
        await host.WaitForDeliveriesAsync(endpointId, d => d is [{ Status: WebhookDeliveryStatus.Succeeded }]);
        await ClickAsync(page.Find("#refresh-log"));
        Assert.Equal("delivered", page.Find("#delivery-log .delivery-status").TextContent.Trim());
        Assert.Equal("1", page.Find("#delivery-log .delivery-attempts").TextContent.Trim());
        Assert.Equal("200 thanks", page.Find("#delivery-log .delivery-response").TextContent.Trim());

        await ClickAsync(page.Find("#delivery-log .redeliver"));
        var both = await receiver.WaitForAsync(url, 2);
        Assert.Equal([test.EventId, test.EventId], both.Select(h => h.EventId));
        await host.WaitForDeliveriesAsync(endpointId, d => d is [{ Attempts: 2, Status: WebhookDeliveryStatus.Succeeded }]);
        await ClickAsync(page.Find("#refresh-log"));
        Assert.Equal("2", page.Find("#delivery-log .delivery-attempts").TextContent.Trim());

        await ClickAsync(RowOf(page, url).QuerySelector(".delete-endpoint")!);
        Assert.DoesNotContain(url, page.Markup);
        await using var db = host.CreateDbContext();
        Assert.False(await db.WebhookEndpoints.AnyAsync(e => e.Id == endpointId));
    }

    [Fact]
    public async Task Adding_testing_pausing_resuming_and_deleting_on_the_page_are_audit_rows_naming_the_signed_in_admin()
    {
        const string url = "https://cms.example.org/page-audited";
        var page = _context.Render<WebhooksPage>();
        page.Find(".webhook-url input").Change(url);
        page.Find("input[data-event='comment.held']").Change(true);
        await ClickAsync(page.Find("#add-endpoint"));

        await ClickAsync(RowOf(page, url).QuerySelector(".send-test")!);
        await RowOf(page, url).QuerySelector("input[type='checkbox']")!.ChangeAsync(new ChangeEventArgs { Value = false });
        await RowOf(page, url).QuerySelector("input[type='checkbox']")!.ChangeAsync(new ChangeEventArgs { Value = true });
        await ClickAsync(RowOf(page, url).QuerySelector(".delete-endpoint")!);

        // The admin's account is named by an email address, which the log never shows.
        var admin = ReaderNames.Shown("admin@example.com", "component-admin");
        Assert.Equal(
        [
            ("Add webhook", admin, $"{url} (comment.held)"),
            ("Test webhook", admin, url),
            ("Pause webhook", admin, url),
            ("Resume webhook", admin, url),
            ("Delete webhook", admin, url),
        ], await host.WebhookAuditAsync(url));
    }

    [Fact]
    public async Task An_address_that_is_not_http_is_refused_on_the_page_and_nothing_is_added()
    {
        await using var db = host.CreateDbContext();
        var before = await db.WebhookEndpoints.CountAsync();
        var page = _context.Render<WebhooksPage>();

        page.Find(".webhook-url input").Change("gopher://cms.example.org/hook");
        page.Find("input[data-event='comment.posted']").Change(true);
        await ClickAsync(page.Find("#add-endpoint"));

        Assert.Equal("The address must be a web address starting with http:// or https://.", page.Find("#webhook-error").TextContent.Trim());
        Assert.Empty(page.FindAll("#webhook-secret"));
        Assert.Equal(before, await db.WebhookEndpoints.CountAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}
