using System.Net;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Moderation;

/// <summary>
/// What readers' reports must add up to before a comment leaves the page: a fresh cookie does not
/// make a new reader, readers in good standing count more, and guests alone never hide what a
/// moderator approved. Reports go through the real form; each client's address is set as a
/// named proxy would pass it on.
/// </summary>
public abstract class ReportWeightTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : NamedProxyAppFactory
{
    private readonly ModerationTestData _data = new(factory.Services, factory.Clock);

    private static int _address;

    private static string NewAddress() => $"198.51.100.{Interlocked.Increment(ref _address)}";

    private HttpClient GuestAt(string address)
    {
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static async Task ReportAsync(HttpClient client, long commentId)
    {
        var response = await client.SubmitFormAsync($"/comments/{commentId}/report", "#reportform", new Dictionary<string, string> { ["Input.Reason"] = "Abuse" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<(Article Article, Comment Comment)> PublishedCommentAsync()
    {
        _ = factory.Server;
        var article = await _data.AddArticleAsync();
        return (article, await _data.AddCommentAsync(article.Id, CommentStatus.Approved, body: "An opinion someone dislikes."));
    }

    private async Task<bool> ShownOnArticleAsync(Article article, Comment comment)
    {
        var page = await factory.CreateBrowserClient().GetDocumentAsync($"/articles/{article.Slug}");
        return page.QuerySelector($"#comment-{comment.Id}") is not null;
    }

    private async Task<HttpClient> ReaderAsync(string address, int approvedComments)
    {
        var email = $"reporter-{Guid.NewGuid():N}@example.com";
        var client = await factory.SignedInClientAsync(email);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        await using var db = factory.CreateDbContext();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        db.AuthorStandings.Add(new AuthorStanding
        {
            AuthorKey = AuthorKeys.ForUser(userId), UserId = userId, Email = email, Name = email, ApprovedCount = approvedComments,
            FirstSeenAt = factory.Clock.GetUtcNow().AddDays(-90),
        });
        await db.SaveChangesAsync();
        return client;
    }

    [Fact]
    public async Task Three_reports_from_one_address_with_fresh_cookies_are_one_guest_and_hide_nothing()
    {
        var (article, comment) = await PublishedCommentAsync();
        var address = NewAddress();

        for (var i = 0; i < 3; i++) await ReportAsync(GuestAt(address), comment.Id);

        var stored = await _data.ReloadAsync(comment.Id);
        Assert.Equal((3, false), (stored.OpenReportCount, stored.HiddenByReports));
        Assert.True(await ShownOnArticleAsync(article, comment));
    }

    [Fact]
    public async Task One_browser_reporting_from_three_addresses_is_one_guest()
    {
        var (article, comment) = await PublishedCommentAsync();
        var browser = factory.CreateBrowserClient();

        foreach (var address in new[] { NewAddress(), NewAddress(), NewAddress() })
        {
            browser.DefaultRequestHeaders.Remove("X-Forwarded-For");
            browser.DefaultRequestHeaders.Add("X-Forwarded-For", address);
            await ReportAsync(browser, comment.Id);
        }

        Assert.False((await _data.ReloadAsync(comment.Id)).HiddenByReports);
        Assert.True(await ShownOnArticleAsync(article, comment));
    }

    [Fact]
    public async Task Three_addresses_of_one_IPv6_network_are_one_guest()
    {
        var (article, comment) = await PublishedCommentAsync();

        foreach (var host in new[] { "1", "2:3", "ffff:ffff:ffff:ffff" }) await ReportAsync(GuestAt("2001:db8:7:7::" + host), comment.Id);

        Assert.False((await _data.ReloadAsync(comment.Id)).HiddenByReports);
        Assert.True(await ShownOnArticleAsync(article, comment));
    }

    [Fact]
    public async Task The_report_allowance_is_one_per_IPv6_network_not_per_address()
    {
        var (_, comment) = await PublishedCommentAsync();
        HttpResponseMessage? last = null;

        for (var i = 1; i <= 11; i++)
        {
            last = await GuestAt($"2001:db8:8:8::{i:x}").SubmitFormAsync($"/comments/{comment.Id}/report", "#reportform",
                new Dictionary<string, string> { ["Input.Reason"] = "Spam" });
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.Equal(10, (await _data.ReloadAsync(comment.Id)).OpenReportCount);
    }

    [Fact]
    public async Task Guests_at_three_addresses_hide_the_comment()
    {
        var (article, comment) = await PublishedCommentAsync();

        for (var i = 0; i < 3; i++) await ReportAsync(GuestAt(NewAddress()), comment.Id);

        Assert.True((await _data.ReloadAsync(comment.Id)).HiddenByReports);
        Assert.False(await ShownOnArticleAsync(article, comment));
    }

    [Fact]
    public async Task Two_readers_in_good_standing_hide_what_two_guests_cannot()
    {
        var (_, byGuests) = await PublishedCommentAsync();
        var (article, byReaders) = await PublishedCommentAsync();

        for (var i = 0; i < 2; i++) await ReportAsync(GuestAt(NewAddress()), byGuests.Id);
        foreach (var reader in new[] { await ReaderAsync(NewAddress(), approvedComments: 4), await ReaderAsync(NewAddress(), approvedComments: 1) })
        {
            await ReportAsync(reader, byReaders.Id);
        }

        Assert.False((await _data.ReloadAsync(byGuests.Id)).HiddenByReports);
        Assert.True((await _data.ReloadAsync(byReaders.Id)).HiddenByReports);
        Assert.False(await ShownOnArticleAsync(article, byReaders));
        await using var db = factory.CreateDbContext();
        var hidden = await db.ModerationEvents.SingleAsync(e => e.CommentId == byReaders.Id && e.Action == AuditActions.HiddenByReports);
        Assert.Equal("2 readers reported it", hidden.Reason);
    }

    [Fact]
    public async Task A_comment_a_moderator_approved_stays_up_under_guest_reports_and_waits_in_the_reported_queue()
    {
        _ = factory.Server;
        var article = await _data.AddArticleAsync();
        var held = await _data.AddCommentAsync(article.Id, CommentStatus.Pending, body: "Held, then approved by a moderator.");
        Assert.True((await _data.Get<ModeratorDecisions>().ApproveAsync([ModerationTestData.Ref(held)], ModerationTestData.Alice)).Succeeded);

        for (var i = 0; i < 5; i++) await ReportAsync(GuestAt(NewAddress()), held.Id);

        var stored = await _data.ReloadAsync(held.Id);
        Assert.Equal((CommentStatus.Approved, false, 5), (stored.Status, stored.HiddenByReports, stored.OpenReportCount));
        Assert.True(await ShownOnArticleAsync(article, stored));
        var reported = await _data.Get<ModerationQueue>().GetPageAsync(new QueueFilter { Queue = QueueKind.Reported, ArticleId = article.Id });
        Assert.Equal([held.Id], reported.Items.Select(i => i.Id));
    }
}

public sealed class ReportWeightTests(NamedProxyAppFactory factory) : ReportWeightTests<NamedProxyAppFactory>(factory);

public sealed class ReportWeightTestsOnPostgres(PostgresNamedProxyAppFactory factory) : ReportWeightTests<PostgresNamedProxyAppFactory>(factory);
