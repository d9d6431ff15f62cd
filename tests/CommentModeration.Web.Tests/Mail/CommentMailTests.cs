using System.Net;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;
using MimeKit;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Mail;

/// <summary>The mails about comments (a moderator's decision, a reply) as they arrive at a real SMTP server, and the unsubscribe page.</summary>
public abstract class CommentMailTests<TFactory> : IClassFixture<TFactory>
    where TFactory : MailAppFactory
{
    private const string Replied = "replied to your comment";
    private readonly MailAppFactory _factory;
    private readonly ModerationTestData _data;

    protected CommentMailTests(TFactory factory)
    {
        _factory = factory;
        _data = new ModerationTestData(factory.Services, factory.Clock);
    }

    private ModeratorDecisions Actions => _data.Get<ModeratorDecisions>();

    private static string UniqueEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.org";

    private static string CommentUrl(Article article, long commentId) => $"{MailAppFactory.PublicUrl}articles/{article.Slug}?cpage=1#comment-{commentId}";

    private IReadOnlyList<MimeMessage> MailsTo(string email, string subject) =>
        _factory.Smtp.MailsTo(email).Where(m => (m.Subject ?? "").Contains(subject, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_decision_mail_tells_the_outcome_and_the_reason_and_links_to_the_comment_by_its_absolute_address()
    {
        var article = await _data.AddArticleAsync("Budget vote");
        var rejected = await _data.AddCommentAsync(article.Id, email: UniqueEmail("rejected"));
        var approved = await _data.AddCommentAsync(article.Id, email: UniqueEmail("approved"));

        await Actions.RejectAsync([Ref(rejected)], "Off-topic", Alice);
        await Actions.ApproveAsync([Ref(approved)], Alice);

        var no = await _factory.Smtp.WaitForMailAsync(rejected.AuthorEmail);
        Assert.Equal("Your comment on \"Budget vote\" was not published", no.Subject);
        Assert.Contains("Reason: Off-topic", no.TextBody);
        Assert.Equal(CommentUrl(article, rejected.Id), no.Link("#comment-").AbsoluteUri);
        var yes = await _factory.Smtp.WaitForMailAsync(approved.AuthorEmail);
        Assert.Equal("Your comment on \"Budget vote\" is published", yes.Subject);
        Assert.Equal(CommentUrl(article, approved.Id), yes.Link("#comment-").AbsoluteUri);
        Assert.Contains($"href=\"{WebUtility.HtmlEncode(CommentUrl(article, approved.Id))}\"", yes.HtmlBody);
    }

    [Fact]
    public async Task Approve_undo_approve_mails_the_author_once()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, email: UniqueEmail("once"));

        var approved = await Actions.ApproveAsync([Ref(comment)], Alice);
        await _factory.Services.MailsHandledAsync();
        Assert.Single(MailsTo(comment.AuthorEmail, "is published"));
        await Actions.UndoAsync(approved.Changed, Alice);
        var again = await Actions.ApproveAsync([Ref(await _data.ReloadAsync(comment.Id))], Bob);

        Assert.True(again.Succeeded);
        await _factory.Services.MailsHandledAsync();
        Assert.Single(_factory.Smtp.MailsTo(comment.AuthorEmail));
    }

    [Fact]
    public async Task A_published_reply_mails_the_author_it_answers_with_a_link_to_it_and_unsubscribing_stops_the_next()
    {
        var article = await _factory.AddArticleAsync(ReaderArrange.UniqueSlug("replied"));
        var answered = UniqueEmail("answered");
        var replier = UniqueEmail("replier");
        var parent = await _factory.AddCommentAsync(article, "What do you think?", author: "Asking Reader", email: answered);
        // A returning guest: an earlier approved comment under the same name and email lets the reply publish at once.
        await _factory.AddCommentAsync(article, "An earlier word", author: "Answering Reader", email: replier, at: _factory.Clock.GetUtcNow().AddDays(-2));
        var client = _factory.CreateBrowserClient();

        var posted = await client.SubmitFormAsync($"/articles/{article.Slug}", "#commentform",
            new Dictionary<string, string>(ReaderArrange.GuestReply("I think it is *fine*.", author: "Answering Reader", email: replier))
            {
                ["comment_parent"] = parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var replyId = long.Parse(posted.Headers.Location!.Fragment["#comment-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(CommentStatus.Approved, (await _data.ReloadAsync(replyId)).Status);
        var mail = await _factory.Smtp.WaitForMailAsync(answered, Replied);
        Assert.Equal($"Answering Reader replied to your comment on \"{article.Title}\"", mail.Subject);
        Assert.Contains("> I think it is *fine*.", mail.TextBody);
        Assert.Equal(CommentUrl(article, replyId), mail.Link("#comment-").AbsoluteUri);
        var unsubscribe = mail.Link("/mail/unsubscribe");
        Assert.StartsWith(MailAppFactory.PublicUrl, unsubscribe.AbsoluteUri);
        Assert.Equal($"<{unsubscribe.AbsoluteUri}>", mail.Headers[HeaderId.ListUnsubscribe]);
        await _factory.Services.MailsHandledAsync();
        Assert.Empty(MailsTo(replier, Replied));

        var reader = _factory.CreateBrowserClient();
        var page = await reader.GetDocumentAsync(unsubscribe.PathAndQuery);
        Assert.DoesNotContain(answered, page.Body!.InnerHtml);
        var done = await reader.SubmitFormAsync(unsubscribe.PathAndQuery, "#unsubscribe-form", new Dictionary<string, string>());
        Assert.Contains("gets no more mails when someone replies", await done.Content.ReadAsStringAsync());
        await using (var db = _factory.CreateDbContext())
        {
            Assert.True(await db.ReplyMailOptOuts.AnyAsync(o => o.Email == answered));
        }

        _factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await client.SubmitFormAsync($"/articles/{article.Slug}", "#commentform",
            new Dictionary<string, string>(ReaderArrange.GuestReply("And one more thought.", author: "Answering Reader", email: replier))
            {
                ["comment_parent"] = parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        await _factory.Services.MailsHandledAsync();
        Assert.Single(MailsTo(answered, Replied));
    }

    [Fact]
    public async Task A_held_reply_mails_the_author_it_answers_when_a_moderator_publishes_it_and_only_the_first_time()
    {
        var article = await _data.AddArticleAsync("Held replies");
        var parent = await _data.AddCommentAsync(article.Id, CommentStatus.Approved, email: UniqueEmail("parent"));
        var reply = await _data.AddCommentAsync(article.Id, parentId: parent.Id, author: "Held Replier", email: UniqueEmail("held-replier"));

        var approved = await Actions.ApproveAsync([Ref(reply)], Alice);
        var mail = await _factory.Smtp.WaitForMailAsync(parent.AuthorEmail, Replied);
        Assert.Equal(CommentUrl(article, reply.Id), mail.Link("#comment-").AbsoluteUri);
        await Actions.UnapproveAsync([new CommentRef(reply.Id, approved.Changed[0].Version)], Bob);
        await Actions.ApproveAsync([Ref(await _data.ReloadAsync(reply.Id))], Bob);

        await _factory.Services.MailsHandledAsync();
        Assert.Single(MailsTo(parent.AuthorEmail, Replied));
        Assert.Single(MailsTo(reply.AuthorEmail, "is published"));
    }

    [Fact]
    public async Task A_reply_to_ones_own_comment_mails_no_reply_notice()
    {
        var article = await _data.AddArticleAsync();
        var email = UniqueEmail("talks-to-self");
        var parent = await _data.AddCommentAsync(article.Id, CommentStatus.Approved, author: "Same Reader", email: email);
        var reply = await _data.AddCommentAsync(article.Id, parentId: parent.Id, author: "Same Reader", email: email);

        await Actions.ApproveAsync([Ref(reply)], Alice);

        await _factory.Services.MailsHandledAsync();
        Assert.Single(MailsTo(email, "is published"));
        Assert.Empty(MailsTo(email, Replied));
    }

    [Fact]
    public async Task An_unsubscribe_link_the_site_did_not_make_is_refused_and_changes_nothing()
    {
        var client = _factory.CreateBrowserClient();

        var response = await client.GetAsync("/mail/unsubscribe?token=made-up-by-someone");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = FormClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("This link is not valid", page.Body!.TextContent);
        Assert.Null(page.QuerySelector("#unsubscribe-form"));
        await using var db = _factory.CreateDbContext();
        Assert.Empty(await db.ReplyMailOptOuts.Where(o => o.Email.Contains("made-up")).ToListAsync());
    }
}

public sealed class CommentMailTests(MailAppFactory factory) : CommentMailTests<MailAppFactory>(factory);

public sealed class CommentMailTestsOnPostgres(PostgresMailAppFactory factory) : CommentMailTests<PostgresMailAppFactory>(factory);
