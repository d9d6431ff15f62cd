using System.Net;
using CommentModeration.Core.Comments;
using CommentModeration.Web.Api;
using CommentModeration.Web.Tests.Articles;

namespace CommentModeration.Web.Tests.Api;

/// <summary>/api/v1/articles: what readers can open, page by page, and how a CMS registers and updates its stories.</summary>
public abstract class ArticlesApiTests<TFactory>(TFactory host) : IClassFixture<TFactory> where TFactory : ApiHost
{
    private static string Site() => $"https://cms-{Guid.NewGuid():N}.example.org";

    private async Task<int> ArticleCountAsync()
    {
        await using var db = host.CreateDbContext();
        return await db.Articles.CountAsync();
    }

    [Fact]
    public async Task The_list_pages_through_every_published_article_newest_first_by_its_next_links()
    {
        for (var i = 0; i < 3; i++) await host.AddArticleAsync(ReaderArrange.UniqueSlug("listed"), publishedAt: host.Clock.GetUtcNow().AddMinutes(-10 - i));
        var scheduled = await host.AddArticleAsync(ReaderArrange.UniqueSlug("scheduled"), publishedAt: host.Clock.GetUtcNow().AddDays(1));
        var client = await host.ClientAsync("read");

        var seen = new List<ApiArticle>();
        var pages = 0;
        for (var url = "/api/v1/articles?pageSize=2"; url is not null; pages++)
        {
            var page = await (await client.GetAsync(url)).ReadAsync<ApiPage<ApiArticle>>();
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items);
            url = page.Next;
            if (url is not null) Assert.Contains("pageSize=2", url);
        }

