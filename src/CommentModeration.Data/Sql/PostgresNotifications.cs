using Npgsql;

namespace CommentModeration.Data.Sql;

/// <summary>
/// PostgreSQL's LISTEN/NOTIFY on one channel of the site's database: how the servers of one site
/// tell each other what changed. A notification reaches every session listening when it is sent
/// (after the sending transaction commits) and is never stored: a server that is not listening at
/// that moment misses it, and must assume it missed something when it listens again.
/// </summary>
public sealed class PostgresNotifications(string connectionString, PostgresConnections connections)
{
    public const string Channel = "commentmoderation";

    /// <summary>The application name of each server's listening session, as <c>pg_stat_activity</c> shows it.</summary>
    public const string ListenerName = "commentmoderation-listener";

    /// <summary>PostgreSQL refuses a payload of 8,000 bytes or more.</summary>
    public const int MaxPayloadBytes = 7_900;

    // Not pooled: a listening session is held for as long as the server runs, and one that failed is thrown away, never reused.
    private readonly string _listening = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = ListenerName }.ConnectionString;

    /// <summary>Opens a session of its own that listens on the channel; <paramref name="received"/> gets each payload, on the thread that waits.</summary>
    public async Task<NpgsqlConnection> ListenAsync(Action<string> received, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(_listening);
        try
        {
            await connection.OpenAsync(ct);
            connection.Notification += (_, e) => received(e.Payload);
            await using var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
            await listen.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits for notifications on a listening session for at most <paramref name="quiet"/>; when none
    /// came, asks the server a trivial question, so a session that died without a word is found out.
    /// </summary>
    public static async Task WaitAsync(NpgsqlConnection listening, TimeSpan quiet, CancellationToken ct)
    {
        if (await listening.WaitAsync(quiet, ct)) return;
        await using var ping = new NpgsqlCommand("SELECT 1", listening);
        await ping.ExecuteScalarAsync(ct);
    }

    /// <summary>
    /// Sends the payloads (each under <see cref="MaxPayloadBytes"/>) in one round trip, on a connection of the
    /// site's own pool: no reset on its return, and emptied with the others when the database went away.
    /// </summary>
    public async Task NotifyAsync(IReadOnlyList<string> payloads, CancellationToken ct)
    {
        try
        {
            await using var connection = await connections.Reads.OpenConnectionAsync(ct);
            await using var batch = new NpgsqlBatch(connection);
            foreach (var payload in payloads)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)")
                {
                    Parameters = { new NpgsqlParameter { Value = Channel }, new NpgsqlParameter { Value = payload } },
                });
            }
            await batch.ExecuteNonQueryAsync(ct);
        }
        // Outside EF: its interceptor does not see this one.
        catch (NpgsqlException e) when (DatabaseFaults.BreaksConnections(e))
        {
            connections.ForgetIdle();
            throw;
        }
    }
}
