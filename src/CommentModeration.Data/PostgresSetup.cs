using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommentModeration.Data;

/// <summary>
/// The site on PostgreSQL, shared by several servers. None of SQLite's machinery applies: no
/// write gate (PostgreSQL's transactions and row locks order writers, across servers as well),
/// no PRAGMAs or busy timeout, no prepared SQLite reads.
/// </summary>
public static class PostgresSetup
{
    public const string MigrationsAssembly = "CommentModeration.Migrations.Postgres";

    /// <summary>
    /// No retrying execution strategy: it refuses the transactions the site begins itself
    /// (<see cref="AppDbContext.BeginWriteAsync"/>, group commits, savepoints), and replaying a
    /// write whose commit was cut off could store a comment twice. A request that meets a broken
    /// connection fails alone ("try again shortly", <see cref="DatabaseFaults"/>) and, through
    /// <paramref name="connections"/>, empties the pools; the next one opens a fresh connection.
    /// </summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString, PostgresConnections? connections = null)
    {
        options.UseNpgsql(connectionString, o => o.MigrationsAssembly(MigrationsAssembly));
        if (connections is not null) options.AddInterceptors(new BrokenConnections(connections));
        return options;
    }
}

/// <summary>Empties the server's pools (<see cref="PostgresConnections.ForgetIdle"/>) when one of EF's commands, opens or transactions finds a connection broken.</summary>
internal sealed class BrokenConnections(PostgresConnections connections) : DbCommandInterceptor, IDbConnectionInterceptor, IDbTransactionInterceptor
{
    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => connections.ForgetIdleAfter(eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Forget(eventData.Exception);

    public void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => connections.ForgetIdleAfter(eventData.Exception);

    public Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Forget(eventData.Exception);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => connections.ForgetIdleAfter(eventData.Exception);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Forget(eventData.Exception);

    private Task Forget(Exception error)
    {
        connections.ForgetIdleAfter(error);
        return Task.CompletedTask;
    }
}
