using System.Net;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Appeals;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Appeals;

/// <summary>
/// EU Digital Services Act notice-and-action over a real SMTP server: notices of illegal content (Art. 16),
/// statements of reasons (Art. 17) and appeals decided by someone other than the first decider (Art. 20).
/// </summary>
public abstract class NoticeAndActionTests<TFactory> : IClassFixture<TFactory>
    where TFactory : MailAppFactory
{
    private readonly MailAppFactory _factory;
    private readonly ModerationTestData _data;

    protected NoticeAndActionTests(TFactory factory)
    {
        _factory = factory;
        _data = new ModerationTestData(factory.Services, factory.Clock);
    }

    private ModeratorDecisions Actions => _data.Get<ModeratorDecisions>();

    private static string UniqueEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.org";

    private static Dictionary<string, string> Notice(string ground = "StGB § 130", string country = "Germany", string name = "Nora Notifier", string email = "nora@example.org",
        bool goodFaith = true, string text = "It incites hatred against a group.")
    {
        var values = new Dictionary<string, string>
        {
            ["Input.Reason"] = nameof(ReportReason.IllegalContent), ["Input.Text"] = text, ["Input.LegalGround"] = ground, ["Input.Country"] = country,
            ["Input.ReporterName"] = name, ["Input.ReporterEmail"] = email,
        };
        if (goodFaith) values["Input.GoodFaith"] = "true";
        return values;
    }

    private async Task<(HttpStatusCode Status, string? Alert)> SendNoticeAsync(long commentId, Dictionary<string, string> values)
    {
        var response = await _factory.CreateBrowserClient().SubmitFormAsync($"/comments/{commentId}/report", "#reportform", values);
        var page = FormClient.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, page.QuerySelector(".report-error")?.TextContent ?? page.QuerySelector(".report-thanks")?.TextContent);
    }

    private async Task AssertNoReportAsync(long commentId)
    {
        await using var db = _data.CreateDbContext();
        Assert.False(await db.Reports.AnyAsync(r => r.CommentId == commentId));
        Assert.Equal(0, (await _data.ReloadAsync(commentId)).OpenReportCount);
    }

    [Fact]
    public async Task A_notice_of_illegal_content_without_the_good_faith_statement_is_refused_with_a_clear_message_and_nothing_is_written()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);

        var (status, alert) = await SendNoticeAsync(comment.Id, Notice(goodFaith: false));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Confirm that you believe, in good faith, that the information in this notice is accurate and complete.", alert);
        await AssertNoReportAsync(comment.Id);
    }

    [Fact]
    public async Task A_notice_of_illegal_content_without_a_legal_ground_is_refused_with_a_clear_message_and_nothing_is_written()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved);
        var email = UniqueEmail("no-ground");

        var (status, alert) = await SendNoticeAsync(comment.Id, Notice(ground: " ", email: email));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Name the law and article the comment breaks (for example \"StGB § 130\").", alert);
        await AssertNoReportAsync(comment.Id);
        await _factory.Services.MailsHandledAsync();
        Assert.Empty(_factory.Smtp.MailsTo(email));
    }

    [Fact]
    public async Task A_notice_is_shown_in_the_queue_with_its_ground_its_sender_gets_a_receipt_and_the_outcome_and_the_author_a_human_statement_naming_the_legal_ground()
    {
        var article = await _data.AddArticleAsync("Harbour vote");
        var author = UniqueEmail("noticed-author");
        var sender = UniqueEmail("notice-sender");
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Approved, email: author);

        var (status, thanks) = await SendNoticeAsync(comment.Id, Notice(email: sender));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("Thank you. We received your notice", thanks);
        var receipt = await _factory.Smtp.WaitForMailAsync(sender, "We received your notice");
        Assert.Contains("Legal ground you named: StGB § 130 (Germany)", receipt.TextBody);
        var detail = await _data.Get<ModerationQueue>().GetItemAsync(comment.Id);
        var report = Assert.Single(detail!.Reports);
        Assert.Equal((ReportReason.IllegalContent, "StGB § 130 (Germany)", "It incites hatred against a group."), (report.Reason, report.LegalGround, report.Text));

        var rejected = await Actions.RejectAsync([Ref(await _data.ReloadAsync(comment.Id))], "Hate speech", Alice);

        Assert.True(rejected.Succeeded);
        var outcome = await _factory.Smtp.WaitForMailAsync(sender, "Your notice");
        Assert.Equal("Your notice: the comment on \"Harbour vote\" was removed", outcome.Subject);
        Assert.Contains("reason: Hate speech", outcome.TextBody);
        var statement = await _factory.Smtp.WaitForMailAsync(author);
        Assert.Equal("Your comment on \"Harbour vote\" was removed", statement.Subject);
        Assert.Contains("Reason: Hate speech", statement.TextBody);
        Assert.Contains("Legal ground named in a notice of illegal content: StGB § 130 (Germany)", statement.TextBody);
        Assert.Contains("taken by a moderator (a person)", statement.TextBody);
        Assert.DoesNotContain("automated means", statement.TextBody);
        Assert.Contains(AppealLinks.FormPath, statement.Link(AppealLinks.FormPath).AbsolutePath);
        Assert.DoesNotContain(sender, statement.TextBody);
    }

    [Fact]
    public async Task The_engines_spam_verdict_sends_its_author_a_statement_of_reasons_saying_it_was_automated_and_any_moderator_may_decide_the_appeal()
    {
        await _factory.ConfigureDiscussionAsync(s => s with { DisallowedKeys = "cheap pills" });
        var author = UniqueEmail("engine-spam");
        CommentPostResult posted;
        try
        {
            var article = await _factory.AddArticleAsync(ReaderArrange.UniqueSlug("engine-spam"));
            await using var scope = _factory.Services.CreateAsyncScope();
            posted = await scope.ServiceProvider.GetRequiredService<CommentPosting>()
                .PostAsync(new CommentSubmission { ArticleId = article.Id, Body = "Buy CHEAP PILLS now", AuthorName = "Seller", AuthorEmail = author });
        }
        finally
        {
            await _factory.ConfigureDiscussionAsync(s => s with { DisallowedKeys = "" });
        }

        Assert.Equal(PostingOutcome.Spam, posted.Outcome);
        var statement = await _factory.Smtp.WaitForMailAsync(author);
        Assert.EndsWith("was not published", statement.Subject);
        Assert.Contains("Reason: Spam, by our automatic checks:", statement.TextBody);
        Assert.Contains("taken by automated means", statement.TextBody);
        var appealPage = statement.Link(AppealLinks.FormPath).PathAndQuery;
        var client = _factory.CreateBrowserClient();
        var filed = await client.SubmitFormAsync(appealPage, "#appealform", new Dictionary<string, string> { ["Input.Text"] = "I was quoting the spam I received." });
        Assert.Contains("Your appeal is filed", await filed.Content.ReadAsStringAsync());

        await using var db = _data.CreateDbContext();
        var appeal = await db.Appeals.SingleAsync(a => a.CommentId == posted.CommentId);
        Assert.Null(appeal.FirstDeciderUserId);
        Assert.Null(await _data.Get<AppealDecisions>().DecideAsync(appeal.Id, AppealOutcome.Upheld, "It advertises pills.", Alice));
        Assert.Equal(CommentStatus.Spam, (await _data.ReloadAsync(posted.CommentId!.Value)).Status);
        var told = await _factory.Smtp.WaitForMailAsync(author, "Your appeal");
        Assert.EndsWith("was not successful", told.Subject);
        Assert.Contains("Reason: It advertises pills.", told.TextBody);
    }

    [Fact]
    public async Task An_author_appeals_once_through_the_link_of_the_statement_and_a_second_appeal_is_refused()
    {
        var article = await _data.AddArticleAsync();
        var author = UniqueEmail("appeals-once");
        var comment = await _data.AddCommentAsync(article.Id, email: author);
        await Actions.RejectAsync([Ref(comment)], "Off-topic", Alice);
        var appealPage = (await _factory.Smtp.WaitForMailAsync(author)).Link(AppealLinks.FormPath).PathAndQuery;

        var client = _factory.CreateBrowserClient();
        var first = await client.SubmitFormAsync(appealPage, "#appealform", new Dictionary<string, string> { ["Input.Text"] = "It was on topic: the article is about the harbour." });
        Assert.Contains("Your appeal is filed", await first.Content.ReadAsStringAsync());

        var again = await client.GetDocumentAsync(appealPage);
        Assert.Equal("You have already appealed against this decision; an author may appeal once.", again.QuerySelector(".appeal-done")?.TextContent);
        Assert.Null(again.QuerySelector("#appealform"));
        var resent = await _data.Get<AuthorAppeals>().FileAsync((await _data.CreateDbContext().Appeals.SingleAsync(a => a.CommentId == comment.Id)).DecisionEventId, "Once more");
        Assert.Equal("You have already appealed against this decision; an author may appeal once.", resent.Problem);
        await using var db = _data.CreateDbContext();
        var appeal = await db.Appeals.SingleAsync(a => a.CommentId == comment.Id);
        Assert.Equal(("It was on topic: the article is about the harbour.", "alice-id"), (appeal.Text, appeal.FirstDeciderUserId));
    }

    [Fact]
    public async Task A_forged_appeal_link_is_refused_and_changes_nothing()
    {
        var response = await _factory.CreateBrowserClient().GetAsync($"{AppealLinks.FormPath}?token=made-up");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This link is not valid here", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_moderator_who_decided_cannot_decide_the_appeal_another_reverses_it_which_publishes_the_comment_audited_and_mails_the_author()
    {
        var article = await _factory.AddArticleAsync(ReaderArrange.UniqueSlug("appeal-reversed"));
        var author = UniqueEmail("reversed");
        var comment = await _data.AddCommentAsync(article.Id, body: "The harbour plan costs too much.", email: author);
        var rejected = await Actions.RejectAsync([Ref(comment)], "Off-topic", Alice);
        var filing = await _data.Get<AuthorAppeals>().FileAsync(rejected.Changed[0].EventId, "It is about the harbour plan.");
        Assert.True(filing.Filed);
        await using var db = _data.CreateDbContext();
        var appealId = await db.Appeals.Where(a => a.CommentId == comment.Id).Select(a => a.Id).SingleAsync();
        var decisions = _data.Get<AppealDecisions>();

        var refused = await decisions.DecideAsync(appealId, AppealOutcome.Reversed, "On topic after all.", Alice);

        Assert.Equal(AppealDecisions.SameDecider, refused);
        Assert.Equal(CommentStatus.Rejected, (await _data.ReloadAsync(comment.Id)).Status);
        Assert.Null(await db.Appeals.Where(a => a.Id == appealId).Select(a => a.DecidedAt).SingleAsync());

        Assert.Null(await decisions.DecideAsync(appealId, AppealOutcome.Reversed, "On topic after all.", Bob));

        Assert.Equal(CommentStatus.Approved, (await _data.ReloadAsync(comment.Id)).Status);
        var page = await _factory.CreateBrowserClient().GetDocumentAsync($"/articles/{article.Slug}");
        Assert.NotNull(page.QuerySelector($"#comment-{comment.Id}"));
        Assert.Contains("The harbour plan costs too much.", page.QuerySelector($"#comment-{comment.Id}")!.TextContent);
        var audit = (await _data.EventsForAsync(comment.Id)).Last();
        Assert.Equal((AuditActions.AppealReverse, CommentStatus.Rejected, CommentStatus.Approved, "bob-id", "On topic after all."),
            (audit.Action, audit.FromStatus, audit.ToStatus, audit.ActorUserId, audit.Reason));
        var appeal = await _data.CreateDbContext().Appeals.SingleAsync(a => a.Id == appealId);
        Assert.Equal((AppealOutcome.Reversed, "bob-id"), (appeal.Outcome, appeal.DecidedByUserId));
        var told = await _factory.Smtp.WaitForMailAsync(author, "Your appeal");
        Assert.StartsWith("Your appeal was successful", told.Subject);
        Assert.Contains("Reason: On topic after all.", told.TextBody);
        Assert.Equal("bob@example.com decided this appeal first. Nothing was changed.", await decisions.DecideAsync(appealId, AppealOutcome.Upheld, "Again", Ada));
    }
}

public sealed class NoticeAndActionTests(MailAppFactory factory) : NoticeAndActionTests<MailAppFactory>(factory);

public sealed class NoticeAndActionTestsOnPostgres(PostgresMailAppFactory factory) : NoticeAndActionTests<PostgresMailAppFactory>(factory);
