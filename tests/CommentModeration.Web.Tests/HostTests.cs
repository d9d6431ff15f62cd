using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests;

public abstract class HostTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AppFactory
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/css/site.css", "text/css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "text/css")]
    public async Task Home_page_site_css_and_MudBlazor_css_are_served(string url, string contentType)
    {
        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Reader_pages_answer_HEAD_as_they_answer_GET()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("head"));
        var client = factory.CreateClient();

        foreach (var url in new[] { "/", "/articles/" + article.Slug })
        {
            var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }
        var missing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/articles/no-such-article"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }
}

/// <summary>On SQLite, also the file's journal and every connection's settings.</summary>
public sealed class HostTests : HostTests<AppFactory>
{
    private readonly AppFactory _factory;

    public HostTests(AppFactory factory) : base(factory) => _factory = factory;

    [Fact]
    public async Task Database_is_created_by_migrations_in_WAL_mode()
    {
        await using var db = _factory.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Every_connection_runs_with_normal_sync_foreign_keys_and_a_busy_timeout()
    {
        // EF reopens pooled connections per query: each open, first or reused, must carry the settings.
        for (var open = 0; open < 3; open++)
        {
            await using var db = _factory.CreateDbContext();
            // Opened as the app opens it (through EF), not behind EF's back: the settings are applied on EF's open.
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA synchronous;"));
            Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA foreign_keys;"));
            Assert.Equal(10000L, await ScalarAsync(connection, "PRAGMA busy_timeout;"));
        }
    }

    private static async Task<long> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

public sealed class HostTestsOnPostgres(PostgresAppFactory factory) : HostTests<PostgresAppFactory>(factory);
