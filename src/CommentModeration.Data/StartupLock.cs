using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CommentModeration.Data;

/// <summary>
/// Held by a server while it migrates and seeds the database at start. Several servers may start
/// together on an empty PostgreSQL database: a session advisory lock lets the first migrate and
/// seed it while the others wait, and they then find the work done. SQLite is one server's file:
/// there is nothing to hold.
/// </summary>
public static class StartupLock
{
    // Any fixed number will do: advisory locks belong to one database, this site's.
    private const long Key = 0x434D_5354_4152_54; // "CMSTART"

    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    public static async Task<IAsyncDisposable> TakeAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsNpgsql()) return Nothing.Instance;
        // A connection of its own, held until released and never pooled: the lock belongs to its session,
        // and dies with it if this server does.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = (int)MaxWait.TotalSeconds };
            command.Parameters.AddWithValue("key", Key);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Held(connection);
        }
        catch (NpgsqlException e) when (e.InnerException is TimeoutException)
        {
            await connection.DisposeAsync();
            throw new TimeoutException($"Another server has been migrating or seeding the database for {MaxWait.TotalMinutes} minutes (it holds the start-up lock); this one gave up waiting.", e);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", Key);
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