        await using var db = host.CreateDbContext();
        var published = await db.Articles.Where(a => a.PublishedAt <= host.Clock.GetUtcNow()).OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Select(a => a.Id).ToListAsync();
        Assert.Equal(published, seen.Select(a => a.Id));
        Assert.DoesNotContain(scheduled.Id, seen.Select(a => a.Id));
        Assert.True(pages >= 2);
    }

    [Fact]
    public async Task Get_shows_a_published_article_and_404s_one_scheduled_or_missing()
    {
        var article = await host.AddArticleAsync(ReaderArrange.UniqueSlug("shown"), CommentPolicy.PreModerated);
        var scheduled = await host.AddArticleAsync(ReaderArrange.UniqueSlug("later"), publishedAt: host.Clock.GetUtcNow().AddDays(1));
        var client = await host.ClientAsync("read");

        var shown = await (await client.GetAsync($"/api/v1/articles/{article.Id}")).ReadAsync<ApiArticle>();

        Assert.Equal((article.Slug, article.Title, ApiCommentPolicy.PreModerated, $"/articles/{article.Slug}"), (shown.Slug, shown.Title, shown.Comments, shown.ReaderUrl));
        await (await client.GetAsync($"/api/v1/articles/{scheduled.Id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/v1/articles/987654321")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_cms_registers_a_story_by_its_own_id_then_updates_it_and_readers_see_each_version()
    {
        var client = await host.ClientAsync("admin");
        var site = Site();
        var publishedAt = host.Clock.GetUtcNow().AddHours(-2);

        var created = await client.PutJsonAsync("/api/v1/articles/by-source/8842", new
        {
            title = "Storm hits the coast",
            sourceSite = site,
            publishedAt,
            url = site + "/2026/storm",
            excerpt = "<p>Winds of <b>120</b> km/h.</p>",
            body = "<p>First <em>paragraph</em>.</p><script>alert('x')</script><p>Second paragraph.</p>",
            author = "Weather desk",
        });

        var article = await created.ReadAsync<ApiArticle>(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/articles/{article.Id}", created.Headers.Location!.OriginalString);
        Assert.Equal(("storm-hits-the-coast", site, 8842L, site + "/2026/storm", ApiCommentPolicy.Open), (article.Slug, article.SourceSite, article.SourceId, article.Url, article.Comments));
        await using (var db = host.CreateDbContext())
        {
            var stored = await db.Articles.SingleAsync(a => a.Id == article.Id);
            Assert.Equal("First paragraph.\n\nSecond paragraph.", stored.Body);
            Assert.Equal("Winds of 120 km/h.", stored.Excerpt);
        }
        var reader = await host.ClientWith(null).GetStringAsync(article.ReaderUrl);
        Assert.Contains("Storm hits the coast", reader);
        Assert.DoesNotContain("alert(", reader);

        var updated = await client.PutJsonAsync("/api/v1/articles/by-source/8842", new { title = "Storm hits the coast: the damage", sourceSite = site, publishedAt, comments = "closed" });

        var again = await updated.ReadAsync<ApiArticle>();
        Assert.Equal((article.Id, article.Slug, ApiCommentPolicy.Closed, true), (again.Id, again.Slug, again.Comments, again.CommentsClosed));
        Assert.Contains("Storm hits the coast: the damage", await host.ClientWith(null).GetStringAsync(article.ReaderUrl));
    }

    [Fact]
    public async Task A_cms_registers_a_story_by_its_canonical_address_and_finds_it_again_by_it()
    {
        var client = await host.ClientAsync("admin");
        var url = Site() + "/politics/budget";
        var before = await ArticleCountAsync();

        var created = await (await client.PutJsonAsync("/api/v1/articles/by-url", new { title = "Budget day", url, publishedAt = host.Clock.GetUtcNow(), slug = ReaderArrange.UniqueSlug("budget-day") }))
            .ReadAsync<ApiArticle>(HttpStatusCode.Created);
        var updated = await (await client.PutJsonAsync("/api/v1/articles/by-url", new { title = "Budget day: what changes", url, publishedAt = host.Clock.GetUtcNow(), comments = "premoderated" }))
            .ReadAsync<ApiArticle>();

        Assert.Equal((created.Id, created.Slug, "Budget day: what changes", ApiCommentPolicy.PreModerated), (updated.Id, updated.Slug, updated.Title, updated.Comments));
        Assert.Equal(before + 1, await ArticleCountAsync());
    }

    [Fact]
    public async Task A_slug_another_article_uses_is_a_409_and_changes_nothing()
    {
        var taken = await host.AddArticleAsync(ReaderArrange.UniqueSlug("taken"));
        var client = await host.ClientAsync("admin");
        var before = await ArticleCountAsync();

        var response = await client.PutJsonAsync("/api/v1/articles/by-url", new { title = "Copycat", slug = taken.Slug, url = Site() + "/copy", publishedAt = host.Clock.GetUtcNow() });

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"/articles/{taken.Slug}", problem.Detail());
        Assert.Equal(before, await ArticleCountAsync());
    }

    public static TheoryData<string, string, string> HostileRegistrations => new()
    {
        { """{"title":"","url":"https://x.example.org/a","publishedAt":"2026-01-01T00:00:00Z"}""", "title", "required" },
        { $$"""{"title":"{{new string('t', 301)}}","url":"https://x.example.org/a","publishedAt":"2026-01-01T00:00:00Z"}""", "title", "at most 300" },
        { """{"title":"Bell \u0007 rings","url":"https://x.example.org/a","publishedAt":"2026-01-01T00:00:00Z"}""", "title", "control characters" },
        { """{"title":"Ok","slug":"<b>bold</b>","url":"https://x.example.org/a","publishedAt":"2026-01-01T00:00:00Z"}""", "slug", "lowercase letters" },
        { """{"title":"Ok","url":"javascript:alert(1)","publishedAt":"2026-01-01T00:00:00Z"}""", "url", "http or https" },
        { """{"title":"Ok","url":"https://x.example.org/a"}""", "publishedAt", "required" },
        { """{"title":"Ok","url":"https://x.example.org/a","publishedAt":"yesterday"}""", "publishedAt", "Not valid JSON" },
        { """{"title":"Ok","url":"https://x.example.org/a","publishedAt":"2026-01-01T00:00:00Z","comments":"maybe"}""", "comments", "Not valid JSON" },
        { """{"title":"Ok","url":"https://x.example.org/a","publishedAt":"2026-01-01T00:00:00Z","id":5}""", "id", "not a field" },
        { """{"title":"Ok","url":"https://x.example.org/a","publishedAt":"2026-01-01T00:00:00Z","sourceSite":"https://x.example.org"}""", "sourceSite", "by-source" },
        { """{"title":"Ok", "url":""", "url", "Not valid JSON" },
        { """[1,2,3]""", "body", "Not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(HostileRegistrations))]
    public async Task A_hostile_registration_is_a_400_naming_the_field_and_changes_nothing(string body, string field, string message)
    {
        var client = await host.ClientAsync("admin");
        var before = await ArticleCountAsync();

        var response = await client.SendRawAsync(HttpMethod.Put, "/api/v1/articles/by-url", body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.ErrorsOf(field), m => m.Contains(message, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(before, await ArticleCountAsync());
    }

    [Fact]
    public async Task A_registration_needs_the_source_site_with_a_source_id_and_a_json_body()
    {
        var client = await host.ClientAsync("admin");

        var noSite = await client.PutJsonAsync("/api/v1/articles/by-source/1", new { title = "Ok", publishedAt = host.Clock.GetUtcNow() });
        Assert.NotEmpty((await noSite.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("sourceSite"));
        var form = await client.SendRawAsync(HttpMethod.Put, "/api/v1/articles/by-url", "title=Ok", "application/x-www-form-urlencoded");
        await form.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }
}

public sealed class ArticlesApiTests(ApiHost host) : ArticlesApiTests<ApiHost>(host);

public sealed class ArticlesApiTestsOnPostgres(PostgresApiHost host) : ArticlesApiTests<PostgresApiHost>(host);
