using System.Net;
using CommentModeration.Web.Tests.Infrastructure;
using Npgsql;

namespace CommentModeration.Web.Tests.Api;

/// <summary>
/// A request while the database refuses connections is a 503 problem with Retry-After, and the API
/// answers again once it is back. On PostgreSQL only: its database can be closed to connections
/// under the running app, where taking a SQLite file away under open connections would risk its WAL.
/// </summary>
public sealed class ApiDatabaseAwayTests(PostgresApiHost host) : IClassFixture<PostgresApiHost>
{
    private void OnServer(string sql)
    {
        using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(TestDatabase.Variable));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task While_the_database_is_away_the_api_answers_503_and_afterwards_as_before()
    {
        var client = await host.ClientAsync("read");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles")).StatusCode);
        var name = host.Postgres!.Name;
        try
        {
            OnServer($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false");
            OnServer($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
            NpgsqlConnection.ClearAllPools();

            var away = await client.GetAsync("/api/v1/articles");

            var problem = await away.ProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("database", problem.Detail());
            Assert.NotNull(away.Headers.RetryAfter);
        }
        finally
        {
            OnServer($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true");
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles")).StatusCode);
    }
}
