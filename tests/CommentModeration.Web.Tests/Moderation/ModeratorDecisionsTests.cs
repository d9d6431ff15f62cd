using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Moderation;

public abstract class ModeratorDecisionsTests<TFactory> : IClassFixture<TFactory>
    where TFactory : AppFactory
{
    private readonly AppFactory _factory;
    private readonly ModerationTestData _data;

    protected ModeratorDecisionsTests(TFactory factory)
    {
        _factory = factory;
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
    }

    private ModeratorDecisions Actions => _data.Get<ModeratorDecisions>();

    [Fact]
    public async Task Approve_publishes_a_held_comment_with_an_audit_row_and_moved_counters()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);
        var pending = await _data.CounterAsync(QueueKind.Pending);
        var approved = await _data.CounterAsync(QueueKind.Approved);

        var result = await Actions.ApproveAsync([Ref(comment)], Alice);

        Assert.True(result.Succeeded);
        var stored = await _data.ReloadAsync(comment.Id);
        Assert.Equal(CommentStatus.Approved, stored.Status);
        Assert.NotEqual(comment.Version, stored.Version);
        Assert.Equal(pending - 1, await _data.CounterAsync(QueueKind.Pending));
        Assert.Equal(approved + 1, await _data.CounterAsync(QueueKind.Approved));
        Assert.Equal(1, await _data.ApprovedCountOfArticleAsync(article.Id));
        var audit = Assert.Single(await _data.EventsForAsync(comment.Id));
        Assert.Equal(("approve", CommentStatus.Pending, CommentStatus.Approved, "alice@example.com"), (audit.Action, audit.FromStatus!.Value, audit.ToStatus!.Value, audit.ActorName));
        await using var db = _data.CreateDbContext();
        var standing = await db.AuthorStandings.SingleAsync(a => a.AuthorKey == comment.AuthorKey);
        Assert.Equal(1, standing.ApprovedCount);
    }

    [Fact]
    public async Task Reject_keeps_the_reason_and_undo_puts_the_comment_back_in_pending()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);

        var rejected = await Actions.RejectAsync([Ref(comment)], "Personal attack or harassment", Alice);
        var afterReject = await _data.ReloadAsync(comment.Id);
        Assert.Equal(CommentStatus.Rejected, afterReject.Status);
        Assert.Equal("Personal attack or harassment", afterReject.RejectionReason);

        var undone = await Actions.UndoAsync(rejected.Changed, Alice);

        Assert.True(undone.Succeeded);
        var stored = await _data.ReloadAsync(comment.Id);
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.Null(stored.RejectionReason);
        Assert.Equal(["reject", "undo"], (await _data.EventsForAsync(comment.Id)).Select(e => e.Action));
        await using var db = _data.CreateDbContext();
        var standing = await db.AuthorStandings.SingleAsync(a => a.AuthorKey == comment.AuthorKey);
        Assert.Equal(0, standing.RejectedCount);
    }

    [Fact]
    public async Task Spam_and_its_undo_restore_a_published_comment_for_readers()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);
        Assert.Equal(1, await _data.ApprovedCountOfArticleAsync(article.Id));

        var spam = await Actions.SpamAsync([Ref(comment)], Alice);
        Assert.Equal(CommentStatus.Spam, (await _data.ReloadAsync(comment.Id)).Status);
        Assert.Equal(0, await _data.ApprovedCountOfArticleAsync(article.Id));

        await Actions.UndoAsync(spam.Changed, Alice);
        Assert.Equal(CommentStatus.Approved, (await _data.ReloadAsync(comment.Id)).Status);
        Assert.Equal(1, await _data.ApprovedCountOfArticleAsync(article.Id));
    }

    [Fact]
    public async Task Approved_and_rejected_comments_can_be_moved_back_to_pending()
    {
        var article = await _data.AddArticleAsync();
        var approved = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);
        var rejected = await _data.AddCommentAsync(article.Id, CommentStatus.Rejected);

        var result = await Actions.UnapproveAsync([Ref(approved), Ref(rejected)], Alice);

        Assert.Equal(2, result.Changed.Count);
        Assert.Equal(CommentStatus.Pending, (await _data.ReloadAsync(approved.Id)).Status);
        Assert.Equal(CommentStatus.Pending, (await _data.ReloadAsync(rejected.Id)).Status);
        Assert.Equal(0, await _data.ApprovedCountOfArticleAsync(article.Id));
    }

    [Fact]
    public async Task Undo_is_refused_when_someone_changed_the_comment_since()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);
        var approved = await Actions.ApproveAsync([Ref(comment)], Alice);
        var fresh = await _data.ReloadAsync(comment.Id);
        await Actions.SpamAsync([Ref(fresh)], Bob);

        var undo = await Actions.UndoAsync(approved.Changed, Alice);

        Assert.Empty(undo.Changed);
        Assert.Contains("bob@example.com marked as spam this comment first", Assert.Single(undo.Refused).Message);
        Assert.Equal(CommentStatus.Spam, (await _data.ReloadAsync(comment.Id)).Status);
    }

    [Fact]
    public async Task Reject_without_a_reason_or_with_an_overlong_one_changes_nothing()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);

        var empty = await Actions.RejectAsync([Ref(comment)], "   ", Alice);
        var overlong = await Actions.RejectAsync([Ref(comment)], new string('x', ModeratorDecisions.MaxReasonLength + 1), Alice);

        Assert.Equal("Give a reason for the rejection.", Assert.Single(empty.Refused).Message);
        Assert.Contains("too long", Assert.Single(overlong.Refused).Message);
        Assert.Equal(CommentStatus.Pending, (await _data.ReloadAsync(comment.Id)).Status);
        Assert.Empty(await _data.EventsForAsync(comment.Id));
    }

    [Fact]
    public async Task Two_moderators_on_one_comment_the_second_is_told_who_acted_and_nothing_is_applied_twice()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);
        var seenByBoth = Ref(comment);
        var approvedBefore = await _data.CounterAsync(QueueKind.Approved);

        var first = await Actions.ApproveAsync([seenByBoth], Alice);
        var second = await Actions.RejectAsync([seenByBoth], "Off-topic", Bob);

        Assert.True(first.Succeeded);
        Assert.Empty(second.Changed);
        var refusal = Assert.Single(second.Refused);
        Assert.Equal("alice@example.com approved this comment first; it is now approved. Your action was not applied: look again and act if still needed.", refusal.Message);
        Assert.Equal(CommentStatus.Approved, (await _data.ReloadAsync(comment.Id)).Status);
        Assert.Single(await _data.EventsForAsync(comment.Id));
        Assert.Equal(approvedBefore + 1, await _data.CounterAsync(QueueKind.Approved));
    }

    [Fact]
    public async Task Two_contexts_saving_the_same_comment_the_concurrency_token_lets_only_one_win()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);
        await using var first = _data.CreateDbContext();
        await using var second = _data.CreateDbContext();
        var a = new CommentToChange(await first.Comments.SingleAsync(c => c.Id == comment.Id), article.Slug, AuthorHasStanding: true);
        var b = new CommentToChange(await second.Comments.SingleAsync(c => c.Id == comment.Id), article.Slug, AuthorHasStanding: true);
        var comments = _data.Get<CommentWrites>();

        await using (var transaction = await comments.BeginAsync(first))
        {
            await transaction.DecideAsync(a, AuditActions.Approve, CommentStatus.Approved, rejectionReason: null, Alice.Actor);
            await transaction.CommitAsync();
        }

        await using (var transaction = await comments.BeginAsync(second))
        {
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => transaction.DecideAsync(b, AuditActions.Spam, CommentStatus.Spam, rejectionReason: null, Alice.Actor));
        }
        Assert.Equal(CommentStatus.Approved, (await _data.ReloadAsync(comment.Id)).Status);
    }

    [Fact]
    public async Task Edit_keeps_the_original_as_a_revision_and_shows_the_comment_as_edited()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved, body: "You are an <idiot> & wrong");

        var result = await Actions.EditAsync(Ref(comment), "You are wrong", Alice);

        Assert.True(result.Succeeded);
        var stored = await _data.ReloadAsync(comment.Id);
        Assert.Equal("You are wrong", stored.BodyText);
        Assert.Equal("<p>You are wrong</p>", stored.BodyHtml.Trim());
        Assert.Equal(_factory.Clock.GetUtcNow(), stored.EditedAt);
        await using var db = _data.CreateDbContext();
        var revision = await db.CommentRevisions.SingleAsync(r => r.CommentId == comment.Id);
        Assert.Equal("You are an <idiot> & wrong", revision.BodyText);
        Assert.Equal("alice@example.com", revision.EditedByName);
        Assert.Equal("edit", Assert.Single(await _data.EventsForAsync(comment.Id)).Action);
    }

    [Fact]
    public async Task Queue_item_of_a_comment_a_moderator_edited_shows_the_earlier_text_with_who_replaced_it_and_when()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved, body: "First wording");

        await Actions.EditAsync(Ref(comment), "Second wording", Alice);

        var detail = await _data.Get<ModerationQueue>().GetItemAsync(comment.Id);
        Assert.Equal("Second wording", detail!.BodyText);
        var revision = Assert.Single(detail.Revisions);
        Assert.Equal(("First wording", "alice@example.com", _factory.Clock.GetUtcNow()), (revision.BodyText, revision.EditedByName, revision.EditedAt));
    }

    [Fact]
    public async Task Edit_to_empty_text_is_refused_and_changes_nothing()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, body: "Original");

        var result = await Actions.EditAsync(Ref(comment), "  ", Alice);

        Assert.Equal("The comment text cannot be empty.", Assert.Single(result.Refused).Message);
        Assert.Equal("Original", (await _data.ReloadAsync(comment.Id)).BodyText);
        await using var db = _data.CreateDbContext();
        Assert.False(await db.CommentRevisions.AnyAsync(r => r.CommentId == comment.Id));
    }

    [Fact]
    public async Task Approving_evicts_the_articles_cached_pages()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);
        var store = _factory.Services.GetRequiredService<IOutputCacheStore>();
        await store.SetAsync("page-of-" + article.Id, [1, 2, 3], [CommentModeration.Web.Articles.ArticlePageCache.ArticleTag(article.Slug)], TimeSpan.FromMinutes(5), default);
        Assert.NotNull(await store.GetAsync("page-of-" + article.Id, default));

        await Actions.ApproveAsync([Ref(comment)], Alice);

        Assert.Null(await store.GetAsync("page-of-" + article.Id, default));
    }

    [Fact]
    public async Task Approving_a_flagged_comment_marks_it_reviewed_and_leaves_the_flagged_queue()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved, needsReview: true);
        var flagged = await _data.CounterAsync(QueueKind.Flagged);

        await Actions.ApproveAsync([Ref(comment)], Alice);

        Assert.False((await _data.ReloadAsync(comment.Id)).NeedsReview);
        Assert.Equal(flagged - 1, await _data.CounterAsync(QueueKind.Flagged));
        Assert.Equal("This comment is already approved.", Assert.Single((await Actions.ApproveAsync([Ref(await _data.ReloadAsync(comment.Id))], Alice)).Refused).Message);
    }

    [Fact]
    public async Task Counters_equal_real_counts_after_a_mix_of_actions_and_undos()
    {
        var article = await _data.AddArticleAsync();
        var comments = new List<Comment>();
        for (var i = 0; i < 8; i++) comments.Add(await _data.AddCommentAsync(article.Id, i % 3 == 0 ? CommentStatus.Approved : CommentStatus.Pending, needsReview: i == 3));
        var approve = await Actions.ApproveAsync([Ref(comments[1]), Ref(comments[2])], Alice);
        await Actions.SpamAsync([Ref(comments[4])], Alice);
        await Actions.RejectAsync([Ref(comments[5]), Ref(comments[0])], "Off-topic", Bob);
        await Actions.UndoAsync(approve.Changed.Take(1).ToList(), Alice);
        await Actions.ApproveAsync([Ref(await _data.ReloadAsync(comments[3].Id))], Bob);
        await _data.Get<ReaderReports>().ReportAsync(comments[6].Id, "user:r1", ReportReason.Spam, null);

        await using var db = _data.CreateDbContext();
        var counters = await db.QueueCounters.ToDictionaryAsync(q => q.Name, q => q.Value);
        Assert.Equal(await db.Comments.LongCountAsync(c => c.Status == CommentStatus.Pending), counters[CommentQueues.CounterName(QueueKind.Pending)]);
        Assert.Equal(await db.Comments.LongCountAsync(c => c.Status == CommentStatus.Approved), counters[CommentQueues.CounterName(QueueKind.Approved)]);
        Assert.Equal(await db.Comments.LongCountAsync(c => c.Status == CommentStatus.Rejected), counters.GetValueOrDefault(CommentQueues.CounterName(QueueKind.Rejected)));
        Assert.Equal(await db.Comments.LongCountAsync(c => c.Status == CommentStatus.Spam), counters.GetValueOrDefault(CommentQueues.CounterName(QueueKind.Spam)));
        Assert.Equal(await db.Comments.LongCountAsync(c => c.Status == CommentStatus.Approved && c.NeedsReview), counters.GetValueOrDefault(CommentQueues.CounterName(QueueKind.Flagged)));
        Assert.Equal(await db.Comments.LongCountAsync(c => c.Status == CommentStatus.Approved && c.OpenReportCount > 0), counters.GetValueOrDefault(CommentQueues.CounterName(QueueKind.Reported)));
        Assert.Equal(await db.Comments.CountAsync(c => c.ArticleId == article.Id && c.Status == CommentStatus.Approved && !c.HiddenByReports),
            await db.Articles.Where(a => a.Id == article.Id).Select(a => a.ApprovedCommentCount).SingleAsync());
    }

    [Fact]
    public async Task Published_thread_count_follows_published_roots_only_through_actions_undos_and_hiding()
    {
        var article = await _data.AddArticleAsync();
        var root = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);
        var reported = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);
        var heldRoot = await _data.AddCommentAsync(article.Id);
        var heldReply = await _data.AddCommentAsync(article.Id, parentId: root.Id);
        Assert.Equal(2, await ThreadCountAsync());

        var approve = await Actions.ApproveAsync([Ref(heldRoot), Ref(heldReply)], Alice);
        Assert.Equal(3, await ThreadCountAsync());
        await Actions.RejectAsync([Ref(await _data.ReloadAsync(root.Id))], "Off-topic", Bob);
        Assert.Equal(2, await ThreadCountAsync());
        await Actions.UndoAsync(approve.Changed.Where(c => c.CommentId == heldRoot.Id).ToList(), Alice);
        Assert.Equal(1, await ThreadCountAsync());
        for (var i = 0; i < 3; i++) await _data.Get<ReaderReports>().ReportAsync(reported.Id, $"user:thread-reporter-{i}", ReportReason.Spam, null);
        Assert.True((await _data.ReloadAsync(reported.Id)).HiddenByReports);

        await using var db = _data.CreateDbContext();
        Assert.Equal(await db.Comments.CountAsync(c => c.ArticleId == article.Id && c.ParentId == null && c.Status == CommentStatus.Approved && !c.HiddenByReports), await ThreadCountAsync());
        Assert.Equal(0, await ThreadCountAsync());

        async Task<int> ThreadCountAsync()
        {
            await using var read = _data.CreateDbContext();
            return await read.Articles.Where(a => a.Id == article.Id).Select(a => a.PublishedThreadCount).SingleAsync();
        }
    }

    [Fact]
    public async Task Every_change_leaves_an_audit_row_naming_who_from_and_to()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);

        var approve = await Actions.ApproveAsync([Ref(comment)], Alice);
        await Actions.UnapproveAsync([new CommentRef(comment.Id, approve.Changed[0].Version)], Bob);
        await Actions.SpamAsync([Ref(await _data.ReloadAsync(comment.Id))], Alice);
        await Actions.EditAsync(Ref(await _data.ReloadAsync(comment.Id)), "cleaned", Bob);

        var events = await _data.EventsForAsync(comment.Id);
        Assert.Equal(
            [("approve", "alice@example.com", CommentStatus.Pending, CommentStatus.Approved),
             ("unapprove", "bob@example.com", CommentStatus.Approved, CommentStatus.Pending),
             ("spam", "alice@example.com", CommentStatus.Pending, CommentStatus.Spam),
             ("edit", "bob@example.com", CommentStatus.Spam, CommentStatus.Spam)],
            events.Select(e => (e.Action, e.ActorName, e.FromStatus!.Value, e.ToStatus!.Value)));
    }

    [Fact]
    public async Task A_decision_stands_when_its_mail_cannot_be_sent_and_the_failure_is_logged()
    {
        var log = new CapturedLog();
        await using var brokenMail = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Mail:Smtp:Host", "127.0.0.1");
            b.UseSetting("Mail:Smtp:Port", SmtpSink.ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Mail:Smtp:Security", "None");
            b.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(log));
        });
        var data = new ModerationTestData(brokenMail.Services, _factory.Clock);
        var article = await data.AddArticleAsync();
        var comment = await data.AddCommentAsync(article.Id, email: $"unlucky-{Guid.NewGuid():N}@example.org");

        var result = await data.Get<ModeratorDecisions>().ApproveAsync([Ref(comment)], Alice);

        Assert.True(result.Succeeded);
        await brokenMail.Services.MailsHandledAsync();
        Assert.Equal(CommentStatus.Approved, (await data.ReloadAsync(comment.Id)).Status);
        Assert.Single(await data.EventsForAsync(comment.Id));
        Assert.Contains(log.Messages, m => m.Contains($"comment {comment.Id}") && m.Contains("not sent"));
    }

    [Fact]
    public async Task Purging_spam_deletes_only_old_spam_and_is_logged()
    {
        var article = await _data.AddArticleAsync();
        var old = await _data.AddCommentAsync(article.Id, CommentStatus.Spam, createdAt: _factory.Clock.GetUtcNow().AddDays(-40));
        var recent = await _data.AddCommentAsync(article.Id, CommentStatus.Spam);
        var spamBefore = await _data.CounterAsync(QueueKind.Spam);

        var purged = await _data.Get<SpamPurge>().PurgeAsync(Ada);

        Assert.True(purged >= 1);
        await using var db = _data.CreateDbContext();
        Assert.False(await db.Comments.AnyAsync(c => c.Id == old.Id));
        Assert.True(await db.Comments.AnyAsync(c => c.Id == recent.Id));
        Assert.Equal(spamBefore - purged!.Value, await _data.CounterAsync(QueueKind.Spam));
        var log = await db.ModerationEvents.Where(e => e.Action == "purge").OrderByDescending(e => e.Id).FirstAsync();
        Assert.Equal("ada@example.com", log.ActorName);
        Assert.Contains("older than 30 days", log.Reason);
    }
}

public sealed class ModeratorDecisionsTests(AppFactory factory) : ModeratorDecisionsTests<AppFactory>(factory);

public sealed class ModeratorDecisionsTestsOnPostgres(PostgresAppFactory factory) : ModeratorDecisionsTests<PostgresAppFactory>(factory);
