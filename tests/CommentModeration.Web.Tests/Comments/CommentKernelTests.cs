using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommentModeration.Web.Tests.Comments;

/// <summary>The kernel's seams: work after a commit runs for committed changes only, and audit rows have one builder.</summary>
public abstract class CommentKernelTests<TFactory> : IClassFixture<TFactory>
    where TFactory : AppFactory
{
    private readonly AppFactory _factory;
    private readonly ModerationTestData _data;
    private readonly RecordingFollowUp _followUp = new();

    protected CommentKernelTests(TFactory factory)
    {
        _factory = factory;
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
    }

    /// <summary>The kernel as the site has it, with a follow-up that records what it is handed.</summary>
    private CommentWrites Writes => new(_followUp, _factory.Services.GetRequiredService<SqlStatements>(), _factory.Services.GetRequiredService<EventOutbox>(), _factory.Clock);

    [Fact]
    public async Task A_change_rolled_back_is_not_followed_up_and_a_committed_one_is_with_what_it_changed()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, CommentStatus.Pending);

        await using (var db = _data.CreateDbContext())
        await using (var transaction = await Writes.BeginAsync(db))
        {
            var target = await transaction.FindAsync(comment.Id);
            await transaction.DecideAsync(target!, AuditActions.Approve, CommentStatus.Approved, rejectionReason: null, ModerationTestData.Alice.Actor);
        }

        Assert.Empty(_followUp.Runs);
        Assert.Equal(CommentStatus.Pending, (await _data.ReloadAsync(comment.Id)).Status);

        await using (var db = _data.CreateDbContext())
        await using (var transaction = await Writes.BeginAsync(db))
        {
            var target = await transaction.FindAsync(comment.Id);
            await transaction.DecideAsync(target!, AuditActions.Approve, CommentStatus.Approved, rejectionReason: null, ModerationTestData.Alice.Actor);
            Assert.Empty(_followUp.Runs);
            await transaction.CommitAsync();
        }

        var run = Assert.Single(_followUp.Runs);
        Assert.Equal([comment.Id], run.ChangedComments);
        Assert.Equal([article.Slug], run.ReaderPages);
        Assert.Equal([QueueKind.Pending, QueueKind.Approved], run.Queues.Order());
        Assert.Equal(CommentStatus.Approved, (await _data.ReloadAsync(comment.Id)).Status);
    }

    [Fact]
    public async Task A_post_that_fails_in_its_group_stores_nothing_and_is_not_followed_up_and_the_others_of_the_group_are_both()
    {
        _ = _factory.Server;
        await using var writes = new PostingWrites(_factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), Writes, NullLogger<PostingWrites>.Instance);
        var slugs = new[] { "kept-first", "failed", "kept-last" }.Select(ReaderArrange.UniqueSlug).ToArray();

        Task<string>[] posts;
        // Holding the write gate queues the posts behind it, so they run as one group.
        await using (var holder = _factory.CreateDbContext())
        {
            await using var gate = await holder.BeginWriteAsync();
            posts =
            [
                writes.RunAsync(post => Post(post, slugs[0])),
                writes.RunAsync(post => Post(post, slugs[1], fail: true)),
                writes.RunAsync(post => Post(post, slugs[2])),
            ];
            await gate.RollbackAsync();
        }

        Assert.Equal(slugs[0], await posts[0]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => posts[1]);
        Assert.Equal(slugs[2], await posts[2]);
        Assert.Equal([slugs[0], slugs[2]], _followUp.Runs.SelectMany(r => r.ReaderPages).Order());
        // The failed post's row went back with its savepoint; the rows of the posts before and after it stayed.
        await using var db = _factory.CreateDbContext();
        Assert.Equal([slugs[0], slugs[2]], await db.Articles.Where(a => slugs.Contains(a.Slug)).Select(a => a.Slug).OrderBy(s => s).ToListAsync());

        // Each writes a row before it fails or returns.
        static Task<string> Post(CommentTransaction post, string slug, bool fail = false)
        {
            post.Db.Articles.Add(new Article { Slug = slug, Title = slug, Excerpt = slug, Body = slug, AuthorName = "Kernel", PublishedAt = DateTimeOffset.UnixEpoch });
            post.Db.SaveChanges();
            post.ReaderPagesChanged(slug);
            if (fail) throw new InvalidOperationException("This post failed after storing a row and noting its change.");
            return Task.FromResult(slug);
        }
    }

    [Fact]
    public void Audit_rows_are_made_by_the_kernel_audit_trail_only()
    {
        Assert.Empty(typeof(ModerationEvent).GetConstructors());

        var comment = new Comment { Id = 7, AuthorKey = "email:a@example.org", CreatedAt = _factory.Clock.GetUtcNow() };
        var row = AuditTrail.OfComment(comment, AuditActions.Reject, CommentStatus.Pending, CommentStatus.Rejected, "Off-topic", ModerationTestData.Alice.Actor, comment.CreatedAt);
        Assert.Equal((7L, "email:a@example.org", "reject", CommentStatus.Pending, CommentStatus.Rejected, "Off-topic", "alice-id", "alice@example.com", false),
            (row.CommentId, row.AuthorKey, row.Action, row.FromStatus, row.ToStatus, row.Reason, row.ActorUserId, row.ActorName, row.Automatic));
    }

    private sealed class RecordingFollowUp : ICommentFollowUp
    {
        private readonly List<CommittedChanges> _runs = [];

        public IReadOnlyList<CommittedChanges> Runs
        {
            get
            {
                lock (_runs) return _runs.ToList();
            }
        }

        public Task AfterCommitAsync(CommittedChanges changes, CancellationToken ct)
        {
            lock (_runs) _runs.Add(changes);
            return Task.CompletedTask;
        }
    }
}

public sealed class CommentKernelTests(AppFactory factory) : CommentKernelTests<AppFactory>(factory);

public sealed class CommentKernelTestsOnPostgres(PostgresAppFactory factory) : CommentKernelTests<PostgresAppFactory>(factory);
