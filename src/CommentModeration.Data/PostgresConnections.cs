using Npgsql;

namespace CommentModeration.Data;

/// <summary>
/// This server's pools of connections to PostgreSQL: EF's, and the reader pages' reads (a data source
/// of their own whose connections prepare the statements they run, Npgsql's automatic preparation).
/// Npgsql hands out a pooled connection without asking whether it still lives, so when the database
/// restarts or the network is cut, every idle connection is dead and would fail a request of its
/// own once the database is back. Whatever finds a connection broken (a command, the listening
/// session of <c>Servers/</c>) calls <see cref="ForgetIdle"/>, and the next request opens a fresh one.
/// </summary>
public sealed class PostgresConnections : IDisposable
{
    // The four reader reads, with room for EF's hottest queries should they share the source later.
    private const int PreparedPerConnection = 20;

    private readonly string _connectionString;

    public PostgresConnections(string connectionString)
    {
        _connectionString = connectionString;
        var reads = new NpgsqlConnectionStringBuilder(connectionString);
        if (reads.MaxAutoPrepare == 0) reads.MaxAutoPrepare = PreparedPerConnection;
        Reads = NpgsqlDataSource.Create(reads);
    }

    /// <summary>Where the reader pages' reads run.</summary>
    internal NpgsqlDataSource Reads { get; }

    /// <summary>Closes every idle connection of both pools; connections in use are closed as they come back.</summary>
    public void ForgetIdle()
    {
        using (var ofEf = new NpgsqlConnection(_connectionString)) NpgsqlConnection.ClearPool(ofEf);
        Reads.Clear();
    }

    /// <summary>Calls <see cref="ForgetIdle"/> when <paramref name="error"/> broke a connection (<see cref="DatabaseFaults.BreaksConnections"/>).</summary>
    public void ForgetIdleAfter(Exception error)
    {
        if (DatabaseFaults.BreaksConnections(error)) ForgetIdle();
    }

    public void Dispose() => Reads.Dispose();
}
