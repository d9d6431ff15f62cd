using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CommentModeration.Data;

/// <summary>
/// Faults of the database that pass by themselves: PostgreSQL restarting or out of reach, a
/// connection broken under a command, a wait that ran out, SQLite held by another process beyond
/// its busy timeout, or PostgreSQL failing this transaction to break a deadlock. What was being
/// written is rolled back whole, and the same request a little later succeeds, so pages answer
/// "try again shortly" (503) instead of an error.
/// </summary>
public static class DatabaseFaults
{
    /// <summary>SQLITE_BUSY and SQLITE_LOCKED: "database is locked", by another process's writer.</summary>
    private const int SqliteBusy = 5, SqliteLocked = 6;

    public static bool IsTransient(Exception error) => Causes(error).Any(IsTransientItself);

    /// <summary>
    /// PostgreSQL failed this transaction to end a deadlock with another one (another server's) or a
    /// serialization conflict: the same work run again once the other has finished succeeds. The
    /// connection stays good.
    /// </summary>
    public static bool IsConflict(Exception error) =>
        Causes(error).Any(e => e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure });

    /// <summary>
    /// The fault broke the connection (or found it broken, or could not open one): its pool's idle
    /// connections most likely broke with it, for a database restart or a network cut breaks them all.
    /// </summary>
    internal static bool BreaksConnections(Exception error) => IsTransient(error) && !IsConflict(error);

    private static bool IsTransientItself(Exception error) => error switch
    {
        // Npgsql counts a broken or refused connection, a timeout and the conflicts above; a server
        // shutting down (57P01 to 57P03) and lost connections (class 08) are counted here whatever its version says.
        PostgresException postgres => postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.IsTransient,
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
        // A wait for SQLite's write gate in this process that ran out; not a pattern of the rules that did.
        TimeoutException and not RegexMatchTimeoutException => true,
        _ => false,
    };

    /// <summary>The error and what caused it (EF wraps the provider's exception, sometimes twice).</summary>
    private static IEnumerable<Exception> Causes(Exception error)
    {
        for (Exception? cause = error; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
            if (cause is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Causes)) yield return inner;
                yield break;
            }
        }
    }
}
