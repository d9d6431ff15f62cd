using Npgsql;

namespace CommentModeration.Data;

/// <summary>
/// This server's pools of connections to PostgreSQL: EF's, and the reader pages' reads (a data source
/// of their own). Both prepare the statements they run (<see cref="Preparing"/>).
/// Npgsql hands out a pooled connection without asking whether it still lives, so when the database
/// restarts or the network is cut, every idle connection is dead and would fail a request of its
/// own once the database is back. Whatever finds a connection broken (a command, the listening
/// session of <c>Servers/</c>) calls <see cref="ForgetIdle"/>, and the next request opens a fresh one.
/// </summary>
public sealed class PostgresConnections : IDisposable
{
    // Enough for every statement a request or a post runs (EF's queries and the kernel's SQL); the least used beyond it are let go.
    private const int PreparedPerConnection = 64;

    private readonly string _connectionString;

    public PostgresConnections(string connectionString)
    {
        _connectionString = connectionString;
        Reads = NpgsqlDataSource.Create(Preparing(connectionString));
    }

    /// <summary>
    /// <paramref name="connectionString"/> as the site's pools use it, unless it says otherwise:
    /// Npgsql's automatic preparation on (every statement the site runs is one of a few hundred
    /// texts, so a connection parses and plans each once instead of on every request, as SQLite's
    /// prepared reads do), and no reset when a connection goes back to the pool. The site keeps no
    /// session state on a pooled connection (its advisory locks are its transactions', LISTEN has
    /// a session of its own, the start-up lock a connection of its own), and the reset cost seven
    /// statements on every rent, several per request.
    /// </summary>
    public static string Preparing(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = PreparedPerConnection;
        if (!Says(connectionString, "NoResetOnClose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    // Npgsql's own builder answers ContainsKey for every keyword it knows, written or not: ask the string itself.
    private static bool Says(string connectionString, string keyword) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals(keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where the reader pages' reads run, and notifications to the other servers are sent.</summary>
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
