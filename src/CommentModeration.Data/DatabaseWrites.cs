using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace CommentModeration.Data;

/// <summary>
/// One writer at a time per database file in this process. SQLite lets one transaction write;
/// without a queue in front of it, concurrent writers collide and sleep in SQLite's busy handler
/// (in growing steps, holding a thread each), which turned 8 concurrent posts into waits of
/// hundreds of milliseconds. Writers wait here instead, asynchronously and in order, and hold
/// the gate only around their write transaction. The busy timeout stays as the fallback for
/// writers in other processes (the command line verbs).
/// </summary>
internal sealed class WriteGate
{
    private static readonly ConcurrentDictionary<string, WriteGate> ByConnectionString = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, WriteGate> ByDatabase = new(StringComparer.Ordinal);

    // A writer that never lets go (a second context writing while the first holds the gate) fails loudly instead of hanging.
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For PostgreSQL, which several servers share: its transactions and row locks order writers,
    /// across servers as well, so a gate in one process would order nothing. No writer waits here.
    /// </summary>
    public static readonly WriteGate Open = new(int.MaxValue);

    private readonly SemaphoreSlim _writer;

    private WriteGate(int writers) => _writer = new(writers, writers);

    public static WriteGate For(string? connectionString) =>
        ByConnectionString.GetOrAdd(connectionString ?? "", static cs => ByDatabase.GetOrAdd(DatabaseOf(cs), static _ => new WriteGate(1)));

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (!await _writer.WaitAsync(MaxWait, cancellationToken)) throw Stuck();
    }

    public void Wait()
    {
        if (!_writer.Wait(MaxWait)) throw Stuck();
    }

    private static TimeoutException Stuck() =>
        new($"No write slot on the database within {MaxWait.TotalSeconds} s: another writer holds it (a second context writing inside a write transaction waits for itself).");

    public void Release() => _writer.Release();

    private static string DatabaseOf(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var inMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
        return inMemory ? connectionString : Path.GetFullPath(builder.DataSource);
    }
}

/// <summary>A write transaction holding the database's write gate; committing or rolling back releases it.</summary>
public sealed class WriteTransaction : IAsyncDisposable, IDisposable
{
    private readonly IDbContextTransaction _transaction;
    private WriteLock? _lock;

    internal WriteTransaction(IDbContextTransaction transaction, WriteLock writeLock)
    {
        _transaction = transaction;
        _lock = writeLock;
    }

    public DbTransaction DbTransaction => _transaction.GetDbTransaction();

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await _transaction.CommitAsync(cancellationToken);
        await ReleaseAsync();
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        await _transaction.RollbackAsync(cancellationToken);
        await ReleaseAsync();
    }

    public ValueTask DisposeAsync() => ReleaseAsync();

    // The same, blocking, for the posting writer's own thread (PostingWrites).

    public void Commit()
    {
        _transaction.Commit();
        Release();
    }

    public void Dispose() => Release();

    public void Savepoint(string name) => _transaction.CreateSavepoint(name);

    public void ReleaseSavepoint(string name) => _transaction.ReleaseSavepoint(name);

    public void RollbackToSavepoint(string name)
    {
        _transaction.RollbackToSavepoint(name);
        _transaction.ReleaseSavepoint(name);
    }

    private void Release()
    {
        if (_lock is not { } held) return;
        _lock = null;
        try
        {
            _transaction.Dispose();
        }
        finally
        {
            held.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Marks a point to roll back to, undoing one part of the transaction alone (EF's savepoints, in each provider's SQL).</summary>
    public Task SavepointAsync(string name) => _transaction.CreateSavepointAsync(name);

    public Task ReleaseSavepointAsync(string name) => _transaction.ReleaseSavepointAsync(name);

    public async Task RollbackToSavepointAsync(string name)
    {
        await _transaction.RollbackToSavepointAsync(name);
        await _transaction.ReleaseSavepointAsync(name);
    }

    private async ValueTask ReleaseAsync()
    {
        if (_lock is not { } held) return;
        _lock = null;
        try
        {
            await _transaction.DisposeAsync();
        }
        finally
        {
            await held.DisposeAsync();
        }
    }
}

/// <summary>The write gate held by one context, for work that runs its own transactions (migrations, bulk seeding).</summary>
public sealed class WriteLock : IAsyncDisposable
{
    private AppDbContext? _holder;
    private readonly WriteGate _gate;

    internal WriteLock(AppDbContext holder, WriteGate gate)
    {
        _holder = holder;
        _gate = gate;
    }

    public ValueTask DisposeAsync()
    {
        if (_holder is { } holder)
        {
            _holder = null;
            holder.HoldsWriteGate = false;
            _gate.Release();
        }
        return ValueTask.CompletedTask;
    }
}

public sealed partial class AppDbContext
{
    private WriteGate? _writeGate;

    /// <summary>True while this context holds its database's write gate.</summary>
    internal bool HoldsWriteGate { get; set; }

    private WriteGate Gate => _writeGate ??= Database.IsSqlite() ? WriteGate.For(Database.GetConnectionString()) : WriteGate.Open;

    /// <summary>
    /// The one way to start a write transaction: waits for the database's write gate, then begins
    /// the transaction (IMMEDIATE on SQLite). Do the reading, deciding and rendering that need no
    /// lock before calling this, so the gate is held only for the writes.
    /// </summary>
    public async Task<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken = default)
    {
        var writeLock = await LockWritesAsync(cancellationToken);
        try
        {
            var transaction = await Database.BeginTransactionAsync(cancellationToken);
            return new WriteTransaction(transaction, writeLock);
        }
        catch
        {
            await writeLock.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// <see cref="BeginWriteAsync"/>, blocking: for the posting writer's own thread, which waits for
    /// each round trip itself rather than handing its end to the thread pool (<c>PostingWrites</c>).
    /// </summary>
    public WriteTransaction BeginWrite()
    {
        if (HoldsWriteGate) throw new InvalidOperationException("This context already holds the write gate.");
        Gate.Wait();
        HoldsWriteGate = true;
        var writeLock = new WriteLock(this, Gate);
        try
        {
            return new WriteTransaction(Database.BeginTransaction(), writeLock);
        }
        catch
        {
            writeLock.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Holds the write gate without a transaction, for work that runs its own (migrations, bulk seeding).</summary>
    public async Task<WriteLock> LockWritesAsync(CancellationToken cancellationToken = default)
    {
        if (HoldsWriteGate) throw new InvalidOperationException("This context already holds the write gate.");
        await Gate.WaitAsync(cancellationToken);
        HoldsWriteGate = true;
        return new WriteLock(this, Gate);
    }

    // SaveChanges outside a write transaction (Identity's stores, single-row edits) takes the gate for itself.
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (HoldsWriteGate) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await using var writeLock = await LockWritesAsync(cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (HoldsWriteGate) return base.SaveChanges(acceptAllChangesOnSuccess);
        Gate.Wait();
        HoldsWriteGate = true;
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            HoldsWriteGate = false;
            Gate.Release();
        }
    }
}

/// <summary>Refuses transactions begun around the write gate, so every writer queues at the same place.</summary>
internal sealed class WriteGateGuard : DbTransactionInterceptor
{
    public static readonly WriteGateGuard Instance = new();

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is AppDbContext { HoldsWriteGate: false })
        {
            throw new InvalidOperationException("Write through AppDbContext.BeginWriteAsync (or SaveChanges), which queues writers at the database's write gate.");
        }
    }
}
