using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace CommentModeration.Data.Sql;

/// <summary>
/// The hottest reads, kept prepared. Microsoft.Data.Sqlite compiles a command's SQL anew for
/// every command, and EF makes a command per query: compiling the reader page's thread query
/// cost SQLite more than running it. Here each connection is opened once, with the settings EF's
/// connections get, and keeps every statement it has run prepared. A connection serves one read
/// at a time; the few that are idle wait in a bag for the next.
/// </summary>
public sealed class PreparedReads(string connectionString) : IDisposable
{
    // Enough for every reader a two-core server runs at once; more are opened under a burst and closed after it.
    private const int MaxIdleConnections = 8;

    private readonly ConcurrentBag<PreparedConnection> _idle = [];
    // Counted apart: ConcurrentBag's Count takes every thread's lock.
    private int _idleCount;
    private volatile bool _disposed;

    /// <summary>
    /// Runs <paramref name="sql"/> with its parameters <c>$p0</c>, <c>$p1</c>, … set to
    /// <paramref name="args"/> in order, and reads every row with <paramref name="readRow"/>.
    /// </summary>
    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> readRow, params ReadOnlySpan<object?> args)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = TakeIdle() ?? new PreparedConnection(connectionString);
        try
        {
            var command = connection.Command(sql, args.Length);
            for (var i = 0; i < args.Length; i++) command.Parameters[i].Value = args[i] ?? DBNull.Value;
            var rows = new List<T>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) rows.Add(readRow(reader));
            }
            Return(connection);
            return rows;
        }
        catch
        {
            // A connection that failed mid-read is not trusted again.
            connection.Dispose();
            throw;
        }
    }

    private PreparedConnection? TakeIdle()
    {
        if (!_idle.TryTake(out var connection)) return null;
        Interlocked.Decrement(ref _idleCount);
        return connection;
    }

    private void Return(PreparedConnection connection)
    {
        if (Interlocked.Increment(ref _idleCount) > MaxIdleConnections || _disposed)
        {
            Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
            return;
        }
        _idle.Add(connection);
        // Disposed meanwhile: close what is idle now, this connection among them.
        if (_disposed) CloseIdle();
    }

    public void Dispose()
    {
        _disposed = true;
        CloseIdle();
    }

    private void CloseIdle()
    {
        while (TakeIdle() is { } connection) connection.Dispose();
    }

    private sealed class PreparedConnection : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public PreparedConnection(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            DataServiceCollectionExtensions.ApplyConnectionSettings(_connection);
        }

        public SqliteCommand Command(string sql, int parameterCount)
        {
            if (_commands.TryGetValue(sql, out var command)) return command;
            command = _connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < parameterCount; i++) command.Parameters.Add(new SqliteParameter("$p" + i, DBNull.Value));
            command.Prepare();
            _commands.Add(sql, command);
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values) command.Dispose();
            _connection.Dispose();
        }
    }
}
