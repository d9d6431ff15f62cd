using System.Net;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Api;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Api;

/// <summary>/api/v1/articles/{id}/comments and /api/v1/comments: the threads a guest sees, and posting through the form's own checks and rules.</summary>
public abstract class CommentsApiTests<TFactory>(TFactory host) : IClassFixture<TFactory> where TFactory : ApiHost
{
    private static int _address;

    /// <summary>A reader address of its own for each post: flood control counts posts by address.</summary>
    private static string Address() => $"198.51.100.{Interlocked.Increment(ref _address) % 250 + 1}";

    private static IEnumerable<ApiComment> Flatten(ApiComment c) => c.Replies.SelectMany(Flatten).Prepend(c);

    private async Task<int> CommentCountAsync()
    {
        await using var db = host.CreateDbContext();
        return await db.Comments.CountAsync();
    }

    [Fact]
    public async Task The_threads_are_exactly_what_a_guest_reader_sees_nested_and_without_emails()
    {
        var article = await host.AddArticleAsync(ReaderArrange.UniqueSlug("api-threads"));
        var start = host.Clock.GetUtcNow().AddDays(-1);
        var shown = await host.AddCommentAsync(article, "Approved root", at: start, email: "root-author@example.com");
        var reply = await host.AddCommentAsync(article, "Approved reply", parent: shown, at: start.AddMinutes(1));
        var deeper = await host.AddCommentAsync(article, "Reply to the reply", parent: reply, at: start.AddMinutes(2));
        var hiddenRoot = await host.AddCommentAsync(article, "Hidden by reports", at: start.AddMinutes(3));
        var held = await host.AddCommentAsync(article, "Held reply", CommentStatus.Pending, parent: shown, at: start.AddMinutes(4));
        var rejected = await host.AddCommentAsync(article, "Rejected root", CommentStatus.Rejected, at: start.AddMinutes(5));
        var spam = await host.AddCommentAsync(article, "Spam root", CommentStatus.Spam, at: start.AddMinutes(6));
        var second = await host.AddCommentAsync(article, "Second *thread*", at: start.AddMinutes(7));
        await using (var db = host.CreateDbContext())
        {
            await db.Comments.Where(c => c.Id == hiddenRoot.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.HiddenByReports, true));
        }
        await host.Service<ArticlePageCache>().EvictAsync(article.Slug);
        var client = await host.ClientAsync("read");

        var response = await client.GetAsync($"/api/v1/articles/{article.Id}/comments");
        var json = await response.Content.ReadAsStringAsync();
        var page = await response.ReadAsync<ApiPage<ApiComment>>();

