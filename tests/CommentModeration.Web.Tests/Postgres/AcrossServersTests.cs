using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Postgres;

/// <summary>Two servers of one site on one PostgreSQL database, started once for the class.</summary>
public sealed class TwoServers : IDisposable
{
    public TwoServers()
    {
        First = new PostgresReaderAppFactory();
        Second = First.AnotherServer();
        _ = First.Server;
        _ = Second.Server;
        Data = new ModerationTestData(First.Services, First.Clock);
    }

    public PostgresReaderAppFactory First { get; }

    public PostgresAppFactory Second { get; }

    /// <summary>Arranges rows (through the first server) and makes the staff accounts Alice, Bob and Ada.</summary>
    public ModerationTestData Data { get; }

    public IEnumerable<AppFactory> Both => [First, Second];

    public void Dispose()
    {
        Second.Dispose();
        First.Dispose();
    }
}

/// <summary>
/// What no in-process gate keeps right when two servers write one database: counters, the flood and
/// duplicate checks, and one decision per comment.
/// </summary>
public sealed class AcrossServersTests(TwoServers servers) : IClassFixture<TwoServers>
{
    private const int PerServer = 6;

    /// <summary>Each submission posted through its server's posting service, all released at once.</summary>
    private static async Task<CommentPostResult[]> PostAtOnceAsync(IEnumerable<(AppFactory Server, CommentSubmission Submission)> posts)
    {
        using var start = new ManualResetEventSlim();
        var running = posts.Select(p => Task.Run(async () =>
        {
            await using var scope = p.Server.Services.CreateAsyncScope();
            var posting = scope.ServiceProvider.GetRequiredService<CommentPosting>();
            start.Wait();
            return await posting.PostAsync(p.Submission);
        })).ToArray();
        start.Set();
        return await Task.WhenAll(running);
    }

    private static ModeratorDecisions DecisionsOn(AppFactory server) => server.Services.GetRequiredService<ModeratorDecisions>();

    [Fact]
    public async Task Posts_and_decisions_on_both_servers_at_once_leave_every_counter_equal_to_a_recount()
    {
        var article = await servers.First.AddArticleAsync(ReaderArrange.UniqueSlug("two-servers-counted"));

        var posted = await PostAtOnceAsync(servers.Both.SelectMany((server, s) => Enumerable.Range(0, PerServer).Select(i => (server, new CommentSubmission
        {
            ArticleId = article.Id, Body = $"Word {i} through server {s}.", AuthorName = $"Counted {s}-{i}",
            AuthorEmail = $"counted-{s}-{i}@example.com", Ip = $"192.0.2.{s * PerServer + i + 1}",
        }))));
        Assert.All(posted, p => Assert.True(p.IsStored));

        // Every comment decided by the two servers at once: approved on one, rejected or spammed on the other.
        await using (var db = servers.First.CreateDbContext())
        {
            var held = await db.Comments.Where(c => c.ArticleId == article.Id).OrderBy(c => c.Id).Select(c => new CommentRef(c.Id, c.Version)).ToListAsync();
            await Task.WhenAll(held.Select((comment, i) => Task.Run(() => (i % 3) switch
            {
                0 => DecisionsOn(servers.First).ApproveAsync([comment], Alice),
                1 => DecisionsOn(servers.Second).RejectAsync([comment], "Off-topic", Bob),
                _ => DecisionsOn(servers.Second).ApproveAsync([comment], Bob),
            })));
        }

        await using var check = servers.First.CreateDbContext();
        var comments = await check.Comments.AsNoTracking().ToListAsync();
        var counters = await check.QueueCounters.AsNoTracking().ToDictionaryAsync(q => q.Name, q => q.Value);
        foreach (var (queue, status) in new[] { (QueueKind.Pending, CommentStatus.Pending), (QueueKind.Approved, CommentStatus.Approved), (QueueKind.Rejected, CommentStatus.Rejected), (QueueKind.Spam, CommentStatus.Spam) })
        {
            Assert.Equal(comments.Count(c => c.Status == status), counters.GetValueOrDefault(CommentQueues.CounterName(queue)));
        }
        var stored = await check.Articles.AsNoTracking().SingleAsync(a => a.Id == article.Id);
        Assert.Equal(comments.Count(c => c.ArticleId == article.Id && CommentVisibility.IsVisibleState(c.Status, c.HiddenByReports)), stored.ApprovedCommentCount);
        Assert.Equal(2 * PerServer * 2 / 3, stored.ApprovedCommentCount);
        Assert.Equal(stored.ApprovedCommentCount, stored.PublishedThreadCount);
        var standings = await check.AuthorStandings.AsNoTracking().Where(s => s.AuthorKey.StartsWith("email:counted-")).ToListAsync();
        Assert.Equal(2 * PerServer, standings.Count);
        Assert.All(standings, s => Assert.Equal(
            (comments.Count(c => c.AuthorKey == s.AuthorKey && c.Status == CommentStatus.Approved), comments.Count(c => c.AuthorKey == s.AuthorKey && c.Status == CommentStatus.Rejected)),
            (s.ApprovedCount, s.RejectedCount)));
    }

