using CommentModeration.Data;
using CommentModeration.Data.Sql;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CommentModeration.Web.Tests;

/// <summary>Statements kept prepared on connections of their own read what is committed now, never a stale answer.</summary>
public sealed class PreparedReadsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string NotesOf = "SELECT Text FROM AuthorNotes WHERE AuthorKey = $p0 ORDER BY Id";

    private PreparedReads NewReads() => new($"Data Source={factory.DatabasePath}");

    private async Task AddNoteAsync(string key, string text)
    {
        await using var db = factory.CreateDbContext();
        await using var writing = await db.BeginWriteAsync();
        db.AuthorNotes.Add(new AuthorNote { AuthorKey = key, Text = text, CreatedAt = factory.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
        await writing.CommitAsync();
    }

    [Fact]
    public async Task A_statement_run_again_sees_rows_committed_since_by_other_connections()
    {
        using var reads = NewReads();
        await AddNoteAsync("email:prepared-a@example.com", "first");

        Assert.Equal(["first"], reads.Query(NotesOf, row => row.GetString(0), "email:prepared-a@example.com"));
        await AddNoteAsync("email:prepared-a@example.com", "second");
        Assert.Equal(["first", "second"], reads.Query(NotesOf, row => row.GetString(0), "email:prepared-a@example.com"));
        Assert.Empty(reads.Query(NotesOf, row => row.GetString(0), "email:nobody@example.com"));
    }

    [Fact]
    public async Task Reads_at_once_from_many_threads_each_get_their_own_answer()
    {
        using var reads = NewReads();
        for (var i = 0; i < 8; i++) await AddNoteAsync($"email:prepared-many-{i}@example.com", $"note {i}");

        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(n => Task.Run(() =>
            (n % 8, reads.Query(NotesOf, row => row.GetString(0), $"email:prepared-many-{n % 8}@example.com")))));

        Assert.All(answers, a => Assert.Equal([$"note {a.Item1}"], a.Item2));
    }

    [Fact]
    public async Task A_failing_read_says_why_and_the_next_read_still_works()
    {
        using var reads = NewReads();
        await AddNoteAsync("email:prepared-fail@example.com", "kept");

        var error = Assert.Throws<SqliteException>(() => reads.Query("SELECT Nope FROM AuthorNotes", row => row.GetString(0)));
        Assert.Contains("Nope", error.Message);
        Func<SqliteDataReader, string> badRow = _ => throw new InvalidCastException("bad row");
        Assert.Throws<InvalidCastException>(() => reads.Query(NotesOf, badRow, "email:prepared-fail@example.com"));

        Assert.Equal(["kept"], reads.Query(NotesOf, row => row.GetString(0), "email:prepared-fail@example.com"));
    }

    [Fact]
    public void A_disposed_reader_refuses_to_read()
    {
        var reads = NewReads();
        _ = factory.Server;
        Assert.Empty(reads.Query(NotesOf, row => row.GetString(0), "email:prepared-disposed@example.com"));

        reads.Dispose();

        Assert.Throws<ObjectDisposedException>(() => reads.Query(NotesOf, row => row.GetString(0), "email:prepared-disposed@example.com"));
    }
}
