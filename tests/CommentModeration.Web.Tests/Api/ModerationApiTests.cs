using System.Net;
using System.Net.Http.Headers;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Api;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Moderation;

namespace CommentModeration.Web.Tests.Api;

/// <summary>/api/v1/moderation: the queues and the decisions, each on the version the caller saw (If-Match), through the moderators' own service.</summary>
public abstract class ModerationApiTests<TFactory> : IClassFixture<TFactory> where TFactory : ApiHost
{
    private readonly TFactory _host;
    private readonly ModerationTestData _data;

    protected ModerationApiTests(TFactory host)
    {
        _host = host;
        using (host.CreateDbContext()) { }
        _data = new ModerationTestData(host.Services, host.Clock);
    }

    private static HttpRequestMessage Decision(long id, string action, Guid? version, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/moderation/comments/{id}/{action}");
        if (version is { } v) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body, options: ApiCalls.Json);
        return request;
    }

    [Fact]
    public async Task Counts_are_the_queue_counters()
    {
        var client = await _host.ClientAsync("moderate");
        var article = await _data.AddArticleAsync();
        await _data.AddCommentAsync(article.Id);

        var counts = await (await client.GetAsync("/api/v1/moderation/counts")).ReadAsync<ApiQueueCounts>();

        Assert.Equal((await _data.CounterAsync(QueueKind.Pending), await _data.CounterAsync(QueueKind.Approved), await _data.CounterAsync(QueueKind.Spam)),
            (counts.Pending, counts.Approved, counts.Spam));
        Assert.True(counts.Pending >= 1);
    }

    [Fact]
    public async Task A_queue_lists_oldest_first_with_the_rules_that_fired_page_by_page()
    {
        var client = await _host.ClientAsync("moderate");
        var article = await _data.AddArticleAsync();
        var start = _host.Clock.GetUtcNow().AddYears(-30);
        const string body = "This has a flagged word in it";
        var flagged = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            flagged.Add((await _data.AddCommentAsync(article.Id, CommentStatus.Approved, body, needsReview: true, createdAt: start.AddMinutes(i),
                hits: [ModerationTestData.BodyHit(body, "flagged", rule: "Watch words", action: VerdictAction.Flag)])).Id);
        }

        var first = await (await client.GetAsync("/api/v1/moderation/queues/flagged?pageSize=2")).ReadAsync<ApiPage<ApiQueueItem>>();
        var second = await (await client.GetAsync(first.Next!)).ReadAsync<ApiPage<ApiQueueItem>>();

        Assert.Equal(flagged, first.Items.Concat(second.Items).Select(i => i.Id).Take(3));
        var item = first.Items[0];
        Assert.Equal((ApiCommentStatus.Approved, true, "flag", "Watch words"), (item.Status, item.NeedsReview, item.Verdict, item.Hits.Single()));
        Assert.Equal((await _data.ReloadAsync(item.Id)).Version.ToString(), item.Version);
        Assert.NotEmpty((await (await client.GetAsync("/api/v1/moderation/queues/everything")).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("queue"));
        Assert.NotEmpty((await (await client.GetAsync("/api/v1/moderation/queues/1")).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("queue"));
    }

    [Fact]
    public async Task Get_shows_the_hits_with_their_spans_and_the_version_as_etag()
    {
        var client = await _host.ClientAsync("moderate");
        var article = await _data.AddArticleAsync();
        const string body = "Buy cheap pills here";
        var comment = await _data.AddCommentAsync(article.Id, body: body, hits: [ModerationTestData.BodyHit(body, "pills")]);

        var response = await client.GetAsync($"/api/v1/moderation/comments/{comment.Id}");
        var item = await response.ReadAsync<ApiModerationComment>();

        Assert.Equal($"\"{comment.Version}\"", response.Headers.ETag!.Tag);
        Assert.Equal((body, ApiCommentStatus.Pending, comment.Version.ToString()), (item.Text, item.Status, item.Version));
        var hit = item.Hits.Single();
        Assert.Equal(("Moderation words", "hold", "body"), (hit.Rule, hit.Action, hit.Field));
        Assert.Equal(new MatchSpan(body.IndexOf("pills"), 5, "pills"), hit.Spans.Single());
        await (await client.GetAsync("/api/v1/moderation/comments/987654321")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Approve_with_the_current_version_publishes_and_the_audit_row_names_the_person_and_the_key()
    {
        var key = await _host.NewKeyAsync("moderate", name: "Newsroom bot");
        var client = _host.ClientWith(key.Key);
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);

        var response = await client.SendAsync(Decision(comment.Id, "approve", comment.Version));

        var item = await response.ReadAsync<ApiModerationComment>();
        var stored = await _data.ReloadAsync(comment.Id);
        Assert.Equal((ApiCommentStatus.Approved, stored.Version.ToString()), (item.Status, item.Version));
        Assert.Equal(CommentStatus.Approved, stored.Status);
        Assert.Equal($"\"{stored.Version}\"", response.Headers.ETag!.Tag);
        var audit = Assert.Single(await _data.EventsForAsync(comment.Id));
        Assert.Equal((AuditActions.Approve, $"{_host.AdminActor.Name} via API key Newsroom bot", _host.Admin.Id), (audit.Action, audit.ActorName, audit.ActorUserId));
        Assert.Equal(1, await _data.ApprovedCountOfArticleAsync(article.Id));
    }

    [Fact]
    public async Task Reject_keeps_the_reason_and_spam_moves_the_comment_to_spam()
    {
        var client = await _host.ClientAsync("moderate");
        var article = await _data.AddArticleAsync();
        var rejectMe = await _data.AddCommentAsync(article.Id);
        var spamMe = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);

        var rejected = await (await client.SendAsync(Decision(rejectMe.Id, "reject", rejectMe.Version, new { reason = "Off-topic" }))).ReadAsync<ApiModerationComment>();
        var spammed = await (await client.SendAsync(Decision(spamMe.Id, "spam", spamMe.Version))).ReadAsync<ApiModerationComment>();

        Assert.Equal((ApiCommentStatus.Rejected, "Off-topic"), (rejected.Status, rejected.RejectionReason));
        Assert.Equal(ApiCommentStatus.Spam, spammed.Status);
        Assert.Equal(CommentStatus.Spam, (await _data.ReloadAsync(spamMe.Id)).Status);
        Assert.Equal(0, await _data.ApprovedCountOfArticleAsync(article.Id));
    }

    [Fact]
    public async Task A_stale_version_is_a_412_with_the_current_state_and_changes_nothing()
    {
        var client = await _host.ClientAsync("moderate");
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);
        // Another moderator acts first, on the site.
        Assert.True((await _data.Get<ModeratorDecisions>().RejectAsync([ModerationTestData.Ref(comment)], "Spoiler", ModerationTestData.Alice)).Succeeded);
        var now = await _data.ReloadAsync(comment.Id);

        var response = await client.SendAsync(Decision(comment.Id, "approve", comment.Version));

        var problem = await response.ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Contains("it is now rejected", problem.Detail());
        var current = problem.GetProperty("current");
        Assert.Equal(("rejected", now.Version.ToString(), "Spoiler"), (current.GetProperty("status").GetString(), current.GetProperty("version").GetString(), current.GetProperty("rejectionReason").GetString()));
        Assert.Equal($"\"{now.Version}\"", problem.GetProperty("etag").GetString());
        var after = await _data.ReloadAsync(comment.Id);
        Assert.Equal((CommentStatus.Rejected, now.Version), (after.Status, after.Version));
        Assert.Single(await _data.EventsForAsync(comment.Id));
    }

    [Fact]
    public async Task A_decision_without_if_match_is_a_428_and_a_malformed_one_a_400()
    {
        var client = await _host.ClientAsync("moderate");
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);

        await (await client.SendAsync(Decision(comment.Id, "approve", version: null))).ProblemAsync(HttpStatusCode.PreconditionRequired);
        var malformed = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/moderation/comments/{comment.Id}/spam");
        malformed.Headers.TryAddWithoutValidation("If-Match", "\"not-a-version\"");
        Assert.NotEmpty((await (await client.SendAsync(malformed)).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("If-Match"));
        await (await client.SendAsync(Decision(987654321, "approve", Guid.NewGuid()))).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(CommentStatus.Pending, (await _data.ReloadAsync(comment.Id)).Status);
    }

    [Fact]
    public async Task A_decision_the_comment_already_has_is_a_409_and_a_reject_needs_a_reason()
    {
        var client = await _host.ClientAsync("moderate");
        var article = await _data.AddArticleAsync();
        var approved = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);
        var pending = await _data.AddCommentAsync(article.Id);

        var again = await (await client.SendAsync(Decision(approved.Id, "approve", approved.Version))).ProblemAsync(HttpStatusCode.Conflict);
        var noReason = await (await client.SendAsync(Decision(pending.Id, "reject", pending.Version, new { reason = " " }))).ProblemAsync(HttpStatusCode.BadRequest);
        var longReason = await (await client.SendAsync(Decision(pending.Id, "reject", pending.Version, new { reason = new string('r', 501) }))).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("This comment is already approved.", again.Detail());
        Assert.NotEmpty(noReason.ErrorsOf("reason"));
        Assert.NotEmpty(longReason.ErrorsOf("reason"));
        Assert.Equal(CommentStatus.Pending, (await _data.ReloadAsync(pending.Id)).Status);
        Assert.Empty(await _data.EventsForAsync(pending.Id));
    }
}

public sealed class ModerationApiTests(ApiHost host) : ModerationApiTests<ApiHost>(host);

public sealed class ModerationApiTestsOnPostgres(PostgresApiHost host) : ModerationApiTests<PostgresApiHost>(host);
