using System.Net;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Moderation;

/// <summary>Staff of every role sign in, and readers report from several addresses through a named proxy.</summary>
public class ReportFormAppFactory : Articles.BehindProxyAppFactory
{
    public ReportFormAppFactory()
    {
        Settings["Reports:PerIpPerWindow"] = "50";
        // Reports from several addresses: the test client says which through a named proxy.
        Settings["ForwardedHeaders:KnownProxies"] = "127.0.0.1";
        // Every role signs in for every route here: more sign-ins than the default limit allows a minute.
        Settings["RateLimits:SignIn:PermitLimit"] = "1000";
    }
}

public sealed class PostgresReportFormAppFactory : ReportFormAppFactory
{
    public PostgresReportFormAppFactory() => UsePostgres();
}

/// <summary>The moderation pages refuse guests and readers route by route; the reader's report form works without script.</summary>
public abstract class StaffAccessAndReportFormTests<TFactory> : IClassFixture<TFactory>
    where TFactory : ReportFormAppFactory
{
    private const string Password = "Pass-word-123!";
    private readonly TFactory _factory;
    private readonly ModerationTestData _data;

    protected StaffAccessAndReportFormTests(TFactory factory)
    {
        _factory = factory;
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
    }

    public static TheoryData<string> StaffRoutes => new() { "/moderation", "/moderation/queue", "/moderation/queue?queue=spam", "/moderation/log" };

    private async Task<HttpClient> SignedInAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        await _factory.CreateUserAsync(email, Password, role == "Reader" ? [] : [role]);
        var client = _factory.CreateBrowserClient();
        var response = await client.SubmitFormAsync("/Account/Login", "form[method='post']",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [Theory]
    [MemberData(nameof(StaffRoutes))]
    public async Task A_guest_is_sent_to_sign_in(string route)
    {
        var response = await _factory.CreateBrowserClient().GetAsync(route);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [MemberData(nameof(StaffRoutes))]
    public async Task A_signed_in_reader_is_denied(string route)
    {
        var client = await SignedInAsync("Reader");

        var response = await client.GetAsync(route);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [MemberData(nameof(StaffRoutes))]
    public async Task Moderators_and_admins_can_open_it(string route)
    {
        foreach (var role in new[] { Roles.Moderator, Roles.Admin })
        {
            var client = await SignedInAsync(role);

            var response = await client.GetAsync(route);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_guest_reports_a_published_comment_through_the_form()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved, body: "Something rude");
        var client = _factory.CreateBrowserClient();

        var response = await client.SubmitFormAsync($"/comments/{comment.Id}/report", "#reportform",
            new Dictionary<string, string> { ["Input.Reason"] = "Abuse", ["Input.Text"] = "Insults" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = FormClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Thank you. Moderators will review this comment.", page.QuerySelector(".report-thanks")?.TextContent);
        await using var db = _data.CreateDbContext();
        var report = await db.Reports.SingleAsync(r => r.CommentId == comment.Id);
        Assert.Equal((ReportReason.Abuse, "Insults"), (report.Reason, report.Text));
        Assert.StartsWith("guest:", report.ReporterKey);
    }

    [Fact]
    public async Task A_report_without_the_antiforgery_token_is_refused_and_nothing_is_stored()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);

        var response = await _factory.CreateBrowserClient().SubmitFormAsync($"/comments/{comment.Id}/report", "#reportform",
            new Dictionary<string, string> { ["Input.Reason"] = "Spam" }, includeAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = _data.CreateDbContext();
        Assert.False(await db.Reports.AnyAsync(r => r.CommentId == comment.Id));
    }

    [Fact]
    public async Task A_report_without_a_reason_gets_a_message_and_keeps_the_text()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);

        var response = await _factory.CreateBrowserClient().SubmitFormAsync($"/comments/{comment.Id}/report", "#reportform",
            new Dictionary<string, string> { ["Input.Text"] = "kept text" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = FormClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Choose a reason for the report.", page.QuerySelector("[role=alert]")?.TextContent);
        Assert.Equal("kept text", page.QuerySelector("#report-text")?.TextContent);
    }

    [Fact]
    public async Task Three_browsers_at_three_addresses_reporting_hide_the_comment_and_the_form_then_says_it_is_under_review()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);

        for (var i = 0; i < 3; i++)
        {
            var browser = _factory.CreateBrowserClient();
            browser.DefaultRequestHeaders.Add("X-Forwarded-For", $"192.0.2.{i + 10}");
            var response = await browser.SubmitFormAsync($"/comments/{comment.Id}/report", "#reportform",
                new Dictionary<string, string> { ["Input.Reason"] = "OffTopic" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True((await _data.ReloadAsync(comment.Id)).HiddenByReports);
        var page = await _factory.CreateBrowserClient().GetDocumentAsync($"/comments/{comment.Id}/report");
        Assert.NotNull(page.QuerySelector(".report-unavailable"));
        Assert.Null(page.QuerySelector("#reportform"));
    }

    [Fact]
    public async Task The_same_browser_reporting_twice_counts_once()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);
        var client = _factory.CreateBrowserClient();

        await client.SubmitFormAsync($"/comments/{comment.Id}/report", "#reportform", new Dictionary<string, string> { ["Input.Reason"] = "Spam" });
        var again = await client.SubmitFormAsync($"/comments/{comment.Id}/report", "#reportform", new Dictionary<string, string> { ["Input.Reason"] = "Spam" });

        var page = FormClient.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal("You have already reported this comment. Moderators will review it.", page.QuerySelector(".report-thanks")?.TextContent);
        Assert.Equal(1, (await _data.ReloadAsync(comment.Id)).OpenReportCount);
    }
}

public sealed class StaffAccessAndReportFormTests(ReportFormAppFactory factory) : StaffAccessAndReportFormTests<ReportFormAppFactory>(factory);

public sealed class StaffAccessAndReportFormTestsOnPostgres(PostgresReportFormAppFactory factory) : StaffAccessAndReportFormTests<PostgresReportFormAppFactory>(factory);
