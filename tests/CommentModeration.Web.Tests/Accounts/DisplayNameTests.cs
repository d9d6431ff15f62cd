using System.Net;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Accounts;

/// <summary>
/// A registered reader is shown by the display name they chose, on every page anyone sees,
/// and their email address on none (issue 12, item 5).
/// </summary>
public abstract class DisplayNameTests<TFactory>(TFactory factory) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : ReaderAppFactory
{
    // Readers' comments publish at once here, so the pages everyone sees show them.
    public Task InitializeAsync() => factory.ConfigureDiscussionAsync(s => s with { RequirePreviouslyApproved = false, FloodIntervalSeconds = 0 });

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Url(Data.Entities.Article article) => ArticleUrls.Article(article.Slug);

    [Fact]
    public async Task Registered_reader_is_shown_by_the_display_name_chosen_at_registration_never_by_email()
    {
        const string email = "margaret.private@example.com";
        const string name = "Margaret H.";
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("byline"));
        var (reader, _) = await factory.RegisteredReaderAsync(email, name);

        var ownPage = await reader.GetStringAsync(Url(article));
        Assert.Contains($"Logged in as {name}.", FormClient.Parse(ownPage).QuerySelector(".logged-in-as")!.TextContent);
        Assert.DoesNotContain(email, ownPage, StringComparison.OrdinalIgnoreCase);

        var id = await reader.PostAsync(factory, article, "A comment under my chosen name.");

        var everyone = factory.CreateBrowserClient();
        var html = await everyone.GetStringAsync(Url(article));
        var comment = FormClient.Parse(html).QuerySelector($"li#comment-{id}")!;
        Assert.Equal(name, comment.QuerySelector(".comment-author .fn")!.TextContent);
        Assert.Equal($"Reply to {name}", comment.QuerySelector(".comment-reply-link")!.GetAttribute("aria-label"));
        Assert.Contains($"by {name} ", comment.QuerySelector(".comment-report-link")!.GetAttribute("title"));
        Assert.DoesNotContain(email, html, StringComparison.OrdinalIgnoreCase);

        var replyForm = await everyone.GetStringAsync($"{Url(article)}?replytocom={id}");
        Assert.Contains($"Leave a Reply to", replyForm);
        Assert.Contains(name, replyForm);
        Assert.DoesNotContain(email, replyForm, StringComparison.OrdinalIgnoreCase);

        var reportPage = await everyone.GetStringAsync($"/comments/{id}/report");
        Assert.Contains(name, reportPage);
        Assert.DoesNotContain(email, reportPage, StringComparison.OrdinalIgnoreCase);

