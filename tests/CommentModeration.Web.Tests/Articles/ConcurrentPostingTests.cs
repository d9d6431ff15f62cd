using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Articles;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>Posts that arrive at the same moment: the checks that compare with stored comments still hold.</summary>
public abstract class ConcurrentPostingTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private const int AtOnce = 8;

    private async Task<CommentPostResult[]> PostAtOnceAsync(Func<int, CommentSubmission> submission)
    {
        _ = factory.Server;
        using var start = new ManualResetEventSlim();
        var posts = Enumerable.Range(0, AtOnce).Select(i => Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var posting = scope.ServiceProvider.GetRequiredService<CommentPosting>();
            start.Wait();
            return await posting.PostAsync(submission(i));
        })).ToArray();
        start.Set();
        return await Task.WhenAll(posts);
    }

    [Fact]
    public async Task Identical_posts_sent_at_once_store_one_comment()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("double-click"));

        // Staff skip flood control, so only the duplicate check stands between the copies.
        var results = await PostAtOnceAsync(_ => new CommentSubmission
        {
            ArticleId = article.Id, Body = "Posted twice by a double click.", AuthorName = "Editor", AuthorEmail = "editor-twice@example.com", HasStaffRole = true,
        });

        Assert.Single(results, r => r.IsStored);
        Assert.All(results.Where(r => !r.IsStored), r =>
        {
            Assert.Equal(RefusalKind.Invalid, r.Refusal);
            Assert.Contains("already said that", r.Message);
        });
        await using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.Comments.CountAsync(c => c.ArticleId == article.Id));
        // One decision stored; each copy refused says so in the log.
        Assert.Equal(1, await db.ModerationEvents.CountAsync(e => e.AuthorKey == "email:editor-twice@example.com" && e.Action != AuditActions.Refused));
        Assert.Equal(results.Count(r => !r.IsStored), await db.ModerationEvents.CountAsync(e => e.AuthorKey == "email:editor-twice@example.com" && e.Action == AuditActions.Refused));
        Assert.Equal(1, (await db.Articles.SingleAsync(a => a.Id == article.Id)).ApprovedCommentCount);
    }

    [Fact]
    public async Task Posts_from_one_guest_at_once_within_the_flood_interval_store_one()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("flood-at-once"));
        await using (var db = factory.CreateDbContext())
        {
            Assert.True((await db.DiscussionSettings.FirstOrDefaultAsync())?.FloodIntervalSeconds is null or > 0);
        }

        var results = await PostAtOnceAsync(i => new CommentSubmission
        {
            ArticleId = article.Id, Body = $"Hasty reply number {i}.", AuthorName = "Hasty", AuthorEmail = "hasty@example.com", Ip = "198.51.100.23",
        });

        var stored = Assert.Single(results, r => r.IsStored);
        Assert.Equal(PostingOutcome.Held, stored.Outcome);
        Assert.All(results.Where(r => !r.IsStored), r => Assert.Equal(RefusalKind.Flood, r.Refusal));
        await using var check = factory.CreateDbContext();
        Assert.Equal(1, await check.Comments.CountAsync(c => c.ArticleId == article.Id));
        // The author's first comments all raced to create their standing: one row, counted once.
        var standing = await check.AuthorStandings.SingleAsync(s => s.AuthorKey == "email:hasty@example.com");
        Assert.Equal((0, 0, 0), (standing.ApprovedCount, standing.RejectedCount, standing.SpamCount));
        Assert.Equal(factory.Clock.GetUtcNow(), standing.LastCommentAt);
    }

    [Fact]
    public async Task First_comments_of_different_authors_at_once_are_all_stored_and_counted()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("crowd"));
        long PendingOf(Dictionary<string, long> counters) => counters.GetValueOrDefault(CommentQueues.CounterName(QueueKind.Pending));
        Dictionary<string, long> before;
        await using (var db = factory.CreateDbContext()) before = await db.QueueCounters.ToDictionaryAsync(q => q.Name, q => q.Value);

        var results = await PostAtOnceAsync(i => new CommentSubmission
        {
            ArticleId = article.Id, Body = $"A first word from reader {i}.", AuthorName = $"Reader {i}", AuthorEmail = $"crowd{i}@example.com", Ip = $"192.0.2.{i + 1}",
        });

        Assert.All(results, r => Assert.Equal(PostingOutcome.Held, r.Outcome));
        await using var check = factory.CreateDbContext();
        Assert.Equal(AtOnce, await check.Comments.CountAsync(c => c.ArticleId == article.Id && c.Status == CommentStatus.Pending));
        Assert.Equal(AtOnce, await check.AuthorStandings.CountAsync(s => s.AuthorKey.StartsWith("email:crowd")));
        var after = await check.QueueCounters.ToDictionaryAsync(q => q.Name, q => q.Value);
        Assert.Equal(AtOnce, PendingOf(after) - PendingOf(before));
    }
}

public sealed class ConcurrentPostingTests(ReaderAppFactory factory) : ConcurrentPostingTests<ReaderAppFactory>(factory);

public sealed class ConcurrentPostingTestsOnPostgres(PostgresReaderAppFactory factory) : ConcurrentPostingTests<PostgresReaderAppFactory>(factory);
