using System.Net;
using System.Text.Json;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Accounts;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Accounts;

/// <summary>
/// "Download my data" gives every comment of the reader, and deleting the account leaves none
/// of them public under the reader's name or email, as the admin's policy says (issue 12, item 6).
/// </summary>
public abstract class AccountDataTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private const string Ip = "198.51.100.23";
    private const string Browser = "Mozilla/5.0 (Reader's own browser)";
    private const string Website = "https://reader-home.example.net/";

    private static string Url(Article article) => ArticleUrls.Article(article.Slug);

    private Task UsePolicyAsync(DeletedAccountComments policy, bool manualApproval = false) => factory.ConfigureDiscussionAsync(s => s with
    {
        DeletedAccountComments = policy,
        RequirePreviouslyApproved = false,
        ManualApproval = manualApproval,
        FloodIntervalSeconds = 0,
    });

    /// <summary>What posting from a real browser would have stored beside the comment (the test server has no client address).</summary>
    private async Task GiveCommentsAddressBrowserAndSiteAsync(string userId)
    {
        await using var db = factory.CreateDbContext();
        await db.Comments.Where(c => c.UserId == userId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Ip, Ip).SetProperty(c => c.UserAgent, Browser).SetProperty(c => c.AuthorUrl, Website));
    }

    private async Task<HttpResponseMessage> DeleteAccountAsync(HttpClient reader) =>
        await reader.SubmitFormAsync("/Account/Manage/DeletePersonalData", "main form", new Dictionary<string, string> { ["Input.Password"] = ReaderArrange.Password });

    private async Task<Dictionary<string, long>> QueueCountersAsync()
    {
        await using var db = factory.CreateDbContext();
        return await db.QueueCounters.ToDictionaryAsync(q => q.Name, q => q.Value);
    }

    private async Task<(int Comments, int Threads)> ArticleCountsAsync(Article article)
    {
        await using var db = factory.CreateDbContext();
        var row = await db.Articles.Where(a => a.Id == article.Id).Select(a => new { a.ApprovedCommentCount, a.PublishedThreadCount }).SingleAsync();
        return (row.ApprovedCommentCount, row.PublishedThreadCount);
    }

    /// <summary>The maintained counts agree with the rows, for every article and queue.</summary>
    private async Task AssertCountersAgreeWithCommentsAsync()
    {
        await using var db = factory.CreateDbContext();
        foreach (var article in await db.Articles.AsNoTracking().ToListAsync())
        {
            var visible = db.Comments.Where(c => c.ArticleId == article.Id && c.Status == CommentStatus.Approved && !c.HiddenByReports);
            Assert.Equal(await visible.CountAsync(), article.ApprovedCommentCount);
            Assert.Equal(await visible.CountAsync(c => c.ParentId == null), article.PublishedThreadCount);
        }
        var queues = await db.QueueCounters.ToDictionaryAsync(q => q.Name, q => q.Value);
        foreach (var status in new[] { CommentStatus.Pending, CommentStatus.Approved, CommentStatus.Rejected, CommentStatus.Spam })
        {
            Assert.Equal(await db.Comments.CountAsync(c => c.Status == status), queues.GetValueOrDefault(status.ToString()));
        }
    }

    /// <summary>Nothing in the database ties a comment or a standing to the deleted reader.</summary>
    private async Task AssertNothingLeadsBackToAsync(ApplicationUser user, string name)
    {
        var key = AuthorKeys.ForUser(user.Id);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Id == user.Id));
        Assert.False(await db.Comments.AnyAsync(c => c.UserId == user.Id || c.AuthorKey == key || c.AuthorName == name
            || c.AuthorEmail.ToLower() == user.Email!.ToLower() || c.Ip == Ip || c.UserAgent == Browser || c.AuthorUrl == Website));
        Assert.False(await db.AuthorStandings.AnyAsync(a => a.AuthorKey == key || a.UserId == user.Id || a.Email == user.Email));
    }

    private async Task<ModerationEvent> AuditOfDeletionAsync(ApplicationUser user)
    {
        await using var db = factory.CreateDbContext();
        var key = AuthorKeys.ForUser(user.Id);
        return await db.ModerationEvents.SingleAsync(e => e.Action == "account-deleted" && e.AuthorKey == key);
    }

    [Fact]
    public async Task Download_holds_every_comment_of_the_reader_with_its_article_date_and_status()
    {
        await UsePolicyAsync(DeletedAccountComments.KeepAsDeletedUser);
        var first = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("download-a"));
        var second = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("download-b"));
        var someoneElse = await factory.AddCommentAsync(second, "Someone else's comment.", author: "Other Reader", email: "other@example.com");
        var (reader, _) = await factory.RegisteredReaderAsync("dana.download@example.com", "Dana");
        var published = await reader.PostAsync(factory, first, "My published comment.");
        var reply = await reader.PostAsync(factory, second, "My reply to someone.", replyTo: someoneElse.Id);
        await UsePolicyAsync(DeletedAccountComments.KeepAsDeletedUser, manualApproval: true);
        var held = await reader.PostAsync(factory, first, "My held comment.");

        var page = await reader.GetDocumentAsync("/Account/Manage/PersonalData");
        var token = page.QuerySelector("form[action$='DownloadPersonalData'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await reader.PostAsync("/Account/Manage/DownloadPersonalData",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Dana", json.RootElement.GetProperty("DisplayName").GetString());
        var comments = json.RootElement.GetProperty("Comments").EnumerateArray().ToDictionary(c => c.GetProperty("Id").GetInt64());
        Assert.Equal([published, reply, held], comments.Keys.Order());
        Assert.Equal("My published comment.", comments[published].GetProperty("Text").GetString());
        Assert.Equal("published", comments[published].GetProperty("Status").GetString());
        Assert.Equal("awaiting moderation", comments[held].GetProperty("Status").GetString());
        Assert.Equal(someoneElse.Id, comments[reply].GetProperty("InReplyTo").GetInt64());
        var article = comments[reply].GetProperty("Article");
        Assert.Equal(second.Title, article.GetProperty("Title").GetString());
        Assert.Equal(second.Slug, article.GetProperty("Slug").GetString());
        Assert.Equal("http://localhost" + Url(second), article.GetProperty("Url").GetString());
        await using var db = factory.CreateDbContext();
        var postedAt = await db.Comments.Where(c => c.Id == published).Select(c => c.CreatedAt).SingleAsync();
        Assert.Equal(postedAt, comments[published].GetProperty("PostedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Deleting_the_account_keeps_its_comments_as_deleted_user_with_nothing_that_leads_back()
    {
        await UsePolicyAsync(DeletedAccountComments.KeepAsDeletedUser);
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("delete-keep"));
        const string name = "Kim Keepsake";
        var (reader, user) = await factory.RegisteredReaderAsync("kim.keepsake@example.com", name);
        var root = await reader.PostAsync(factory, article, "Kim's published comment.");
        var answer = await factory.AddCommentAsync(article, "An answer to Kim.", parent: await CommentAsync(root), author: "Answerer", email: "answerer@example.com", at: factory.Clock.GetUtcNow());
        await UsePolicyAsync(DeletedAccountComments.KeepAsDeletedUser, manualApproval: true);
        var held = await reader.PostAsync(factory, article, "Kim's held comment.");
        await GiveCommentsAddressBrowserAndSiteAsync(user.Id);
        var everyone = factory.CreateBrowserClient();
        Assert.Contains(name, await everyone.GetStringAsync(Url(article)));
        var (comments, threads) = await ArticleCountsAsync(article);
        var queues = await QueueCountersAsync();

        Assert.Contains($"will stay on the site as by", WebUtility.HtmlDecode(await reader.GetStringAsync("/Account/Manage/DeletePersonalData")));
        var response = await DeleteAccountAsync(reader);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await AssertNothingLeadsBackToAsync(user, name);
        await using (var db = factory.CreateDbContext())
        {
            var kept = await db.Comments.Where(c => c.Id == root || c.Id == held).ToListAsync();
            Assert.Equal(2, kept.Count);
            Assert.All(kept, c =>
            {
                Assert.Equal(ReaderNames.DeletedUser, c.AuthorName);
                Assert.Equal(("", "", "", ""), (c.AuthorEmail, c.AuthorUrl, c.Ip, c.UserAgent));
                Assert.Null(c.UserId);
                Assert.StartsWith("deleted:", c.AuthorKey);
            });
            Assert.Equal("Kim's published comment.", kept.Single(c => c.Id == root).BodyText);
        }
        Assert.Equal((comments, threads), await ArticleCountsAsync(article));
        Assert.Equal(queues, await QueueCountersAsync());
        await AssertCountersAgreeWithCommentsAsync();

        var html = await everyone.GetStringAsync(Url(article));
        var page = FormClient.Parse(html);
        Assert.Equal(ReaderNames.DeletedUser, page.QuerySelector($"li#comment-{root} .fn")!.TextContent);
        Assert.Null(page.QuerySelector($"li#comment-{root} .fn a"));
        Assert.NotNull(page.QuerySelector($"li#comment-{root} li#comment-{answer.Id}"));
        Assert.DoesNotContain(name, html);
        Assert.DoesNotContain("kim.keepsake", html, StringComparison.OrdinalIgnoreCase);

        var audit = await AuditOfDeletionAsync(user);
        Assert.Contains("2 comment(s) kept as \"deleted user\"", audit.Reason);
        Assert.False(audit.Automatic);
        // Signed out: the account pages send them to sign in.
        Assert.Equal(HttpStatusCode.Redirect, (await reader.GetAsync("/Account/Manage")).StatusCode);
    }

    [Fact]
    public async Task Deleting_the_account_removes_its_comments_and_keeps_those_others_replied_to_without_their_text()
    {
        await UsePolicyAsync(DeletedAccountComments.Remove);
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("delete-remove"));
        const string name = "Rita Remover";
        var (reader, user) = await factory.RegisteredReaderAsync("rita.remover@example.com", name);
        var answered = await reader.PostAsync(factory, article, "Rita's comment that others answered.");
        var answer = await factory.AddCommentAsync(article, "An answer to Rita.", parent: await CommentAsync(answered), author: "Answerer", email: "answerer@example.com", at: factory.Clock.GetUtcNow());
        var lonely = await reader.PostAsync(factory, article, "Rita's comment nobody answered.");
        var ownReply = await reader.PostAsync(factory, article, "Rita answering herself.", replyTo: lonely);
        var others = await factory.AddCommentAsync(article, "Someone else's thread.", author: "Other Reader", email: "other@example.com");
        var replyToOthers = await reader.PostAsync(factory, article, "Rita's reply in someone else's thread.", replyTo: others.Id);
        await UsePolicyAsync(DeletedAccountComments.Remove, manualApproval: true);
        var held = await reader.PostAsync(factory, article, "Rita's held comment.");
        await GiveCommentsAddressBrowserAndSiteAsync(user.Id);
        var everyone = factory.CreateBrowserClient();
        Assert.Contains("Rita answering herself.", await everyone.GetStringAsync(Url(article)));
        var (comments, threads) = await ArticleCountsAsync(article);
        var queues = await QueueCountersAsync();

        Assert.Contains("will be removed", await reader.GetStringAsync("/Account/Manage/DeletePersonalData"));
        var response = await DeleteAccountAsync(reader);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await AssertNothingLeadsBackToAsync(user, name);
        await using (var db = factory.CreateDbContext())
        {
            Assert.Empty(await db.Comments.Where(c => c.Id == lonely || c.Id == ownReply || c.Id == replyToOthers || c.Id == held).ToListAsync());
            var placeholder = await db.Comments.SingleAsync(c => c.Id == answered);
            Assert.Equal((ReaderNames.DeletedUser, AccountDeletion.RemovedText), (placeholder.AuthorName, placeholder.BodyText));
            Assert.Equal(CommentStatus.Approved, placeholder.Status);
            Assert.True(await db.Comments.AnyAsync(c => c.Id == answer.Id));
            Assert.True(await db.Comments.AnyAsync(c => c.Id == others.Id));
        }
        // Three published comments went (one of them a thread), and one held.
        Assert.Equal((comments - 3, threads - 1), await ArticleCountsAsync(article));
        var after = await QueueCountersAsync();
        Assert.Equal(queues["Approved"] - 3, after["Approved"]);
        Assert.Equal(queues["Pending"] - 1, after["Pending"]);
        await AssertCountersAgreeWithCommentsAsync();

        var html = await everyone.GetStringAsync(Url(article));
        var page = FormClient.Parse(html);
        Assert.Equal(ReaderNames.DeletedUser, page.QuerySelector($"li#comment-{answered} .fn")!.TextContent);
        Assert.Contains(AccountDeletion.RemovedText, page.QuerySelector($"li#comment-{answered} .comment-content")!.TextContent);
        Assert.NotNull(page.QuerySelector($"li#comment-{answered} li#comment-{answer.Id}"));
        Assert.NotNull(page.QuerySelector($"li#comment-{others.Id}"));
        foreach (var gone in new[] { "Rita's comment that others answered.", "Rita's comment nobody answered.", "Rita answering herself.", "Rita's reply in someone else's thread.", name })
        {
            Assert.DoesNotContain(gone, WebUtility.HtmlDecode(html));
        }
        Assert.Equal("Comments are moderated. Be civil.", page.QuerySelector(".site-footer")!.TextContent);

        var audit = await AuditOfDeletionAsync(user);
        Assert.Contains("4 comment(s) removed, 1 others replied to kept", audit.Reason);
    }

    private async Task<Comment> CommentAsync(long id)
    {
        await using var db = factory.CreateDbContext();
        return await db.Comments.AsNoTracking().SingleAsync(c => c.Id == id);
    }
}

public sealed class AccountDataTests(ReaderAppFactory factory) : AccountDataTests<ReaderAppFactory>(factory);

public sealed class AccountDataTestsOnPostgres(PostgresReaderAppFactory factory) : AccountDataTests<PostgresReaderAppFactory>(factory);
