using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests;

/// <summary>
/// The provider's statements answer what the same question asked through EF (visibility as
/// <see cref="CommentVisibility"/> states it) or read in C# answers, on a data set with every
/// state a comment can be in, ties in posting time, and a second article.
/// </summary>
public abstract class SqlStatementsTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private SqlStatements Sql => factory.Services.GetRequiredService<SqlStatements>();

    private sealed record Arranged(Article Article, Article Other, List<Comment> All, string UserKey);

    private async Task<Arranged> ArrangeAsync(string name)
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug(name));
        var other = await factory.AddArticleAsync(ReaderArrange.UniqueSlug(name + "-other"));
        var user = await factory.CreateUserAsync($"{name}-{Guid.NewGuid():N}@example.com", ReaderArrange.Password);
        var t = factory.Clock.GetUtcNow().AddDays(-1);
        var all = new List<Comment>();
        async Task<Comment> Add(Article on, string body, CommentStatus status = CommentStatus.Approved, Comment? parent = null, int minute = 0, string? userId = null)
        {
            var comment = await factory.AddCommentAsync(on, body, status, parent, userId: userId, at: t.AddMinutes(minute));
            all.Add(comment);
            return comment;
        }

        var first = await Add(article, "First root");
        var reply = await Add(article, "Reply", parent: first, minute: 30);
        var hiddenReply = await Add(article, "Hidden reply", parent: first, minute: 31);
        await Add(article, "Visible reply under a hidden reply", parent: hiddenReply, minute: 32);
        await Add(article, "Held reply", CommentStatus.Pending, first, 33, user.Id);
        await Add(article, "Deep reply", parent: reply, minute: 34);
        // Three roots posted in the same tick: their order is by id.
        var tiedA = await Add(article, "Tied root A", minute: 1);
        var tiedB = await Add(article, "Tied root B", minute: 1);
        await Add(article, "Tied root C", CommentStatus.Pending, minute: 1, userId: user.Id);
        await Add(article, "Reply to tied B", parent: tiedB, minute: 35);
        var hiddenRoot = await Add(article, "Hidden root", minute: 2);
        await Add(article, "Reply under a hidden root", parent: hiddenRoot, minute: 36);
        var heldRoot = await Add(article, "Held root", CommentStatus.Pending, minute: 3, userId: user.Id);
        await Add(article, "Reply under a held root", parent: heldRoot, minute: 37);
        await Add(article, "Rejected root", CommentStatus.Rejected, minute: 4);
        await Add(article, "Spam root", CommentStatus.Spam, minute: 5, userId: user.Id);
        var flagged = await Add(article, "Flagged root", minute: 6);
        var reported = await Add(article, "Reported root", minute: 7);
        await Add(article, "Last root", minute: 8);
        await Add(other, "Root elsewhere", minute: 1);
        await Add(other, "Held elsewhere", CommentStatus.Pending, minute: 2, userId: user.Id);

        await using var db = factory.CreateDbContext();
        await db.Comments.Where(c => c.Id == hiddenReply.Id || c.Id == hiddenRoot.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.HiddenByReports, true));
        await db.Comments.Where(c => c.Id == reply.Id).ExecuteUpdateAsync(c => c
            .SetProperty(x => x.EditedAt, t.AddHours(2)).SetProperty(x => x.AuthorUrl, "https://example.org/reader"));
        await db.Comments.Where(c => c.Id == flagged.Id || c.Id == tiedA.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.NeedsReview, true));
        await db.Comments.Where(c => c.Id == reported.Id || c.Id == hiddenRoot.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.OpenReportCount, 2));
        await db.Comments.Where(c => c.Id == flagged.Id || c.Id == heldRoot.Id).ExecuteUpdateAsync(c => c
            .SetProperty(x => x.VerdictJson, """[{"ruleKey":"rule-a","rule":"Rule A","action":"hold"},{"ruleKey":"builtin:links","rule":"Links","action":"flag"}]"""));
        await db.Comments.Where(c => c.Id == reported.Id).ExecuteUpdateAsync(c => c
            .SetProperty(x => x.VerdictJson, """[{"ruleKey":"builtin:links","rule":"Links","action":"flag"}]"""));
        return new Arranged(article, other, await db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id || c.ArticleId == other.Id).ToListAsync(),
            AuthorKeys.ForUser(user.Id));
    }

    private static IQueryable<CommentView> Views(IQueryable<Comment> comments) =>
        comments.Select(c => new CommentView(c.Id, c.ParentId, c.ThreadRootId, c.AuthorName, c.AuthorUrl, c.CreatedAt, c.BodyHtml, c.Status, c.EditedAt));

    private static IQueryable<Comment> VisibleRoots(AppDbContext db, long articleId) =>
        db.Comments.Where(CommentVisibility.IsVisible).Where(c => c.ArticleId == articleId && c.ParentId == null);

    [Fact]
    public async Task A_page_of_visible_threads_holds_what_the_EF_query_of_visible_comments_holds()
    {
        var arranged = await ArrangeAsync("statements-page");
        await using var db = factory.CreateDbContext();

        foreach (var (offset, count) in new[] { (0, 1), (0, 2), (1, 1), (1, 2), (2, 3), (0, 50), (5, 1), (6, 4), (20, 5) })
        {
            var roots = VisibleRoots(db, arranged.Article.Id).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Skip(offset).Take(count).Select(c => c.Id);
            var expected = await Views(db.Comments.Where(CommentVisibility.IsVisible).Where(c => roots.Contains(c.ThreadRootId))).ToListAsync();

            var read = Sql.VisibleThreadsOfPage(arranged.Article.Id, offset, count);

            Assert.Equal(expected.OrderBy(c => c.Id), read.OrderBy(c => c.Id));
        }
        // The whole article: its six visible roots and the four visible comments under them (one
        // under a hidden reply: the thread is built in memory, where it finds no parent).
        Assert.Equal(10, Sql.VisibleThreadsOfPage(arranged.Article.Id, 0, 50).Count);
    }

    [Fact]
    public async Task Visible_threads_after_a_root_are_counted_as_EF_counts_them()
    {
        var arranged = await ArrangeAsync("statements-after");
        await using var db = factory.CreateDbContext();

        foreach (var root in arranged.All.Where(c => c.ParentId is null))
        {
            var (at, id) = (root.CreatedAt, root.Id);
            var expected = await VisibleRoots(db, root.ArticleId).CountAsync(c => c.CreatedAt > at || (c.CreatedAt == at && c.Id > id));

            Assert.Equal(expected, Sql.CountVisibleThreadsAfter(root.ArticleId, at, id));
        }
    }

    [Fact]
    public async Task A_thread_is_placed_as_EF_places_it_in_one_statement()
    {
        var arranged = await ArrangeAsync("statements-place");
        await using var db = factory.CreateDbContext();
        foreach (var comment in arranged.All)
        {
            var (at, id) = (comment.CreatedAt, comment.Id);
            var threadCount = await db.Articles.Where(a => a.Id == comment.ArticleId).Select(a => a.PublishedThreadCount).SingleAsync();
            var after = await VisibleRoots(db, comment.ArticleId).CountAsync(c => c.CreatedAt > at || (c.CreatedAt == at && c.Id > id));
            var publishedThread = await VisibleRoots(db, comment.ArticleId).AnyAsync(c => c.Id == id);

            Assert.Equal(new ThreadPlace(publishedThread, threadCount, after), Sql.PlaceOfThread(comment.ArticleId, id));
        }
        Assert.Null(Sql.PlaceOfThread(arranged.Article.Id, arranged.All.Max(c => c.Id) + 1000));
    }

    [Fact]
    public async Task Held_comments_are_read_by_id_and_by_author_on_their_article_only()
    {
        var arranged = await ArrangeAsync("statements-held");
        await using var db = factory.CreateDbContext();

        foreach (var comment in arranged.All)
        {
            foreach (var articleId in new[] { arranged.Article.Id, arranged.Other.Id })
            {
                var expected = await Views(db.Comments.Where(c => c.Id == comment.Id && c.ArticleId == articleId && c.Status == CommentStatus.Pending)).SingleOrDefaultAsync();
                Assert.Equal(expected, Sql.HeldComment(comment.Id, articleId));
            }
        }
        foreach (var articleId in new[] { arranged.Article.Id, arranged.Other.Id })
        {
            var expected = await Views(db.Comments.Where(c => c.AuthorKey == arranged.UserKey && c.ArticleId == articleId && c.Status == CommentStatus.Pending)).ToListAsync();
            Assert.NotEmpty(expected);
            Assert.Equal(expected.OrderBy(c => c.Id), Sql.HeldCommentsOfAuthor(arranged.UserKey, articleId).OrderBy(c => c.Id));
        }
    }

    [Fact]
    public async Task Queue_comments_are_the_queue_and_the_fired_rule_as_the_stored_verdicts_say()
    {
        var arranged = await ArrangeAsync("statements-queue");
        var ours = arranged.All.Where(c => c.ArticleId == arranged.Article.Id).ToList();
        await using var db = factory.CreateDbContext();

        foreach (var queue in Enum.GetValues<IndexedQueue>())
        {
            foreach (var rule in new[] { null, "rule-a", "builtin:links", "rule-none" })
            {
                var expected = ours
                    .Where(c => queue switch
                    {
                        IndexedQueue.Flagged => c.Status == CommentStatus.Approved && c.NeedsReview,
                        IndexedQueue.Reported => c.Status == CommentStatus.Approved && c.OpenReportCount > 0,
                        _ => true,
                    })
                    .Where(c => rule is null || VerdictHits.Parse(c.VerdictJson).Any(h => h.RuleKey == rule))
                    .Select(c => c.Id).Order();

                var read = await Sql.QueueComments(db, queue, rule).Where(c => c.ArticleId == arranged.Article.Id).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();

                Assert.Equal(expected, read);
            }
        }
    }
}

public sealed class SqlStatementsTests(ReaderAppFactory factory) : SqlStatementsTests<ReaderAppFactory>(factory);

public sealed class SqlStatementsTestsOnPostgres(PostgresReaderAppFactory factory) : SqlStatementsTests<PostgresReaderAppFactory>(factory);
