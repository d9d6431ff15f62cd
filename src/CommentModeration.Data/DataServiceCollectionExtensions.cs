using System.Data.Common;
using System.Runtime.CompilerServices;
using CommentModeration.Data.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Data;

public static class DataServiceCollectionExtensions
{
    public const string SqliteMigrationsAssembly = "CommentModeration.Migrations.Sqlite";

    /// <summary>
    /// Registers the DbContext (scoped, for Identity and request handlers), a pooled factory (for
    /// interactive components and background work) and the provider's <see cref="SqlStatements"/>,
    /// over SQLite. A relative file path in the connection string is resolved against <paramref name="contentRoot"/>.
    /// </summary>
    public static IServiceCollection AddCommentModerationData(this IServiceCollection services, string connectionString, string contentRoot)
    {
        var resolved = ResolveSqlitePath(connectionString, contentRoot);
        // Pooled: a reader page or a post needs a context per request, and building one (its internal
        // services, the change tracker) cost more than the page's smallest queries.
        services.AddPooledDbContextFactory<AppDbContext>(options => ConfigureSqlite(options, resolved));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        // The provider's statements; SQLite's keep the reader pages' reads prepared on connections of their own.
        services.AddSingleton<SqlStatements>(_ => new SqliteStatements(resolved));
        return services;
    }

    /// <summary>
    /// The site's data on <paramref name="provider"/>: SQLite as above, or PostgreSQL with the same
    /// contexts and none of SQLite's machinery (<see cref="PostgresSetup"/>).
    /// </summary>
    public static IServiceCollection AddCommentModerationData(this IServiceCollection services, DatabaseProvider provider, string connectionString, string contentRoot)
    {
        if (provider == DatabaseProvider.Sqlite) return services.AddCommentModerationData(connectionString, contentRoot);
        var preparing = PostgresConnections.Preparing(connectionString);
        services.AddSingleton(new PostgresConnections(preparing));
        services.AddPooledDbContextFactory<AppDbContext>((sp, options) => PostgresSetup.Configure(options, preparing, sp.GetRequiredService<PostgresConnections>()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddSingleton<SqlStatements>(sp => new PostgresStatements(sp.GetRequiredService<PostgresConnections>()));
        return services;
    }

    /// <summary>The settings every connection gets (EF's through an interceptor), for a connection opened outside EF.</summary>
    internal static void ApplyConnectionSettings(SqliteConnection connection) => SqlitePragmas.Apply(connection);

    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly))
            .AddInterceptors(SqlitePragmas.Instance, WriteGateGuard.Instance);

    public static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (!string.IsNullOrEmpty(source) && source != ":memory:" && builder.Mode != SqliteOpenMode.Memory && !Path.IsPathRooted(source))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, source));
        }
        if (builder.Mode != SqliteOpenMode.Memory && builder.DataSource != ":memory:")
        {
            var folder = Path.GetDirectoryName(builder.DataSource);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        return builder.ToString();
    }

    /// <summary>Every connection's settings (<see cref="SqliteStatements.ConnectionSettings"/>).</summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        // Pooled connections keep these settings; EF opens a connection per query, so apply them
        // once per native SQLite handle rather than on every open of a reader page's queries.
        private static readonly ConditionalWeakTable<object, object> Configured = new();

        public static void Apply(DbConnection connection)
        {
            if (connection is SqliteConnection { Handle: { } handle })
            {
                if (Configured.TryGetValue(handle, out _)) return;
                Configured.AddOrUpdate(handle, Configured);
            }
            using var command = connection.CreateCommand();
            command.CommandText = SqliteStatements.ConnectionSettings;
            command.ExecuteNonQuery();
        }
    }
}
