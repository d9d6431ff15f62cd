using CommentModeration.Data;

namespace CommentModeration.Web.Tests.Postgres;

public sealed class DatabaseProviderTests
{
    [Theory]
    [InlineData(null, DatabaseProvider.Sqlite)]
    [InlineData("", DatabaseProvider.Sqlite)]
    [InlineData("Sqlite", DatabaseProvider.Sqlite)]
    [InlineData("postgres", DatabaseProvider.Postgres)]
    public void The_provider_setting_names_the_database_and_defaults_to_SQLite(string? setting, DatabaseProvider expected) =>
        Assert.Equal(expected, DatabaseProviders.Parse(setting));

    [Fact]
    public void An_unknown_provider_is_refused_with_the_names_it_takes()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => DatabaseProviders.Parse("MySql"));

        Assert.Equal("Database:Provider is 'MySql': it must be Sqlite (the default) or Postgres.", refused.Message);
    }

    [Theory]
    [InlineData("Host=db;Username=site", true)]
    [InlineData("Host=db;Username=site;No Reset On Close=false", false)]
    [InlineData("Host=db;Username=site;NoResetOnClose=False", false)]
    // Every rent of a reset connection ran seven statements more on the server, several per request.
    public void Pooled_connections_are_not_reset_unless_the_connection_string_asks_for_it(string connectionString, bool notReset)
    {
        var used = new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnections.Preparing(connectionString));

        Assert.Equal(notReset, used.NoResetOnClose);
        Assert.True(used.MaxAutoPrepare > 0);
    }
}
