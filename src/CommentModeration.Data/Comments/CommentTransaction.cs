using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data.Comments;

/// <summary>A comment loaded to be changed (tracked), with what its change needs to know.</summary>
public sealed record CommentToChange(Comment Comment, string ArticleSlug, bool AuthorHasStanding);

/// <summary>A comment's state before and after a change, when it was made and its audit row (none for a report that hid nothing).</summary>
public sealed record CommentMove(CommentState Before, CommentState After, DateTimeOffset At, ModerationEvent? Audit);

/// <summary>
/// A write transaction of the kernel, and the only way a comment's state changes: posting
/// (<see cref="RecordPostedAsync"/>), moving between states (<see cref="DecideAsync"/>,
/// <see cref="UndoAsync"/>, <see cref="CountReportsAsync"/>), editing with a revision
/// (<see cref="EditAsync"/>, <see cref="EditByAuthorAsync"/>), reports (<see cref="RecordReportAsync"/>)
/// and deletion (<see cref="RemoveAsync"/>). Each moves the maintained counts and writes the audit
/// row in the same transaction, and notes what it changed; <see cref="CommitAsync"/> commits and
/// then hands those notes to the host's <see cref="ICommentFollowUp"/>. Disposed without a commit,
/// the transaction rolls back and nothing follows.
/// </summary>
public sealed partial class CommentTransaction : IAsyncDisposable
{
    private readonly WriteTransaction? _transaction;
    private readonly CommentWrites _writes;
    private readonly TimeProvider _clock;

    internal CommentTransaction(AppDbContext db, WriteTransaction? transaction, CommentWrites writes, TimeProvider clock)
    {
        Db = db;
        _transaction = transaction;
        _writes = writes;
        _clock = clock;
    }

    private Sql.SqlStatements Sql => _writes.Sql;

    /// <summary>The context the transaction writes through, for the caller's reads and its own rows.</summary>
    public AppDbContext Db { get; }

    internal CommittedChanges Changes { get; } = new();

    /// <summary>The comment, tracked, with its article's slug and whether its author has a standing row; null when it no longer exists.</summary>
    public Task<CommentToChange?> FindAsync(long commentId, CancellationToken ct = default)
    {
        var db = Db;
        return db.Comments.Where(c => c.Id == commentId)
            .Select(c => new CommentToChange(c, c.Article!.Slug, db.AuthorStandings.Any(a => a.AuthorKey == c.AuthorKey)))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The caller changed what readers see on the article's pages (an author's name on their comments).</summary>
    public void ReaderPagesChanged(string articleSlug) => Changes.ReaderPagesOf(articleSlug);

    /// <summary>The caller changed an author's standing or account.</summary>
    public void AuthorChanged(string authorKey) => Changes.AuthorOf(authorKey);

    /// <summary>Commits, then follows up what changed.</summary>
    public async Task CommitAsync(CancellationToken ct = default)
    {
        if (_transaction is null) throw new InvalidOperationException("This is one post of a group: PostingWrites commits the group.");
        await _transaction.CommitAsync(ct);
        await _writes.FollowUpAsync(Changes);
    }

    public Task RollbackAsync(CancellationToken ct = default) => _transaction?.RollbackAsync(ct) ?? Task.CompletedTask;

    /// <summary>Without a commit: rolled back, and nothing followed up.</summary>
    public ValueTask DisposeAsync() => _transaction?.DisposeAsync() ?? ValueTask.CompletedTask;
}
