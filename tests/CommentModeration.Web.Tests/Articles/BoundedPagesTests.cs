using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Seeding;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>
/// Every comment page stays small whatever the shape of its threads: the replies it leaves out
/// are behind links to thread views that, followed without JavaScript, show every comment once;
/// a permalink lands on the page that shows its comment; an author still sees their held comment.
/// </summary>
public abstract class BoundedPagesTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private const int MaxPageBytes = 200 * 1024;

    // About what a reader writes in a few sentences; long enough that the old unbounded pages went far past the bound.
    private const string Sentence = "I read the report twice and I still think the council should publish the flood survey before the vote, not after it, so that everyone can weigh it. ";

    [Fact]
    public async Task A_chain_of_200_replies_stays_under_the_bound_and_its_links_show_every_reply_exactly_once()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("deep"));
        var comments = await AddCommentsAsync(article, 201, (i, earlier) => i == 0 ? null : earlier[i - 1], Sentence + Sentence);

        var seen = await CrawlAsync(factory.CreateBrowserClient(), ArticleUrls.Article(article.Slug));

        Assert.Equal(comments.Select(c => c.Id).Order(), seen.Keys.Order());
        Assert.All(seen, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public async Task A_comment_with_2000_replies_stays_under_the_bound_and_its_links_show_every_reply_exactly_once()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("wide"));
        var comments = await AddCommentsAsync(article, 2001, (i, earlier) => i == 0 ? null : earlier[0], Sentence);
        var client = factory.CreateBrowserClient();

        var page = await GetBoundedAsync(client, ArticleUrls.Article(article.Slug));
        var more = page.QuerySelector($"li#comment-{comments[0].Id} > ol.children > li.comment-more > a.comment-more-link")!;
        Assert.Equal(ReplyBounds.RepliesPerComment, page.QuerySelectorAll($"li#comment-{comments[0].Id} > ol.children > li.comment").Length);
        Assert.Equal($"{2000 - ReplyBounds.RepliesPerComment} more replies", more.TextContent);

        var seen = await CrawlAsync(client, ArticleUrls.Article(article.Slug));
        Assert.Equal(comments.Select(c => c.Id).Order(), seen.Keys.Order());
        Assert.All(seen, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public async Task An_article_with_5000_replies_mostly_to_earlier_replies_keeps_every_page_under_the_bound()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("heated"));
        var random = new Random(16);
        // The first fifty threads draw three replies in four, to any earlier comment of theirs; the rest start threads of their own.
        var comments = await AddCommentsAsync(article, 5000, (i, earlier) =>
            i < 50 || random.Next(4) == 0 ? null : earlier[random.Next(Math.Min(i, 50 + (i - 50) / 2))], Sentence);
        var client = factory.CreateBrowserClient();

        var first = await GetBoundedAsync(client, ArticleUrls.Article(article.Slug));
        Assert.Equal(comments.Take(50).Select(c => $"comment-{c.Id}"), first.QuerySelectorAll("ol.comment-list > li.comment").Select(li => li.Id));
        Assert.NotEmpty(first.QuerySelectorAll("a.comment-more-link"));
        var last = first.QuerySelectorAll("nav.comment-navigation a.page-numbers:not(.next)").Select(a => a.GetAttribute("href")!).Last();
        await GetBoundedAsync(client, last);
    }

    [Fact]
    public async Task A_permalink_lands_on_the_page_that_shows_its_comment_even_deep_below_the_cut()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("permalink-deep"));
        // A chain of 60, then 50 replies to its 30th comment.
        var comments = await AddCommentsAsync(article, 110, (i, earlier) => i == 0 ? null : i < 60 ? earlier[i - 1] : earlier[30], Sentence);
        var client = factory.CreateBrowserClient();

        foreach (var comment in new[] { comments[0], comments[2], comments[45], comments[59], comments[60], comments[109] })
        {
            var response = await client.GetAsync(CommentPermalink.Of(comment.Id));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!;
            Assert.Equal($"comment-{comment.Id}", location.OriginalString[(location.OriginalString.IndexOf('#') + 1)..]);
            var page = await GetBoundedAsync(client, location.OriginalString);
            Assert.NotNull(page.QuerySelector($"li#comment-{comment.Id}"));
        }
        Assert.StartsWith(ArticleUrls.CommentPage(article.Slug, 1), (await client.GetAsync(CommentPermalink.Of(comments[2].Id))).Headers.Location!.OriginalString);
        Assert.StartsWith(ArticleUrls.ThreadPrefix(article.Slug), (await client.GetAsync(CommentPermalink.Of(comments[109].Id))).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_author_sees_their_held_reply_below_the_cut_with_the_branch_leading_to_it_and_nobody_else_does()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("held-below"));
        var comments = await AddCommentsAsync(article, 301, (i, earlier) => i == 0 ? null : earlier[0], Sentence);
        var hidden = comments[250];
        var author = factory.CreateBrowserClient();
        var url = ArticleUrls.Article(article.Slug);
        var reply = ReaderArrange.GuestReply("My first words here, on the 250th reply", author: "Held Author", email: "held-below@example.com");
        reply["comment_parent"] = hidden.Id.ToString();

        var posted = await author.SubmitFormAsync($"{url}?replytocom={hidden.Id}", "#commentform", reply);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await using var db = factory.CreateDbContext();
        var held = await db.Comments.Where(c => c.ArticleId == article.Id).OrderBy(c => c.Id).LastAsync();
        Assert.Equal(CommentStatus.Pending, held.Status);
        var own = await GetBoundedAsync(author, url);
        Assert.NotNull(own.QuerySelector($"li#comment-{comments[0].Id} > ol.children > li#comment-{hidden.Id} > ol.children > li#comment-{held.Id} em.comment-awaiting-moderation"));
        Assert.Equal(ReplyBounds.RepliesPerComment + 1, own.QuerySelectorAll($"li#comment-{comments[0].Id} > ol.children > li.comment").Length);

        var guest = await GetBoundedAsync(factory.CreateBrowserClient(), url);
        Assert.Null(guest.QuerySelector($"li#comment-{held.Id}"));
        Assert.Null(guest.QuerySelector($"li#comment-{hidden.Id}"));
    }

    [Fact]
    public async Task Newest_first_pages_landing_on_the_last_are_bounded_and_their_links_show_the_rest()
    {
        await factory.ConfigureDiscussionAsync(s => s with { CommentOrder = CommentOrder.NewestFirst, CommentLandingPage = CommentLandingPage.Last, CommentsPerPage = 2 });
        try
        {
            var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("bounded-newest"));
            // Three threads; the oldest has 40 replies.
            var comments = await AddCommentsAsync(article, 43, (i, earlier) => i is 0 or 41 or 42 ? null : earlier[0], Sentence);
            var client = factory.CreateBrowserClient();

            // Newest first, the last page (where the article opens) holds the oldest thread.
            var landing = await GetBoundedAsync(client, ArticleUrls.Article(article.Slug));
            Assert.Equal([$"comment-{comments[0].Id}"], landing.QuerySelectorAll("ol.comment-list > li.comment").Select(li => li.Id));
            Assert.Equal($"{40 - ReplyBounds.RepliesPerComment} more replies", landing.QuerySelector($"li#comment-{comments[0].Id} a.comment-more-link")?.TextContent);
            var newest = await GetBoundedAsync(client, ArticleUrls.CommentPage(article.Slug, 1));
            Assert.Equal([$"comment-{comments[42].Id}", $"comment-{comments[41].Id}"], newest.QuerySelectorAll("ol.comment-list > li.comment").Select(li => li.Id));

            var seen = await CrawlAsync(client, ArticleUrls.Article(article.Slug), ArticleUrls.CommentPage(article.Slug, 1));
            Assert.Equal(comments.Select(c => c.Id).Order(), seen.Keys.Order());
            Assert.All(seen, pair => Assert.Equal(1, pair.Value));
        }
        finally
        {
            await factory.ConfigureDiscussionAsync(s => s with { CommentOrder = CommentOrder.OldestFirst, CommentLandingPage = CommentLandingPage.First, CommentsPerPage = 50 });
        }
    }

    [Fact]
    public async Task A_thread_view_of_a_comment_readers_cannot_see_is_not_found()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("view-hidden"));
        var root = await factory.AddCommentAsync(article, "Published");
        var held = await factory.AddCommentAsync(article, "Held", CommentStatus.Pending, parent: root);
        var other = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("view-other"));
        var client = factory.CreateBrowserClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(ArticleUrls.Thread(article.Slug, held.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(ArticleUrls.Thread(other.Slug, root.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(ArticleUrls.Thread(article.Slug, root.Id) + "?from=abc")).StatusCode);
    }

    /// <summary>The page, checked against the size bound.</summary>
    private static async Task<IHtmlDocument> GetBoundedAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}");
        Assert.True(bytes.Length <= MaxPageBytes, $"{url} is {bytes.Length:N0} bytes, over the {MaxPageBytes:N0} bound");
        return FormClient.Parse(Encoding.UTF8.GetString(bytes));
    }

    /// <summary>
    /// Follows every "more replies" and "continue this thread" link from the pages given, as a
    /// browser without JavaScript does, each page held to the bound; counts how many times each
    /// comment is shown (a thread view's own comment, shown at its top as context, not counted).
    /// </summary>
    private static async Task<Dictionary<long, int>> CrawlAsync(HttpClient client, params string[] startUrls)
    {
        var seen = new Dictionary<long, int>();
        var queue = new Queue<string>(startUrls);
        var visited = new HashSet<string>();
        while (queue.TryDequeue(out var url))
        {
            if (!visited.Add(url)) continue;
            var page = await GetBoundedAsync(client, url);
            var head = page.QuerySelector("section.comment-thread-view ol.comment-list > li.comment")?.Id;
            foreach (var item in page.QuerySelectorAll("li.comment"))
            {
                if (item.Id == head) continue;
                var id = long.Parse(item.Id!["comment-".Length..]);
                seen[id] = seen.GetValueOrDefault(id) + 1;
            }
            foreach (var link in page.QuerySelectorAll("a.comment-more-link")) queue.Enqueue(link.GetAttribute("href")!);
        }
        return seen;
    }

    /// <summary>
    /// Stores <paramref name="count"/> approved comments a second apart through the seeding writer,
    /// each replying to the comment <paramref name="parentOf"/> picks among those stored before it
    /// (null: a new thread), with the article's counts kept.
    /// </summary>
    private async Task<List<Comment>> AddCommentsAsync(Article article, int count, Func<int, IReadOnlyList<Comment>, Comment?> parentOf, string body)
    {
        await using var db = factory.CreateDbContext();
        var sql = factory.Services.GetRequiredService<SqlStatements>();
        var bodyHtml = factory.Services.GetRequiredService<CommentBodyRenderer>().Render(body);
        var start = factory.Clock.GetUtcNow().AddDays(-1);
        var comments = new List<Comment>();
        await db.Database.OpenConnectionAsync();
        try
        {
            using var writer = await sql.OpenCommentRowWriterAsync(db);
            await using var transaction = await db.BeginWriteAsync();
            var tally = new SeedTally();
            for (var i = 0; i < count; i++)
            {
                var parent = parentOf(i, comments);
                var id = writer.TakeId();
                var email = $"reader{i % 40}@example.net";
                var comment = new Comment
                {
                    Id = id,
                    ArticleId = article.Id,
                    ParentId = parent?.Id,
                    ThreadRootId = parent?.ThreadRootId ?? id,
                    Depth = (parent?.Depth ?? 0) + 1,
                    AuthorName = $"Reader {i % 40}",
                    AuthorEmail = email,
                    AuthorKey = AuthorKeys.ForEmail(email),
                    BodyText = body,
                    BodyHtml = bodyHtml,
                    CreatedAt = start.AddSeconds(i),
                    StatusChangedAt = start.AddSeconds(i),
                    Status = CommentStatus.Approved,
                    VerdictAction = VerdictAction.Publish,
                    VerdictJson = "[]",
                    Ip = "203.0.113.7",
                    UserAgent = "bounded pages test",
                };
                writer.Insert(comment, transaction.DbTransaction);
                tally.Add(comment);
                comments.Add(comment);
            }
            writer.Flush();
            tally.Flush(sql, db, transaction.DbTransaction);
            await transaction.CommitAsync();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        await factory.Services.GetRequiredService<ArticlePageCache>().EvictAsync(article.Slug);
        return comments;
    }
}

public sealed class BoundedPagesTests(ReaderAppFactory factory) : BoundedPagesTests<ReaderAppFactory>(factory);

public sealed class BoundedPagesTestsOnPostgres(PostgresReaderAppFactory factory) : BoundedPagesTests<PostgresReaderAppFactory>(factory);
