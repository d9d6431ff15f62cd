using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Moderation;

public abstract class QueueAndLogTests<TFactory> : IClassFixture<TFactory>
    where TFactory : AppFactory
{
    private readonly AppFactory _factory;
    private readonly ModerationTestData _data;

    protected QueueAndLogTests(TFactory factory)
    {
        _factory = factory;
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
    }

    private ModerationQueue Queue => _data.Get<ModerationQueue>();

    [Theory]
    [InlineData(QueueOrder.OldestFirst)]
    [InlineData(QueueOrder.NewestFirst)]
    public async Task Keyset_pages_walk_the_whole_queue_forward_and_back_without_gaps_or_repeats(QueueOrder order)
    {
        var article = await _data.AddArticleAsync();
        var start = _factory.Clock.GetUtcNow().AddHours(-1);
        var ids = new List<long>();
        // Pairs share a timestamp, so the id must break ties.
        for (var i = 0; i < 11; i++) ids.Add((await _data.AddCommentAsync(article.Id, createdAt: start.AddMinutes(i / 2))).Id);
        var filter = new QueueFilter { ArticleId = article.Id, Order = order };
        var expected = order == QueueOrder.OldestFirst ? ids : Enumerable.Reverse(ids).ToList();

        var seen = new List<long>();
        var pages = new List<QueuePage>();
        var page = await Queue.GetPageAsync(filter, pageSize: 4);
        pages.Add(page);
        seen.AddRange(page.Items.Select(i => i.Id));
        while (page.HasNext)
        {
            page = await Queue.GetPageAsync(filter, after: page.Last, pageSize: 4);
            pages.Add(page);
            seen.AddRange(page.Items.Select(i => i.Id));
        }
        Assert.Equal(expected, seen);
        Assert.Equal(3, pages.Count);
        Assert.False(pages[0].HasPrevious);

        var back = await Queue.GetPageAsync(filter, before: pages[2].First, pageSize: 4);
        Assert.Equal(pages[1].Items.Select(i => i.Id), back.Items.Select(i => i.Id));
        Assert.True(back.HasPrevious);
    }

    [Fact]
    public async Task Queues_hold_what_their_names_say()
    {
        var article = await _data.AddArticleAsync();
        var pending = await _data.AddCommentAsync(article.Id);
        var approved = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);
        var flagged = await _data.AddCommentAsync(article.Id, CommentStatus.Approved, needsReview: true);
        var spam = await _data.AddCommentAsync(article.Id, CommentStatus.Spam);
        var rejected = await _data.AddCommentAsync(article.Id, CommentStatus.Rejected);

        async Task<long[]> Ids(QueueKind queue) =>
            (await Queue.GetPageAsync(new QueueFilter { Queue = queue, ArticleId = article.Id })).Items.Select(i => i.Id).ToArray();

        Assert.Equal([pending.Id], await Ids(QueueKind.Pending));
        Assert.Equal([approved.Id, flagged.Id], await Ids(QueueKind.Approved));
        Assert.Equal([flagged.Id], await Ids(QueueKind.Flagged));
        Assert.Equal([spam.Id], await Ids(QueueKind.Spam));
        Assert.Equal([rejected.Id], await Ids(QueueKind.Rejected));
        Assert.Equal([pending.Id, approved.Id, flagged.Id, spam.Id, rejected.Id], await Ids(QueueKind.All));
    }

    [Fact]
    public async Task Filters_by_author_fired_rule_and_text_narrow_the_queue()
    {
        var article = await _data.AddArticleAsync();
        const string body = "Buy cheap pills now";
        var byRule = await _data.AddCommentAsync(article.Id, body: body, hits: [BodyHit(body, "pills", "Pharma words", "rule-17")]);
        var byAuthor = await _data.AddCommentAsync(article.Id, author: "Distinct Dora");
        var byText = await _data.AddCommentAsync(article.Id, body: "A remark about 100% of the_budget");

        async Task<long[]> Ids(QueueFilter f) => (await Queue.GetPageAsync(f with { ArticleId = article.Id })).Items.Select(i => i.Id).ToArray();

        Assert.Equal([byRule.Id], await Ids(new QueueFilter { RuleKey = "rule-17" }));
        Assert.Equal([byAuthor.Id], await Ids(new QueueFilter { Author = "Distinct Dora" }));
        Assert.Equal([byAuthor.Id], await Ids(new QueueFilter { Author = byAuthor.AuthorEmail.ToUpperInvariant() }));
        Assert.Equal([byText.Id], await Ids(new QueueFilter { Search = "100% of the_" }));
        Assert.Empty(await Ids(new QueueFilter { Search = "100x" }));
        // Case does not matter, on either database.
        Assert.Equal([byText.Id], await Ids(new QueueFilter { Search = "a REMARK" }));
        var item = (await Queue.GetPageAsync(new QueueFilter { RuleKey = "rule-17", ArticleId = article.Id })).Items.Single();
        Assert.Equal(["Pharma words"], item.FiredRules);
    }

    [Fact]
    public async Task Item_detail_carries_hits_parent_article_and_open_reports()
    {
        var article = await _data.AddArticleAsync("Harbour plan");
        var parent = await _data.AddCommentAsync(article.Id, CommentStatus.Approved, body: "The parent says hello");
        const string body = "Reply with a slur inside";
        var child = await _data.AddCommentAsync(article.Id, CommentStatus.Approved, body: body, parentId: parent.Id, hits: [BodyHit(body, "slur")]);
        await _data.Get<ReaderReports>().ReportAsync(child.Id, "user:w", CommentModeration.Data.Entities.ReportReason.Abuse, "Nasty");

        var detail = await Queue.GetItemAsync(child.Id);

        Assert.NotNull(detail);
        Assert.Equal(("Harbour plan", article.Slug), (detail.ArticleTitle, detail.ArticleSlug));
        Assert.Equal(("The parent says hello", CommentStatus.Approved), (detail.Parent!.BodyText, detail.Parent.Status));
        var hit = Assert.Single(detail.Hits);
        Assert.Equal(new MatchSpan(body.IndexOf("slur"), 4, "slur"), Assert.Single(hit.Spans));
        Assert.Equal("Nasty", Assert.Single(detail.Reports).Text);
    }

    [Fact]
    public async Task Counts_come_from_the_maintained_counters()
    {
        var before = await Queue.GetCountsAsync();
        var article = await _data.AddArticleAsync();
        await _data.AddCommentAsync(article.Id);
        await _data.AddCommentAsync(article.Id, CommentStatus.Spam);

        var after = await Queue.GetCountsAsync();

        Assert.Equal(before.Pending + 1, after.Pending);
        Assert.Equal(before.Spam + 1, after.Spam);
        Assert.Equal(before.All + 2, after.All);
    }

    [Fact]
    public async Task Audit_log_shows_engine_decisions_as_automatic_with_their_checks_and_filters_by_action()
    {
        var article = await _data.AddArticleAsync();
        const string body = "Visit http://a.example and http://b.example";
        var comment = await _data.AddCommentAsync(article.Id, body: body, hits: [new RuleHit { RuleKey = "builtin:links", Rule = "Too many links", Action = VerdictAction.Hold, IsBuiltIn = true }]);
        await _data.Get<ModeratorDecisions>().ApproveAsync([Ref(comment)], Alice);
        var log = _data.Get<AuditLog>();

        var (automatic, _) = await log.GetPageAsync(new AuditLogFilter { CommentId = comment.Id, Automatic = true });
        var posted = Assert.Single(automatic);
        Assert.Equal(("posted", true), (posted.Action, posted.Automatic));
        Assert.Equal(["Too many links"], posted.FiredChecks);

        var (approvals, _) = await log.GetPageAsync(new AuditLogFilter { Action = "approve", CommentId = comment.Id });
        // Alice's account has an email address for a display name: the log shows the neutral name instead.
        Assert.Equal(CommentModeration.Web.Accounts.ReaderNames.Fallback(Alice.UserId), Assert.Single(approvals).ActorName);
        var (byActor, _) = await log.GetPageAsync(new AuditLogFilter { Actor = "alice", CommentId = comment.Id });
        Assert.Single(byActor);
    }

    [Fact]
    public async Task Dashboard_counts_todays_outcomes_the_median_wait_and_the_busiest_article()
    {
        var article = await _data.AddArticleAsync($"Busy {Guid.NewGuid():N}");
        for (var i = 0; i < 30; i++) await _data.AddCommentAsync(article.Id);
        var before = await _data.Get<DashboardStats>().LoadAsync();
        var held = await _data.AddCommentAsync(article.Id, createdAt: _factory.Clock.GetUtcNow().AddMinutes(-10),
            hits: [new RuleHit { RuleKey = "rule-dash", Rule = "Dashboard rule", Action = VerdictAction.Hold }]);
        await _data.Get<ModeratorDecisions>().RejectAsync([Ref(held)], "Off-topic", Alice);

        var after = await _data.Get<DashboardStats>().LoadAsync();

        Assert.Equal(before.Today.Rejected + 1, after.Today.Rejected);
        Assert.Equal(before.Today.Held + 1, after.Today.Held);
        Assert.NotNull(after.MedianTimeToDecision);
        Assert.Equal(article.Id, after.BusiestArticles[0].ArticleId);
        Assert.Contains(after.TopRules, r => r.Rule == "Dashboard rule" && r.Hits == 1);
    }

    [Fact]
    public async Task Notifier_delivers_to_subscribers_until_they_unsubscribe()
    {
        var notifier = _data.Get<IModerationNotifier>();
        var received = new List<ModerationChange>();
        var arrived = new SemaphoreSlim(0);
        var subscription = notifier.Subscribe(change =>
        {
            lock (received) received.Add(change);
            arrived.Release();
            return Task.CompletedTask;
        });

        notifier.Publish(ModerationChange.Added(42));
        Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(5)));
        subscription.Dispose();
        notifier.Publish(ModerationChange.Added(43));
        await Task.Delay(100);

        lock (received) Assert.Equal([ModerationChange.Added(42)], received);
    }
}

public sealed class QueueAndLogTests(AppFactory factory) : QueueAndLogTests<AppFactory>(factory);

public sealed class QueueAndLogTestsOnPostgres(PostgresAppFactory factory) : QueueAndLogTests<PostgresAppFactory>(factory);
