using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests;

public sealed class HostTests(AppFactory factory) : IClassFixture<AppFactory>
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
    public async Task Database_is_created_by_migrations_in_WAL_mode()
    {
        await using var db = factory.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }
}
