using Microsoft.EntityFrameworkCore;

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
    /// write whose commit was cut off could store a comment twice. A connection broken by a
    /// restart fails its request and leaves the pool; the next one opens a fresh connection.
    /// </summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o => o.MigrationsAssembly(MigrationsAssembly));
}