    [Fact]
    public async Task One_guest_posting_through_both_servers_at_once_within_the_flood_interval_stores_one_comment()
    {
        var article = await servers.First.AddArticleAsync(ReaderArrange.UniqueSlug("two-servers-flood"));

        var results = await PostAtOnceAsync(servers.Both.SelectMany((server, s) => Enumerable.Range(0, PerServer).Select(i => (server, new CommentSubmission
        {
            ArticleId = article.Id, Body = $"Hasty reply {i} through server {s}.", AuthorName = "Hasty", AuthorEmail = "hasty-two@example.com", Ip = "198.51.100.77",
        }))));

        Assert.Single(results, r => r.IsStored);
        Assert.All(results.Where(r => !r.IsStored), r => Assert.Equal(RefusalKind.Flood, r.Refusal));
        await using var check = servers.First.CreateDbContext();
        Assert.Equal(1, await check.Comments.CountAsync(c => c.ArticleId == article.Id));
    }

    [Fact]
    public async Task The_same_post_through_both_servers_at_once_is_stored_once()
    {
        var article = await servers.First.AddArticleAsync(ReaderArrange.UniqueSlug("two-servers-duplicate"));

        // Staff skip flood control, so only the duplicate check stands between the copies.
        var results = await PostAtOnceAsync(servers.Both.SelectMany(server => Enumerable.Range(0, PerServer).Select(_ => (server, new CommentSubmission
        {
            ArticleId = article.Id, Body = "Sent through both servers by a double click.", AuthorName = "Editor", AuthorEmail = "editor-two@example.com", HasStaffRole = true,
        }))));

        Assert.Single(results, r => r.IsStored);
        Assert.All(results.Where(r => !r.IsStored), r => Assert.Contains("already said that", r.Message));
        await using var check = servers.First.CreateDbContext();
        Assert.Equal(1, await check.Comments.CountAsync(c => c.ArticleId == article.Id));
        Assert.Equal(1, (await check.Articles.SingleAsync(a => a.Id == article.Id)).ApprovedCommentCount);
    }

    [Fact]
    public async Task Two_moderators_on_two_servers_deciding_one_comment_at_once_give_one_decision_and_tell_the_other()
    {
        var article = await servers.First.AddArticleAsync(ReaderArrange.UniqueSlug("two-servers-race"));
        for (var round = 0; round < 5; round++)
        {
            var comment = await servers.Data.AddCommentAsync(article.Id);
            var target = new CommentRef(comment.Id, comment.Version);

            var results = await Task.WhenAll(
                Task.Run(() => DecisionsOn(servers.First).ApproveAsync([target], Alice)),
                Task.Run(() => DecisionsOn(servers.Second).RejectAsync([target], "Off-topic", Bob)));

            var winner = Assert.Single(results, r => r.Succeeded);
            var loser = Assert.Single(results, r => !r.Succeeded);
            Assert.Contains("first", Assert.Single(loser.Refused).Message);
            var stored = await servers.Data.ReloadAsync(comment.Id);
            Assert.Equal(winner == results[0] ? CommentStatus.Approved : CommentStatus.Rejected, stored.Status);
            Assert.Single(await servers.Data.EventsForAsync(comment.Id));
        }
    }

    [Fact]
    public async Task Undo_on_one_server_is_refused_when_a_moderator_on_the_other_acted_since()
    {
        var article = await servers.First.AddArticleAsync(ReaderArrange.UniqueSlug("two-servers-undo"));
        var comment = await servers.Data.AddCommentAsync(article.Id);
        var approved = await DecisionsOn(servers.First).ApproveAsync([new CommentRef(comment.Id, comment.Version)], Alice);
        var fresh = await servers.Data.ReloadAsync(comment.Id);
        await DecisionsOn(servers.Second).SpamAsync([new CommentRef(fresh.Id, fresh.Version)], Bob);

        var undo = await DecisionsOn(servers.First).UndoAsync(approved.Changed, Alice);

        Assert.Empty(undo.Changed);
        Assert.Contains("bob@example.com marked as spam this comment first", Assert.Single(undo.Refused).Message);
        Assert.Equal(CommentStatus.Spam, (await servers.Data.ReloadAsync(comment.Id)).Status);
    }
}
