using CommentModeration.Data.Entities;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests;

/// <summary>Every writer queues at the database's write gate: one writer at a time, waiting without holding a thread.</summary>
public sealed class DatabaseWritesTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_second_writer_waits_for_the_write_transaction_in_progress_and_then_lands()
    {
        await using var first = factory.CreateDbContext();
        await using var second = factory.CreateDbContext();
        var writing = await first.BeginWriteAsync();
        first.AuthorNotes.Add(new AuthorNote { AuthorKey = "email:gate-first@example.com", Text = "first", CreatedAt = factory.Clock.GetUtcNow() });
        await first.SaveChangesAsync();

        // Queued at the gate, not asleep in SQLite's busy handler: the call returns at once, unfinished.
        second.AuthorNotes.Add(new AuthorNote { AuthorKey = "email:gate-second@example.com", Text = "second", CreatedAt = factory.Clock.GetUtcNow() });
        var waiting = second.SaveChangesAsync();
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);

        await writing.CommitAsync();
        Assert.Equal(1, await waiting);
        await using var check = factory.CreateDbContext();
        Assert.Equal(2, await check.AuthorNotes.CountAsync(n => n.AuthorKey.StartsWith("email:gate-")));
    }

    [Fact]
    public async Task A_transaction_begun_around_the_write_gate_is_refused()
    {
        await using var db = factory.CreateDbContext();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Database.BeginTransactionAsync());

        Assert.Contains("BeginWriteAsync", refused.Message);
    }

    [Fact]
    public async Task A_write_transaction_left_without_commit_stores_nothing_and_frees_the_gate()
    {
        await using (var db = factory.CreateDbContext())
        {
            await using var writing = await db.BeginWriteAsync();
            db.AuthorNotes.Add(new AuthorNote { AuthorKey = "email:gate-abandoned@example.com", Text = "never", CreatedAt = factory.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        await using var next = factory.CreateDbContext();
        await using (var writing = await next.BeginWriteAsync().WaitAsync(TimeSpan.FromSeconds(5)))
        {
            await writing.CommitAsync();
        }
        Assert.False(await next.AuthorNotes.AnyAsync(n => n.AuthorKey == "email:gate-abandoned@example.com"));
    }
}
