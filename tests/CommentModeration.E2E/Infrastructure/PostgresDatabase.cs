using CommentModeration.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CommentModeration.E2E.Infrastructure;

/// <summary>
/// A database of its own on the PostgreSQL server that <c>CM_TEST_POSTGRES</c> names (a role that
/// may create databases; .ci/run makes one), dropped on dispose with every session still on it.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    public const string Variable = "CM_TEST_POSTGRES";

    private readonly string _server;

    private PostgresDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static PostgresDatabase Create()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set: this test runs the site on PostgreSQL. `bash .ci/run` (as root) starts one; the README's Test section says how by hand.");
        }
        var database = new PostgresDatabase(server, "cm_e2e_" + Guid.NewGuid().ToString("N"));
        database.OnServer($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    /// <summary>A context on the database, for arranging it before the servers start.</summary>
    public AppDbContext CreateDbContext() =>
        new((DbContextOptions<AppDbContext>)PostgresSetup.Configure(new DbContextOptionsBuilder<AppDbContext>(), ConnectionString).Options);

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        OnServer($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private void OnServer(string sql)
    {
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