        // Their own pages name them by it too (the header, the form), and never spell out the address.
        Assert.DoesNotContain(email, await reader.GetStringAsync(Url(article)), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("", "Choose a display name")]
    [InlineData("margaret@example.com", "may not be an email address")]
    [InlineData("My name is margaret@example.com", "may not be an email address")]
    [InlineData("Mall\u202Eyrot", "control or invisible characters")]
    [InlineData("Zero\u200Bwidth", "control or invisible characters")]
    [InlineData("M", "between 2 and 50 characters")]
    [InlineData("Deleted User", "is kept for the comments of deleted accounts")]
    public async Task Registration_refuses_a_display_name_unfit_to_show_and_creates_no_account(string displayName, string message)
    {
        var email = $"refused-{Guid.NewGuid():N}@example.com";

        var response = await factory.CreateBrowserClient().RegisterAsync(email, displayName);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    [Fact]
    public async Task Registration_keeps_the_name_tidied()
    {
        var email = $"tidy-{Guid.NewGuid():N}@example.com";

        await factory.CreateBrowserClient().RegisterAsync(email, "  Ada    Lovelace ");

        await using var db = factory.CreateDbContext();
        Assert.Equal("Ada Lovelace", await db.Users.Where(u => u.Email == email).Select(u => u.DisplayName).SingleAsync());
    }

    [Fact]
    public async Task Account_without_a_display_name_posts_as_a_reader_number_never_as_its_email()
    {
        const string email = "nameless.reader@example.com";
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("nameless"));
        var user = await factory.CreateUserAsync(email, ReaderArrange.Password);
        await using (var db = factory.CreateDbContext())
        {
            // An account from before registration asked for a name.
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, ""));
        }
        var reader = factory.CreateBrowserClient();
        await reader.SignInAsync(email);

        var id = await reader.PostAsync(factory, article, "Posted without a display name.");

        var expected = "Reader " + user.Id[..6];
        await using (var db = factory.CreateDbContext())
        {
            Assert.Equal(expected, await db.Comments.Where(c => c.Id == id).Select(c => c.AuthorName).SingleAsync());
        }
        var html = await factory.CreateBrowserClient().GetStringAsync(Url(article));
        Assert.Equal(expected, FormClient.Parse(html).QuerySelector($"li#comment-{id} .fn")!.TextContent);
        Assert.DoesNotContain(email, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(email, await reader.GetStringAsync(Url(article)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Changing_the_display_name_renames_the_readers_comments_on_every_page()
    {
        var first = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("rename-a"));
        var second = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("rename-b"));
        var (reader, user) = await factory.RegisteredReaderAsync("renamer@example.com", "Old Name");
        var onFirst = await reader.PostAsync(factory, first, "Comment on the first article.");
        var onSecond = await reader.PostAsync(factory, second, "Comment on the second article.");
        var everyone = factory.CreateBrowserClient();
        // Both pages are now cached for everyone under the old name.
        Assert.Contains("Old Name", await everyone.GetStringAsync(Url(first)));
        Assert.Contains("Old Name", await everyone.GetStringAsync(Url(second)));

        var response = await reader.SubmitFormAsync("/Account/Manage", "main form", new Dictionary<string, string> { ["Input.DisplayName"] = "New Name" });

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        foreach (var (article, id) in new[] { (first, onFirst), (second, onSecond) })
        {
            var html = await everyone.GetStringAsync(Url(article));
            Assert.Equal("New Name", FormClient.Parse(html).QuerySelector($"li#comment-{id} .fn")!.TextContent);
            Assert.DoesNotContain("Old Name", html);
        }
        Assert.Equal("Logged in as New Name.", FormClient.Parse(await reader.GetStringAsync(Url(first))).QuerySelector(".logged-in-as")!.TextContent);
        Assert.Contains("value=\"New Name\"", await reader.GetStringAsync("/Account/Manage"));
        await using var db = factory.CreateDbContext();
        var key = AuthorKeys.ForUser(user.Id);
        Assert.All(await db.Comments.Where(c => c.AuthorKey == key).Select(c => c.AuthorName).ToListAsync(), n => Assert.Equal("New Name", n));
        Assert.Equal("New Name", await db.AuthorStandings.Where(a => a.AuthorKey == key).Select(a => a.Name).SingleAsync());
    }

    [Fact]
    public async Task Changing_the_display_name_to_an_email_is_refused_and_changes_nothing()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("rename-refused"));
        var (reader, user) = await factory.RegisteredReaderAsync("steady@example.com", "Steady Name");
        var id = await reader.PostAsync(factory, article, "Comment that keeps its byline.");

        var response = await reader.SubmitFormAsync("/Account/Manage", "main form", new Dictionary<string, string> { ["Input.DisplayName"] = "steady@example.com" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("may not be an email address", await response.Content.ReadAsStringAsync());
        await using var db = factory.CreateDbContext();
        Assert.Equal("Steady Name", await db.Users.Where(u => u.Id == user.Id).Select(u => u.DisplayName).SingleAsync());
        Assert.Equal("Steady Name", await db.Comments.Where(c => c.Id == id).Select(c => c.AuthorName).SingleAsync());
    }
}

public sealed class DisplayNameTests(ReaderAppFactory factory) : DisplayNameTests<ReaderAppFactory>(factory);

public sealed class DisplayNameTestsOnPostgres(PostgresReaderAppFactory factory) : DisplayNameTests<PostgresReaderAppFactory>(factory);
