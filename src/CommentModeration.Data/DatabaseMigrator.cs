using CommentModeration.Data.Sql;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data;

public static class DatabaseMigrator
{
    /// <summary>Applies pending migrations (never EnsureCreated) and turns on WAL, which the file keeps.</summary>
    public static async Task MigrateAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        await using var writeLock = await db.LockWritesAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync(SqliteStatements.WriteAheadLog, cancellationToken);
        }
    }
}
