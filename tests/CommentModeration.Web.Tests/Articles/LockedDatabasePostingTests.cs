using System.Net;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>
/// The reader app on SQLite with the driver's own retries cut to a second, so that a writer waits only
/// SQLite's busy timeout (10 s) for another process's lock before giving up.
/// </summary>
public sealed class ShortBusyWaitAppFactory : ReaderAppFactory
{
    public ShortBusyWaitAppFactory() => Settings["ConnectionStrings:Default"] = $"Data Source={DatabasePath};Default Timeout=1";
}

/// <summary>
/// SQLite held by another program (a command-line verb, a backup tool) past the busy timeout:
/// "database is locked" is the database out of reach for a moment, answered as on PostgreSQL.
/// PostgreSQL has no such fault (a writer there waits for the lock), so this class has no twin;
/// the outage tests (<c>Postgres/DatabaseOutageTests</c>) are its counterpart.
/// </summary>
public sealed class LockedDatabasePostingTests(ShortBusyWaitAppFactory factory) : IClassFixture<ShortBusyWaitAppFactory>
{
    [Fact]
    public async Task A_post_while_another_program_holds_the_database_past_its_busy_timeout_is_asked_to_try_again_shortly_with_its_text_kept()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("locked"));
        var url = ArticleUrls.Article(article.Slug);
        var reader = factory.CreateBrowserClient();
        var form = FormClient.FormIn(await reader.GetDocumentAsync(url), "#commentform", url);

        HttpResponseMessage refused;
        await using (var otherProgram = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            await otherProgram.OpenAsync();
            await Execute(otherProgram, "BEGIN IMMEDIATE");
            refused = await reader.PostAsync(form.Target, form.With(ReaderArrange.GuestReply("Posted while the file was locked", email: "locked-out@example.com")));
            await Execute(otherProgram, "ROLLBACK");
        }

        var again = await TryAgainShortly.ReplyFormOfAsync(refused, url);
        Assert.Equal("Posted while the file was locked", again["comment"]);
        await using (var db = factory.CreateDbContext())
        {
            Assert.False(await db.Comments.AnyAsync(c => c.ArticleId == article.Id));
        }

        var resent = await reader.PostAsync(again.Target, again.With());

        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        await using var check = factory.CreateDbContext();
        Assert.Equal("Posted while the file was locked", (await check.Comments.SingleAsync(c => c.ArticleId == article.Id)).BodyText);
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