        Assert.Equal([shown.Id, second.Id], page.Items.Select(t => t.Id));
        Assert.Equal([shown.Id, reply.Id, deeper.Id], Flatten(page.Items[0]).Select(c => c.Id));
        Assert.Equal(reply.Id, page.Items[0].Replies.Single().Id);
        Assert.Equal("<p>Second <em>thread</em></p>", page.Items[1].Html);
        var reader = await host.ClientWith(null).GetDocumentAsync("/articles/" + article.Slug);
        Assert.Equal(reader.QuerySelectorAll("li.comment").Select(li => long.Parse(li.Id!["comment-".Length..])), page.Items.SelectMany(Flatten).Select(c => c.Id));
        Assert.DoesNotContain("@example.com", json);
        foreach (var notShown in new[] { hiddenRoot, held, rejected, spam })
        {
            Assert.DoesNotContain($"\"id\":{notShown.Id},", json);
            await (await client.GetAsync($"/api/v1/comments/{notShown.Id}")).ProblemAsync(HttpStatusCode.NotFound);
        }
        var one = await (await client.GetAsync($"/api/v1/comments/{reply.Id}")).ReadAsync<ApiComment>();
        Assert.Equal((reply.Id, article.Id, shown.Id, "Earlier Reader"), (one.Id, one.ArticleId, one.ParentId, one.AuthorName));
    }

    [Fact]
    public async Task Threads_page_by_next_links_until_the_last()
    {
        var article = await host.AddArticleAsync(ReaderArrange.UniqueSlug("api-paging"));
        var start = host.Clock.GetUtcNow().AddDays(-1);
        var roots = new List<long>();
        for (var i = 0; i < 5; i++) roots.Add((await host.AddCommentAsync(article, $"Thread {i}", at: start.AddMinutes(i))).Id);
        var client = await host.ClientAsync("read");

        var seen = new List<long>();
        for (var url = $"/api/v1/articles/{article.Id}/comments?pageSize=2"; url is not null;)
        {
            var page = await (await client.GetAsync(url)).ReadAsync<ApiPage<ApiComment>>();
            seen.AddRange(page.Items.Select(t => t.Id));
            url = page.Next;
        }

        Assert.Equal(roots, seen);
        Assert.NotEmpty((await (await client.GetAsync($"/api/v1/articles/{article.Id}/comments?pageSize=101")).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("pageSize"));
        Assert.NotEmpty((await (await client.GetAsync($"/api/v1/articles/{article.Id}/comments?cursor=forged!")).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("cursor"));
        await (await client.GetAsync("/api/v1/articles/987654321/comments")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_guests_first_comment_is_held_as_on_the_form_and_lands_in_the_pending_queue()
    {
        var article = await host.AddArticleAsync(ReaderArrange.UniqueSlug("api-post"));
        var client = await host.ClientAsync("comment");
        var ip = Address();

        var response = await client.PostJsonAsync($"/api/v1/articles/{article.Id}/comments",
            new { body = "A first comment through the CMS.", authorName = "New Guest", authorEmail = "new-guest@example.org", ip, userAgent = "CMS reader browser" });

        var posted = await response.ReadAsync<ApiPostResult>(HttpStatusCode.Created);
        Assert.Equal(ApiPostOutcome.Held, posted.Outcome);
        Assert.Equal($"/api/v1/comments/{posted.Id}", response.Headers.Location!.OriginalString);
        await using var db = host.CreateDbContext();
        var stored = await db.Comments.AsNoTracking().SingleAsync(c => c.Id == posted.Id);
        Assert.Equal((CommentStatus.Pending, "New Guest", ip, "CMS reader browser"), (stored.Status, stored.AuthorName, stored.Ip, stored.UserAgent));
        Assert.Contains("builtin:previously-approved", stored.VerdictJson);
        var audit = await db.ModerationEvents.AsNoTracking().SingleAsync(e => e.CommentId == posted.Id);
        Assert.Equal(AuditActions.Posted, audit.Action);
        await (await (await host.ClientAsync("read")).GetAsync($"/api/v1/comments/{posted.Id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_known_guests_comment_and_a_reply_are_published_and_readers_see_them()
    {
        var article = await host.AddArticleAsync(ReaderArrange.UniqueSlug("api-published"));
        var earlier = await host.AddCommentAsync(article, "An earlier approved comment", author: "Known Guest", email: "known@example.org");
        var client = await host.ClientAsync("comment,read");

        var posted = await (await client.PostJsonAsync($"/api/v1/articles/{article.Id}/comments",
            new { body = "Published at once: **bold** <script>alert(1)</script>", parentId = earlier.Id, authorName = "Known Guest", authorEmail = "known@example.org", ip = Address() }))
            .ReadAsync<ApiPostResult>(HttpStatusCode.Created);

        Assert.Equal(ApiPostOutcome.Published, posted.Outcome);
        var shown = await (await client.GetAsync($"/api/v1/comments/{posted.Id}")).ReadAsync<ApiComment>();
        Assert.Equal(earlier.Id, shown.ParentId);
        Assert.Contains("<strong>bold</strong>", shown.Html);
        Assert.DoesNotContain("<script", shown.Html);
        Assert.Contains($"id=\"comment-{posted.Id}\"", await host.ClientWith(null).GetStringAsync("/articles/" + article.Slug));
    }

    [Fact]
    public async Task A_comment_is_posted_as_a_site_account_under_its_display_name()
    {
        var article = await host.AddArticleAsync(ReaderArrange.UniqueSlug("api-account"));
        var user = await host.CreateUserAsync($"reader-{Guid.NewGuid():N}@example.com", ReaderArrange.Password);
        var client = await host.ClientAsync("comment");

        var posted = await (await client.PostJsonAsync($"/api/v1/articles/{article.Id}/comments", new { body = "Posted as my account.", userEmail = user.Email, ip = Address() }))
            .ReadAsync<ApiPostResult>(HttpStatusCode.Created);

        await using var db = host.CreateDbContext();
        var stored = await db.Comments.AsNoTracking().SingleAsync(c => c.Id == posted.Id);
        Assert.Equal((user.Id, user.DisplayName, AuthorKeys.ForUser(user.Id)), (stored.UserId, stored.AuthorName, stored.AuthorKey));
        var unknown = await client.PostJsonAsync($"/api/v1/articles/{article.Id}/comments", new { body = "Who am I?", userEmail = "nobody-here@example.com" });
        Assert.NotEmpty((await unknown.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("userEmail"));
    }

    [Fact]
    public async Task A_refused_post_is_a_422_with_the_refusals_reason_and_stores_nothing()
    {
        var closed = await host.AddArticleAsync(ReaderArrange.UniqueSlug("api-closed"), CommentPolicy.Closed);
        var open = await host.AddArticleAsync(ReaderArrange.UniqueSlug("api-open"));
        var other = await host.AddArticleAsync(ReaderArrange.UniqueSlug("api-other"));
        var held = await host.AddCommentAsync(open, "Held", CommentStatus.Pending);
        var elsewhere = await host.AddCommentAsync(other, "On another article");
        var client = await host.ClientAsync("comment");
        var before = await CommentCountAsync();

        var onClosed = await (await client.PostJsonAsync($"/api/v1/articles/{closed.Id}/comments", new { body = "Let me in.", authorName = "G", authorEmail = "g@example.org", ip = Address() }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var toHeld = await (await client.PostJsonAsync($"/api/v1/articles/{open.Id}/comments", new { body = "Replying to a held one.", parentId = held.Id, authorName = "G", authorEmail = "g@example.org", ip = Address() }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var forgedParent = await (await client.PostJsonAsync($"/api/v1/articles/{open.Id}/comments", new { body = "Reply across articles.", parentId = elsewhere.Id, authorName = "G", authorEmail = "g@example.org", ip = Address() }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var noName = await (await client.PostJsonAsync($"/api/v1/articles/{open.Id}/comments", new { body = "Anonymous.", ip = Address() }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("closed", onClosed.Detail(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(onClosed.Detail(), onClosed.GetProperty("reason").GetString());
        Assert.Equal("Sorry, replies to unapproved comments are not allowed.", toHeld.Detail());
        Assert.Equal("The comment you are replying to belongs to another article.", forgedParent.Detail());
        Assert.Contains("Please enter your name.", noName.Detail());
        await (await client.PostJsonAsync("/api/v1/articles/987654321/comments", new { body = "Nowhere.", authorName = "G", authorEmail = "g@example.org" })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await CommentCountAsync());
    }

    [Fact]
    public async Task A_second_post_from_one_address_within_the_flood_interval_is_a_429_with_retry_after()
    {
        var article = await host.AddArticleAsync(ReaderArrange.UniqueSlug("api-flood"));
        var client = await host.ClientAsync("comment");
        var ip = Address();
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync($"/api/v1/articles/{article.Id}/comments", new { body = "One.", authorName = "Fast", authorEmail = "fast@example.org", ip })).StatusCode);

        var second = await client.PostJsonAsync($"/api/v1/articles/{article.Id}/comments", new { body = "Two.", authorName = "Fast", authorEmail = "fast@example.org", ip });

        await second.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(second.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    public static TheoryData<string, string, string> HostileComments => new()
    {
        { """{"authorName":"G","authorEmail":"g@example.org"}""", "body", "required" },
        { $$"""{"body":"{{new string('x', 65_526)}}","authorName":"G","authorEmail":"g@example.org"}""", "body", "at most 65,525" },
        { $$"""{"body":"Hi","authorName":"{{new string('n', 246)}}","authorEmail":"g@example.org"}""", "authorName", "at most 245" },
        { """{"body":"Null\u0000byte","authorName":"G","authorEmail":"g@example.org"}""", "body", "control characters" },
        { """{"body":"Hi","authorName":"Escape\u001b[31m","authorEmail":"g@example.org"}""", "authorName", "control characters" },
        { """{"body":"Hi","authorName":"G","authorEmail":"g@example.org","ip":"not an address"}""", "ip", "IPv4 or IPv6" },
        { """{"body":"Hi","authorName":"G","authorEmail":"g@example.org","parentId":-4}""", "parentId", "published comment" },
        { """{"body":"Hi","authorName":"G","authorEmail":"g@example.org","userEmail":"a@example.org"}""", "userEmail", "not both" },
        { """{"body":"Hi","authorName":"G","authorEmail":"g@example.org","status":"approved"}""", "status", "not a field" },
        { """{"body":"Hi","parentId":"12; DROP TABLE Comments"}""", "parentId", "Not valid JSON" },
        { """{"body":"Hi",""", "body", "Not valid JSON" },
        { "\"just a string\"", "body", "Not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(HostileComments))]
    public async Task A_hostile_post_is_a_400_naming_the_field_and_stores_nothing(string body, string field, string message)
    {
        var article = await host.AddArticleAsync(ReaderArrange.UniqueSlug("api-hostile"));
        var client = await host.ClientAsync("comment");
        var before = await CommentCountAsync();

        var response = await client.SendRawAsync(HttpMethod.Post, $"/api/v1/articles/{article.Id}/comments", body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.ErrorsOf(field), m => m.Contains(message, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(before, await CommentCountAsync());
    }
}

public sealed class CommentsApiTests(ApiHost host) : CommentsApiTests<ApiHost>(host);

public sealed class CommentsApiTestsOnPostgres(PostgresApiHost host) : CommentsApiTests<PostgresApiHost>(host);
