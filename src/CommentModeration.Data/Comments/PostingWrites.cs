using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CommentModeration.Data.Comments;

/// <summary>
/// Group commit for posts. Each post's last step (the flood and duplicate checks that must see
/// every comment stored before it, the verdict, the rows) runs here, one post after another on
/// one context inside one write transaction with every other post waiting at that moment, and
/// the group commits once. Posts one at a time through the write gate spent most of the gate's
/// time on their own commit and on handing the gate to the next writer, which on a busy machine
/// waited behind other work for a thread; a group pays both once.
/// Each post runs inside a savepoint, with a <see cref="CommentTransaction"/> of its own: one that
/// fails is rolled back alone and fails alone, and what it changed is not followed up. A post that
/// PostgreSQL fails to break a deadlock with another server's transaction runs once more, first in
/// the next group, when this group's locks are gone. A broken connection fails the whole group:
/// nothing of it is stored, and each post fails with the fault (<see cref="DatabaseFaults.IsTransient"/>).
/// </summary>
public sealed class PostingWrites : IAsyncDisposable
{
    // Bounds how long the first post of a group waits for the group's commit.
    private const int MaxGroup = 64;

    private readonly IDbContextFactory<AppDbContext> _contexts;
    private readonly CommentWrites _comments;
    private readonly ILogger<PostingWrites> _logger;
    // A post's arrival wakes the writer's thread directly, from the posting request's own thread.
    private readonly Channel<Job> _jobs = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PostingWrites(IDbContextFactory<AppDbContext> contexts, CommentWrites comments, ILogger<PostingWrites> logger)
    {
        _contexts = contexts;
        _comments = comments;
        _logger = logger;
        // A thread of its own, which waits for each round trip itself: awaited, each of a group's round
        // trips ended in the thread pool's queue behind the requests of the moment.
        new Thread(Loop) { IsBackground = true, Name = "Posting writer" }.Start();
    }

    /// <summary>
    /// Runs <paramref name="write"/> in the next group; completes when the group has committed and
    /// what the write changed has been followed up (or when the write failed). After a deadlock the
    /// write runs a second time, on a new transaction: it must make what it stores afresh each time.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CommentTransaction, Task<T>> write)
    {
        var job = new Job<T>(write);
        if (!_jobs.Writer.TryWrite(job)) throw new ObjectDisposedException(nameof(PostingWrites), "The site is shutting down; the comment was not stored.");
        var (value, changes) = await job.Result;
        // On the post's own thread, not the writer's: the next group need not wait for it.
        await _comments.FollowUpAsync(changes);
        return value;
    }

    private void Loop()
    {
        try
        {
            WriteGroups();
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void WriteGroups()
    {
        var group = new List<Job>(MaxGroup);
        var again = new List<Job>();
        while (again.Count > 0 || _jobs.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            group.Clear();
            group.AddRange(again);
            again.Clear();
            while (group.Count < MaxGroup && _jobs.Reader.TryRead(out var next)) group.Add(next);
            try
            {
                WriteGroup(group, again);
            }
            catch (Exception error)
            {
                if (DatabaseFaults.IsTransient(error)) _logger.LogWarning(error, "A group of {Count} posts was not stored: the database could not be reached.", group.Count);
                else _logger.LogError(error, "A group of {Count} posts could not be stored.", group.Count);
                foreach (var job in group) job.Fail(error);
                again.Clear();
            }
        }
    }

    /// <summary>Runs and commits one group; a post that lost a deadlock goes to <paramref name="again"/>, for the next group.</summary>
    private void WriteGroup(List<Job> group, List<Job> again)
    {
        using var db = _contexts.CreateDbContext();
        // The savepoints are ours, one per post.
        db.Database.AutoSavepointsEnabled = false;
        using var transaction = db.BeginWrite();
        foreach (var job in group)
        {
            transaction.Savepoint("post");
            try
            {
                // Completes on this thread: the kernel's statements block it (a rare read that does not, the webhook subscriptions, is waited for).
                job.RunAsync(_comments.Join(db)).GetAwaiter().GetResult();
                // Not released: the commit ends every post's savepoint, a rollback goes back to the newest of
                // the name (this post's), and a release was a round trip of its own per post on PostgreSQL.
            }
            catch (Exception error) when (DatabaseFaults.IsConflict(error) && !job.RunAgain)
            {
                transaction.RollbackToSavepoint("post");
                job.RunAgain = true;
                again.Add(job);
            }
            // Any other fault of the database (a broken connection) leaves the group, failing all of it.
            catch (Exception error) when (!DatabaseFaults.IsTransient(error) || DatabaseFaults.IsConflict(error))
            {
                transaction.RollbackToSavepoint("post");
                job.Fail(error);
            }
            db.ChangeTracker.Clear();
        }
        transaction.Commit();
        foreach (var job in group) job.Complete();
    }

    public async ValueTask DisposeAsync()
    {
        _jobs.Writer.TryComplete();
        await _stopped.Task;
    }

    private abstract class Job
    {
        /// <summary>Lost a deadlock once and runs in the next group; a second loss fails it.</summary>
        public bool RunAgain { get; set; }

        public abstract Task RunAsync(CommentTransaction post);

        /// <summary>Hands the result over once the group committed; nothing for a job that already failed.</summary>
        public abstract void Complete();

        public abstract void Fail(Exception error);
    }

    private sealed class Job<T>(Func<CommentTransaction, Task<T>> write) : Job
    {
        // Callers continue on their own threads, not on the writer's.
        private readonly TaskCompletionSource<(T, CommittedChanges)> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;
        private CommittedChanges? _changes;

        public Task<(T Value, CommittedChanges Changes)> Result => _result.Task;

        public override async Task RunAsync(CommentTransaction post)
        {
            _value = await write(post);
            _changes = post.Changes;
        }

        public override void Complete()
        {
            if (_changes is not null) _result.TrySetResult((_value!, _changes));
        }

        public override void Fail(Exception error) => _result.TrySetException(error);
    }
}
