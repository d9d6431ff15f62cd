using System.Net;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CommentModeration.Web.Tests.Postgres;

/// <summary>
/// A post caught in a deadlock with another server's transaction, which PostgreSQL breaks by failing
/// one of the two: when it fails the post, the post runs again once the other has finished.
/// </summary>
public sealed class PostingDeadlockTests(PostgresReaderAppFactory factory) : IClassFixture<PostgresReaderAppFactory>
{
    [Fact]
    public async Task A_post_that_PostgreSQL_fails_to_break_a_deadlock_is_stored_on_its_second_try_and_the_reader_is_told_it_is_saved()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("deadlock"));
        var reader = factory.CreateBrowserClient();
        var url = ArticleUrls.Article(article.Slug);
        var form = FormClient.FormIn(await reader.GetDocumentAsync(url), "#commentform", url);
        await using var other = new NpgsqlConnection(factory.Postgres!.ConnectionString);
        await other.OpenAsync();
        await using var otherTransaction = await other.BeginTransactionAsync();
        // The other transaction holds the article's row, which storing the post's comment must wait for,
        await ExecuteAsync(other, """SELECT 1 FROM "Articles" WHERE "Id" = $1 FOR UPDATE""", article.Id);

        var posting = reader.PostAsync(form.Target, form.With(ReaderArrange.GuestReply("Caught in a deadlock", email: "deadlocked@example.com")));
        // then, as soon as the post waits for it, asks for a lock on the post's author that the post holds: each waits for the other.
        // PostgreSQL checks a wait for a deadlock once, a second after it began: the post, waiting first, is the one it fails.
        await ExecuteAsync(other, AuthorLockOfTheWaitingPost);
        // The other got its lock; it finishes, and the post's second try may go through.
        await otherTransaction.CommitAsync();
        var response = await posting;

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = factory.CreateDbContext();
        Assert.Equal("Caught in a deadlock", (await db.Comments.SingleAsync(c => c.ArticleId == article.Id)).BodyText);
    }

    /// <summary>
    /// Waits, in the database so as to lose no time, until another session of this database waits for a lock while
    /// holding one of posting's advisory locks (a two-key lock, <c>objsubid</c> 2), then asks for that one.
    /// </summary>
    private const string AuthorLockOfTheWaitingPost = """
        DO $$
        DECLARE
            held record;
        BEGIN
            FOR attempt IN 1..3000 LOOP
                SELECT l.classid::text::int AS space, (l.objid::text::bigint)::bit(32)::int AS key INTO held
                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.wait_event_type = 'Lock'
                LIMIT 1;
                IF FOUND THEN
                    PERFORM pg_advisory_xact_lock(held.space, held.key);
                    RETURN;
                END IF;
                PERFORM pg_sleep(0.01);
            END LOOP;
            RAISE EXCEPTION 'The post never waited for the article''s row.';
        END $$
        """;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await command.ExecuteNonQueryAsync();
    }
}
