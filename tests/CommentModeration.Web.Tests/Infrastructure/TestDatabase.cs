using Npgsql;

namespace CommentModeration.Web.Tests.Infrastructure;

/// <summary>A database of its own on the test server, for one test host (or several sharing it).</summary>
public sealed class TestDatabase
{
    public const string Variable = "CM_TEST_POSTGRES";

    private readonly string _server;

    private TestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>Makes an empty database (no schema) on the server <see cref="Variable"/> names.</summary>
    public static TestDatabase Create() => Create(template: null);

    /// <summary>Makes a copy of <paramref name="template"/>, which nobody may be connected to meanwhile.</summary>
    public static TestDatabase CopyOf(TestDatabase template) => Create(template.Name);

    private static TestDatabase Create(string? template)
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set: these tests run the app on PostgreSQL and fail without one. `bash .ci/run` (as root) installs and starts it. " +
                "By hand: apt-get install -y postgresql; pg_ctlcluster VERSION main start (pg_lsclusters names it); a role that may create databases: " +
                "su postgres -c \"psql -c \\\"CREATE ROLE cm_test LOGIN CREATEDB PASSWORD 'cm_test'\\\" -c 'CREATE DATABASE cm_test OWNER cm_test'\"; " +
                $"then export {Variable}=\"Host=127.0.0.1;Username=cm_test;Password=cm_test;Database=cm_test\".");
        }
        var database = new TestDatabase(server, "cm_test_" + Guid.NewGuid().ToString("N"));
        database.OnServer(template is null ? $"CREATE DATABASE \"{database.Name}\"" : $"CREATE DATABASE \"{database.Name}\" TEMPLATE \"{template}\"");
        return database;
    }

    /// <summary>Drops the database, ending any session still on it (a host's pooled connections).</summary>
    public void Drop()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                OnServer($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
                return;
            }
            // A session that has not yet said whose it is (an autovacuum worker, a connection still
            // starting) cannot be ended by this role; it is gone a moment later.
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                Thread.Sleep(100);
            }
        }
    }

    private void OnServer(string sql)
    {
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
