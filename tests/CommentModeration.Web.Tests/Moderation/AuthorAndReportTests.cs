using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Moderation;

public abstract class AuthorAndReportTests<TFactory> : IClassFixture<TFactory>
    where TFactory : AppFactory
{
    private readonly AppFactory _factory;
    private readonly ModerationTestData _data;

    protected AuthorAndReportTests(TFactory factory)
    {
        _factory = factory;
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
    }

    private AuthorModeration Authors => _data.Get<AuthorModeration>();
    private ReaderReports Reports => _data.Get<ReaderReports>();

    private async Task<AuthorStanding> StandingAsync(string key)
    {
        await using var db = _data.CreateDbContext();
        return await db.AuthorStandings.AsNoTracking().SingleAsync(a => a.AuthorKey == key);
    }

    private async Task<List<ModerationEvent>> AuthorEventsAsync(string key)
    {
        await using var db = _data.CreateDbContext();
        return await db.ModerationEvents.AsNoTracking().Where(e => e.AuthorKey == key && e.CommentId == null).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task Ban_is_stored_for_the_engine_logged_and_reversed_by_reinstate()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);

        var ban = await Authors.SetStandingAsync(comment.AuthorKey, AuthorStandingLevel.Banned, null, "Threats", Alice);
        Assert.True(ban.Succeeded, ban.Message);
        Assert.Equal(AuthorStandingLevel.Banned, (await StandingAsync(comment.AuthorKey)).Level);
        // Existing comments stay as they are until acted on.
        Assert.Equal(CommentStatus.Pending, (await _data.ReloadAsync(comment.Id)).Status);

        var reinstate = await Authors.SetStandingAsync(comment.AuthorKey, AuthorStandingLevel.Normal, null, null, Bob);
        Assert.True(reinstate.Succeeded);
        Assert.Equal(AuthorStandingLevel.Normal, (await StandingAsync(comment.AuthorKey)).Level);
        Assert.Equal([("ban", "alice@example.com", "Threats"), ("reinstate", "bob@example.com", (string?)null)],
            (await AuthorEventsAsync(comment.AuthorKey)).Select(e => (e.Action, e.ActorName, e.Reason)));
    }

    [Fact]
    public async Task Trust_and_pre_moderate_are_stored_and_logged()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);

        await Authors.SetStandingAsync(comment.AuthorKey, AuthorStandingLevel.Trusted, null, null, Alice);
        Assert.Equal(AuthorStandingLevel.Trusted, (await StandingAsync(comment.AuthorKey)).Level);
        await Authors.SetStandingAsync(comment.AuthorKey, AuthorStandingLevel.PreModerated, null, "Heated threads", Alice);
        Assert.Equal(AuthorStandingLevel.PreModerated, (await StandingAsync(comment.AuthorKey)).Level);
        Assert.Equal(["trust", "premoderate"], (await AuthorEventsAsync(comment.AuthorKey)).Select(e => e.Action));
    }

    [Fact]
    public async Task Suspend_needs_a_future_date_and_records_it()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);
        var now = _factory.Clock.GetUtcNow();

        var past = await Authors.SetStandingAsync(comment.AuthorKey, AuthorStandingLevel.Suspended, now.AddDays(-1), null, Alice);
        Assert.False(past.Succeeded);
        Assert.Equal("Choose a date in the future to suspend until.", past.Message);
        Assert.Empty(await AuthorEventsAsync(comment.AuthorKey));

        var until = now.AddDays(7);
        var suspended = await Authors.SetStandingAsync(comment.AuthorKey, AuthorStandingLevel.Suspended, until, null, Alice);
        Assert.True(suspended.Succeeded);
        var standing = await StandingAsync(comment.AuthorKey);
        Assert.Equal((AuthorStandingLevel.Suspended, until), (standing.Level, standing.SuspendedUntil!.Value));
        Assert.Contains("until", Assert.Single(await AuthorEventsAsync(comment.AuthorKey)).Reason);
    }

    [Fact]
    public async Task Author_card_shows_identity_history_standing_and_notes_from_any_moderator()
    {
        var article = await _data.AddArticleAsync("Council budget");
        var first = await _data.AddCommentAsync(article.Id, CommentStatus.Approved, author: "Card Person", createdAt: _factory.Clock.GetUtcNow().AddDays(-3));
        var second = await _data.AddCommentAsync(article.Id, CommentStatus.Spam, author: "Card Person");
        var current = await _data.AddCommentAsync(article.Id, author: "Card Person", body: "Third one");
        await Authors.AddNoteAsync(current.AuthorKey, "Warned about tone in October.", Alice);
        Assert.False((await Authors.AddNoteAsync(current.AuthorKey, "  ", Bob)).Succeeded);

        var card = await Authors.LoadCardAsync(current.Id);

        Assert.NotNull(card);
        Assert.Equal(("Card Person", current.AuthorEmail, current.Ip, false), (card.Name, card.Email, card.Ip, card.IsRegistered));
        Assert.Equal((1, 0, 1), (card.ApprovedCount, card.RejectedCount, card.SpamCount));
        Assert.Equal(first.CreatedAt, card.FirstSeenAt);
        Assert.Equal([current.Id, second.Id, first.Id], card.RecentComments.Select(c => c.Id));
        var note = Assert.Single(card.Notes);
        Assert.Equal(("Warned about tone in October.", "alice@example.com"), (note.Text, note.CreatedByName));
    }

    [Fact]
    public async Task One_reader_counts_once_and_the_comment_enters_the_reported_queue()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);
        var reported = await _data.CounterAsync(QueueKind.Reported);

        Assert.Equal(ReportOutcome.Received, await Reports.ReportAsync(comment.Id, "user:r1", ReportReason.Abuse, "Insults another reader"));
        Assert.Equal(ReportOutcome.AlreadyReported, await Reports.ReportAsync(comment.Id, "user:r1", ReportReason.Spam, null));

        var stored = await _data.ReloadAsync(comment.Id);
        Assert.Equal((1, false), (stored.OpenReportCount, stored.HiddenByReports));
        Assert.Equal(reported + 1, await _data.CounterAsync(QueueKind.Reported));
        var page = await _data.Get<ModerationQueue>().GetPageAsync(new QueueFilter { Queue = QueueKind.Reported, ArticleId = article.Id });
        Assert.Equal([comment.Id], page.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Reports_from_three_distinct_readers_hide_the_comment_until_a_moderator_keeps_it()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);

        await Reports.ReportAsync(comment.Id, "guest:a", ReportReason.Abuse, null);
        await Reports.ReportAsync(comment.Id, "guest:b", ReportReason.Abuse, null);
        Assert.False((await _data.ReloadAsync(comment.Id)).HiddenByReports);
        Assert.Equal(ReportOutcome.Hidden, await Reports.ReportAsync(comment.Id, "user:c", ReportReason.OffTopic, null));

        var hidden = await _data.ReloadAsync(comment.Id);
        Assert.True(hidden.HiddenByReports);
        Assert.Equal(0, await _data.ApprovedCountOfArticleAsync(article.Id));
        Assert.Null(await Reports.FindTargetAsync(comment.Id));
        Assert.Equal(ReportOutcome.NotReportable, await Reports.ReportAsync(comment.Id, "guest:d", ReportReason.Spam, null));

        var kept = await _data.Get<ModeratorDecisions>().ApproveAsync([Ref(hidden)], Alice);

        Assert.True(kept.Succeeded);
        var reviewed = await _data.ReloadAsync(comment.Id);
        Assert.Equal((false, 0), (reviewed.HiddenByReports, reviewed.OpenReportCount));
        Assert.Equal(1, await _data.ApprovedCountOfArticleAsync(article.Id));
        await using var db = _data.CreateDbContext();
        Assert.True(await db.Reports.Where(r => r.CommentId == comment.Id).AllAsync(r => r.ResolvedAt != null));
        Assert.True(await db.ModerationEvents.AnyAsync(e => e.CommentId == comment.Id && e.Action == "hidden-by-reports" && e.Automatic));
    }

    [Fact]
    public async Task Undoing_a_review_reopens_the_reports_and_hides_the_comment_again()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);
        foreach (var reader in new[] { "user:x", "user:y", "user:z" }) await Reports.ReportAsync(comment.Id, reader, ReportReason.Abuse, null);

        var kept = await _data.Get<ModeratorDecisions>().ApproveAsync([Ref(await _data.ReloadAsync(comment.Id))], Alice);
        await _data.Get<ModeratorDecisions>().UndoAsync(kept.Changed, Alice);

        var again = await _data.ReloadAsync(comment.Id);
        Assert.Equal((true, 3), (again.HiddenByReports, again.OpenReportCount));
        Assert.Equal(0, await _data.ApprovedCountOfArticleAsync(article.Id));
        await using var db = _data.CreateDbContext();
        Assert.Equal(3, await db.Reports.CountAsync(r => r.CommentId == comment.Id && r.ResolvedAt == null));
    }

    [Fact]
    public async Task A_held_comment_cannot_be_reported_and_an_overlong_text_is_refused()
    {
        var article = await _data.AddArticleAsync();
        var held = await _data.AddCommentAsync(article.Id);
        var published = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);

        Assert.Equal(ReportOutcome.NotReportable, await Reports.ReportAsync(held.Id, "user:q", ReportReason.Spam, null));
        Assert.Equal(ReportOutcome.Invalid, await Reports.ReportAsync(published.Id, "user:q", ReportReason.Spam, new string('x', ReaderReports.MaxTextLength + 1)));
        await using var db = _data.CreateDbContext();
        Assert.False(await db.Reports.AnyAsync(r => r.CommentId == held.Id || r.CommentId == published.Id));
    }
}

public sealed class AuthorAndReportTests(AppFactory factory) : AuthorAndReportTests<AppFactory>(factory);

public sealed class AuthorAndReportTestsOnPostgres(PostgresAppFactory factory) : AuthorAndReportTests<PostgresAppFactory>(factory);
