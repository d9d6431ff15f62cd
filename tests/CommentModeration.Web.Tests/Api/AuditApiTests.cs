using System.Net;
using System.Net.Http.Headers;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Accounts;
using CommentModeration.Web.Api;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Moderation;

namespace CommentModeration.Web.Tests.Api;

/// <summary>/api/v1/audit: the audit trail, newest first, filtered and paged.</summary>
public abstract class AuditApiTests<TFactory> : IClassFixture<TFactory> where TFactory : ApiHost
{
    private readonly TFactory _host;
    private readonly ModerationTestData _data;

    protected AuditApiTests(TFactory host)
    {
        _host = host;
        using (host.CreateDbContext()) { }
        _data = new ModerationTestData(host.Services, host.Clock);
    }

    private async Task<List<ApiAuditEntry>> ReadAllAsync(HttpClient client, string url)
    {
        var entries = new List<ApiAuditEntry>();
        for (string? next = url; next is not null;)
        {
            var page = await (await client.GetAsync(next)).ReadAsync<ApiPage<ApiAuditEntry>>();
            entries.AddRange(page.Items);
            next = page.Next;
        }
        return entries;
    }

    [Fact]
    public async Task The_log_filters_by_comment_action_actor_and_time()
    {
        var article = await _data.AddArticleAsync();
        var first = await _data.AddCommentAsync(article.Id);
        var second = await _data.AddCommentAsync(article.Id);
        var start = _host.Clock.GetUtcNow();
        Assert.True((await _data.Get<ModeratorDecisions>().RejectAsync([ModerationTestData.Ref(first)], "Off-topic", ModerationTestData.Alice)).Succeeded);
        _host.Clock.Advance(TimeSpan.FromHours(1));
        var keyName = $"Audit key {Guid.NewGuid():N}";
        var moderator = _host.ClientWith((await _host.NewKeyAsync("moderate", name: keyName)).Key);
        var approve = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/moderation/comments/{second.Id}/approve");
        approve.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{second.Version}\""));
        Assert.Equal(HttpStatusCode.OK, (await moderator.SendAsync(approve)).StatusCode);
        _host.Clock.Advance(TimeSpan.FromHours(1));
        var client = await _host.ClientAsync("admin");

        var ofFirst = await ReadAllAsync(client, $"/api/v1/audit?commentId={first.Id}");
        var byKey = await ReadAllAsync(client, $"/api/v1/audit?action=approve&actor={Uri.EscapeDataString(keyName)}");
        var inWindow = await ReadAllAsync(client, $"/api/v1/audit?from={Uri.EscapeDataString(start.AddMinutes(30).ToString("O"))}&until={Uri.EscapeDataString(start.AddMinutes(90).ToString("O"))}");

        Assert.Equal([(AuditActions.Reject, ReaderNames.Fallback(ModerationTestData.Alice.UserId)), (AuditActions.Posted, "automatic")], ofFirst.Select(e => (e.Action, e.Actor)));
        Assert.Equal((ApiCommentStatus.Pending, ApiCommentStatus.Rejected, "Off-topic"), (ofFirst[0].From, ofFirst[0].To, ofFirst[0].Reason));
        var approved = Assert.Single(byKey);
        Assert.Equal((second.Id, $"{_host.Admin.DisplayName} via API key {keyName}"), (approved.CommentId!.Value, approved.Actor));
        Assert.Equal([(second.Id, AuditActions.Approve)], inWindow.Where(e => e.CommentId == first.Id || e.CommentId == second.Id).Select(e => (e.CommentId!.Value, e.Action)));
        Assert.All(inWindow, e => Assert.InRange(e.At, start.AddMinutes(30), start.AddMinutes(90)));
    }

    [Fact]
    public async Task The_log_pages_newest_first_by_its_next_links()
    {
        var article = await _data.AddArticleAsync();
        for (var i = 0; i < 5; i++) await _data.AddCommentAsync(article.Id);
        var client = await _host.ClientAsync("admin");

        var first = await (await client.GetAsync("/api/v1/audit?pageSize=2&action=posted")).ReadAsync<ApiPage<ApiAuditEntry>>();
        var second = await (await client.GetAsync(first.Next!)).ReadAsync<ApiPage<ApiAuditEntry>>();
        var all = await ReadAllAsync(client, "/api/v1/audit?action=posted&pageSize=100");

        Assert.Contains("action=posted", first.Next);
        Assert.Equal(all.Take(4).Select(e => e.Id), first.Items.Concat(second.Items).Select(e => e.Id));
        Assert.Equal(all.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => e.Id), all.Select(e => e.Id));
        Assert.All(all, e => Assert.Equal(AuditActions.Posted, e.Action));
    }

    [Fact]
    public async Task The_log_pages_in_time_order_with_ties_broken_by_id_whatever_order_rows_were_written_in()
    {
        var actor = new AuditActor(null, $"Order check {Guid.NewGuid():N}");
        var now = _host.Clock.GetUtcNow();
        var ids = new List<long>();
        await using (var db = _host.CreateDbContext())
        {
            foreach (var at in new[] { now.AddMinutes(5), now, now, now.AddMinutes(-5) })
            {
                var row = AuditTrail.OfSite(AuditActions.Purge, to: null, null, actor, at);
                db.ModerationEvents.Add(row);
                await db.SaveChangesAsync();
                ids.Add(row.Id);
            }
        }
        var client = await _host.ClientAsync("admin");

        var seen = await ReadAllAsync(client, $"/api/v1/audit?pageSize=1&actor={Uri.EscapeDataString(actor.Name)}");

        Assert.Equal([ids[0], ids[2], ids[1], ids[3]], seen.Select(e => e.Id));
    }

    [Fact]
    public async Task Bad_filters_are_400_problems()
    {
        var client = await _host.ClientAsync("admin");

        Assert.NotEmpty((await (await client.GetAsync("/api/v1/audit?from=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z")).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("from"));
        Assert.NotEmpty((await (await client.GetAsync("/api/v1/audit?cursor=AAAA")).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("cursor"));
        Assert.NotEmpty((await (await client.GetAsync("/api/v1/audit?pageSize=0")).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("pageSize"));
        await (await client.GetAsync("/api/v1/audit?from=last-tuesday")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/api/v1/audit?commentId=1%20OR%201=1")).ProblemAsync(HttpStatusCode.BadRequest);
    }
}

public sealed class AuditApiTests(ApiHost host) : AuditApiTests<ApiHost>(host);

public sealed class AuditApiTestsOnPostgres(PostgresApiHost host) : AuditApiTests<PostgresApiHost>(host);
