using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>Posts' writes grouped into one transaction: each succeeds or fails on its own.</summary>
public sealed class PostingWritesTests(ReaderAppFactory factory) : IClassFixture<ReaderAppFactory>
{
    private static Func<CommentTransaction, Task<string>> Row(string key, bool failAfterWriting = false) => async post =>
    {
        var db = post.Db;
        db.RuleHitsDaily.Add(new RuleHitDaily { RuleKey = key, Day = new DateOnly(2026, 11, 28), Count = 1 });
        await db.SaveChangesAsync();
        if (failAfterWriting) throw new InvalidOperationException("This post's write failed after its row was written.");
        return key;
    };

    [Fact]
    public async Task A_write_that_fails_is_rolled_back_alone_and_the_others_of_its_group_commit()
    {
        _ = factory.Server;
        var writes = factory.Services.GetRequiredService<PostingWrites>();
        var prefix = ReaderArrange.UniqueSlug("group");

        // Holding the write gate queues the writes behind it, so they are taken up together.
        Task<string>[] queued;
        await using (var holder = factory.CreateDbContext())
        {
            await using var gate = await holder.BeginWriteAsync();
            queued =
            [
                writes.RunAsync(Row(prefix + "-first")),
                writes.RunAsync(Row(prefix + "-second")),
                writes.RunAsync(Row(prefix + "-failing", failAfterWriting: true)),
                writes.RunAsync(Row(prefix + "-last")),
            ];
            await Task.Delay(50);
            Assert.All(queued, write => Assert.False(write.IsCompleted));
            await gate.RollbackAsync();
        }

        Assert.Equal(prefix + "-first", await queued[0]);
        Assert.Equal(prefix + "-second", await queued[1]);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => queued[2]);
        Assert.Contains("failed after its row was written", failure.Message);
        Assert.Equal(prefix + "-last", await queued[3]);

        await using var db = factory.CreateDbContext();
        var stored = await db.RuleHitsDaily.Where(r => r.RuleKey.StartsWith(prefix)).Select(r => r.RuleKey).OrderBy(k => k).ToListAsync();
        Assert.Equal([prefix + "-first", prefix + "-last", prefix + "-second"], stored);
    }

    [Fact]
    public async Task A_finished_write_is_already_visible_to_other_connections()
    {
        _ = factory.Server;
        var writes = factory.Services.GetRequiredService<PostingWrites>();
        var key = ReaderArrange.UniqueSlug("committed");

        var result = await writes.RunAsync(Row(key));

        // Read on another connection: only a committed row is there to be seen.
        await using var db = factory.CreateDbContext();
        Assert.Equal(key, result);
        Assert.True(await db.RuleHitsDaily.AnyAsync(r => r.RuleKey == key));
    }
}
