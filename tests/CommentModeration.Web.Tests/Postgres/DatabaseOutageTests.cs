using System.Collections.Concurrent;
using System.Net;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Hosting;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Postgres;

/// <summary>
/// The database goes away under a running server and comes back: the app reaches PostgreSQL through
/// a relay the test cuts (every connection closed, new ones refused), as a restart or a network
/// fault does. Readers keep cached pages, posts are answered "try again shortly" with their text kept,
/// nothing is half-written, and the server recovers by itself.
/// </summary>
public sealed class DatabaseOutageTests(RelayedPostgresReaderAppFactory factory) : IClassFixture<RelayedPostgresReaderAppFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private TcpRelay Relay => factory.Relay!;

    private static string Url(Article article) => ArticleUrls.Article(article.Slug);

    private async Task<List<Comment>> CommentsOfAsync(Article article)
    {
        await using var db = factory.CreateDbContext();
        return await db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id).OrderBy(c => c.Id).ToListAsync();
    }

    private static async Task<PageForm> ReplyFormAsync(HttpClient reader, string pageUrl) =>
        FormClient.FormIn(await reader.GetDocumentAsync(pageUrl), "#commentform", pageUrl);

    [Fact]
    public async Task A_guest_posting_while_the_database_is_unreachable_is_asked_to_try_again_shortly_with_everything_typed_kept()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("outage-post"));
        var reader = factory.CreateBrowserClient();
        var form = await ReplyFormAsync(reader, Url(article));
        var typed = ReaderArrange.GuestReply("Posted while the database restarts", author: "Patient Reader", email: "patient@example.com", url: "https://patient.example.com/");

        HttpResponseMessage refused;
        using (Relay.Cut())
        {
            refused = await reader.PostAsync(form.Target, form.With(typed));
        }

        var again = await TryAgainShortly.ReplyFormOfAsync(refused, Url(article));
        Assert.Equal((typed["comment"], typed["author"], typed["email"], typed["url"]), (again["comment"], again["author"], again["email"], again["url"]));
        Assert.Empty(await CommentsOfAsync(article));
        await using (var db = factory.CreateDbContext())
        {
            Assert.False(await db.ModerationEvents.AnyAsync(e => e.AuthorKey == "email:patient@example.com"));
        }

        // Sent again, as it came back, once the database is there.
        var resent = await reader.PostAsync(again.Target, again.With());

        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.Equal("Posted while the database restarts", Assert.Single(await CommentsOfAsync(article)).BodyText);
    }

    [Fact]
    public async Task A_reply_sent_while_the_server_cannot_even_read_the_article_comes_back_in_a_form_holding_the_text_to_send_again()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("outage-reply"));
        var parent = await factory.AddCommentAsync(article, "The comment being answered", author: "First Voice");
        var reader = factory.CreateBrowserClient();
        var replyUrl = ArticleUrls.ReplyToPrefix(article.Slug, 1) + parent.Id;
        var form = await ReplyFormAsync(reader, replyUrl);
        Assert.Equal(parent.Id.ToString(), form["comment_parent"]);
        // Nothing of the article left in memory: the post must read it, and cannot.
        await factory.Services.GetRequiredService<ArticlePageCache>().EvictAllAsync();
        var typed = ReaderArrange.GuestReply("An answer written during the outage", author: "Second Voice", email: "second-voice@example.com");

        HttpResponseMessage refused;
        using (Relay.Cut())
        {
            refused = await reader.PostAsync(form.Target, form.With(typed));
        }

        var again = await TryAgainShortly.ReplyFormOfAsync(refused, replyUrl);
        Assert.Equal((typed["comment"], typed["author"], typed["email"], parent.Id.ToString()), (again["comment"], again["author"], again["email"], again["comment_parent"]));
        Assert.Single(await CommentsOfAsync(article));

        var resent = await reader.PostAsync(again.Target, again.With());

        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        var reply = (await CommentsOfAsync(article)).Last();
        Assert.Equal(("An answer written during the outage", parent.Id), (reply.BodyText, reply.ParentId));
    }

    [Fact]
    public async Task During_an_outage_readers_get_the_cached_article_page_and_an_uncached_page_asks_them_to_try_again_shortly()
    {
        var cached = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("outage-cached"));
        await factory.AddCommentAsync(cached, "Read before the outage");
        var uncached = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("outage-uncached"));
        var reader = factory.CreateClient();
        Assert.Contains("Read before the outage", await reader.GetStringAsync(Url(cached)));

        using (Relay.Cut())
        {
            var served = await reader.GetAsync(Url(cached));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Contains("Read before the outage", await served.Content.ReadAsStringAsync());

            var refused = await reader.GetAsync(Url(uncached));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(DatabaseUnavailable.RetryAfter, refused.Headers.RetryAfter?.Delta);
            var page = FormClient.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal("Try again shortly.", page.QuerySelector("h1")?.TextContent);
        }

        Assert.Contains(uncached.Title, await reader.GetStringAsync(Url(uncached)));
    }

    [Fact]
    public async Task Once_the_database_is_back_the_next_post_and_the_next_uncached_page_succeed_without_a_restart()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("outage-recovery"));
        var later = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("outage-recovery-later"));
        var reader = factory.CreateBrowserClient();
        var form = await ReplyFormAsync(reader, Url(article));
        // The pool holds connections from before the outage, which it breaks.
        Assert.Equal(HttpStatusCode.Redirect, (await reader.PostAsync(form.Target, form.With(ReaderArrange.GuestReply("Before the outage", email: "before-outage@example.com")))).StatusCode);

        using (Relay.Cut())
        {
            var refused = await reader.PostAsync(form.Target, form.With(ReaderArrange.GuestReply("During the outage", email: "during-outage@example.com")));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        var posted = await reader.PostAsync(form.Target, form.With(ReaderArrange.GuestReply("Right after the outage", email: "after-outage@example.com")));
        var page = await factory.CreateClient().GetAsync(Url(later));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(new[] { "Before the outage", "Right after the outage" }, (await CommentsOfAsync(article)).Select(c => c.BodyText));
    }

    [Fact]
    public async Task Readers_posting_all_through_an_outage_are_each_told_saved_or_try_again_and_every_comment_told_saved_is_stored_once()
    {
        const int Readers = 4;
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("outage-load"));
        var readers = new List<(HttpClient Client, PageForm Form)>();
        for (var r = 0; r < Readers; r++)
        {
            var client = factory.CreateBrowserClient();
            readers.Add((client, await ReplyFormAsync(client, Url(article))));
        }
        var answers = new ConcurrentQueue<(string Text, HttpStatusCode Status)>();
        using var stop = new CancellationTokenSource();
        var posting = readers.Select((reader, r) => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var text = $"Reader {r}, post {n}, through the outage";
                var reply = ReaderArrange.GuestReply(text, author: $"Outage Reader {r}", email: $"outage-{r}-{n}@example.com");
                var response = await reader.Client.PostAsync(reader.Form.Target, reader.Form.With(reply));
                answers.Enqueue((text, response.StatusCode));
            }
        })).ToArray();

        await UntilAsync(() => answers.Count(a => a.Status == HttpStatusCode.Redirect) >= 10);
        using (Relay.Cut())
        {
            var cutAt = answers.Count;
            await UntilAsync(() => answers.Skip(cutAt).Count(a => a.Status == HttpStatusCode.ServiceUnavailable) >= 2 * Readers);
        }
        var restoredAt = answers.Count;
        await UntilAsync(() => answers.Skip(restoredAt).Count(a => a.Status == HttpStatusCode.Redirect) >= 10);
        await stop.CancelAsync();
        await Task.WhenAll(posting);

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Redirect or HttpStatusCode.ServiceUnavailable, $"{a.Text}: answered {(int)a.Status}"));
        await using var db = factory.CreateDbContext();
        var stored = await db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id).ToListAsync();
        foreach (var saved in answers.Where(a => a.Status == HttpStatusCode.Redirect)) Assert.Single(stored, c => c.BodyText == saved.Text);
        // Nothing half-written: whatever is stored (a post answered "try again" whose commit was cut may be) is whole, with its audit row and thread.
        var posted = await db.ModerationEvents.AsNoTracking().Where(e => e.Action == AuditActions.Posted && e.CommentId != null)
            .Join(db.Comments.Where(c => c.ArticleId == article.Id), e => e.CommentId, c => c.Id, (e, c) => c.Id).ToListAsync();
        Assert.Equal(stored.Select(c => c.Id).Order(), posted.Order());
        Assert.All(stored, c => Assert.Equal(c.Id, c.ThreadRootId));
        // Counters: every queue counter and the article's counts equal a recount of the rows.
        var all = await db.Comments.AsNoTracking().Select(c => new { c.Status }).ToListAsync();
        var counters = await db.QueueCounters.AsNoTracking().ToDictionaryAsync(q => q.Name, q => q.Value);
        foreach (var (queue, status) in new[] { (QueueKind.Pending, CommentStatus.Pending), (QueueKind.Approved, CommentStatus.Approved), (QueueKind.Rejected, CommentStatus.Rejected), (QueueKind.Spam, CommentStatus.Spam) })
        {
            Assert.Equal(all.Count(c => c.Status == status), counters.GetValueOrDefault(CommentQueues.CounterName(queue)));
        }
        var counted = await db.Articles.AsNoTracking().SingleAsync(a => a.Id == article.Id);
        var visible = stored.Count(c => CommentVisibility.IsVisibleState(c.Status, c.HiddenByReports));
        Assert.Equal((visible, visible), (counted.ApprovedCommentCount, counted.PublishedThreadCount));
    }

    private static Task UntilAsync(Func<bool> reached) => Eventually.UntilAsync(reached, Patience, "the posts did not get that far.");
}
