using CommentModeration.Data.Entities;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Tests.Postgres;

/// <summary>On PostgreSQL no writer queues in the process: the database orders writers, those of other servers too.</summary>
public sealed class PostgresWritesTests(PostgresAppFactory factory) : IClassFixture<PostgresAppFactory>
{
    [Fact]
    public async Task A_second_write_transaction_begins_and_writes_while_the_first_is_open_and_both_land()
    {
        await using var first = factory.CreateDbContext();
        await using var second = factory.CreateDbContext();
        var firstWrite = await first.BeginWriteAsync();
        first.AuthorNotes.Add(new AuthorNote { AuthorKey = "email:pg-first@example.com", Text = "first", CreatedAt = factory.Clock.GetUtcNow() });
        await first.SaveChangesAsync();

        // SQLite's gate would hold this one until the first commits (and fail it after 30 s here).
        var secondWrite = await second.BeginWriteAsync();
        second.AuthorNotes.Add(new AuthorNote { AuthorKey = "email:pg-second@example.com", Text = "second", CreatedAt = factory.Clock.GetUtcNow() });
        await second.SaveChangesAsync();
        await secondWrite.CommitAsync();
        await firstWrite.CommitAsync();

        await using var check = factory.CreateDbContext();
        Assert.Equal(2, await check.AuthorNotes.CountAsync(n => n.AuthorKey.StartsWith("email:pg-")));
    }
}
