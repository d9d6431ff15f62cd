using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Seeding;

namespace CommentModeration.Web.Tests.Infrastructure;

/// <summary>
/// The real app on PostgreSQL: a fresh database of its own, made through the server that
/// <c>CM_TEST_POSTGRES</c> names and dropped on dispose. <see cref="AppFactory.AnotherServer"/> starts a second
/// app on the same database, as a second server of one site.
/// </summary>
public class PostgresAppFactory : AppFactory
{
    public PostgresAppFactory() => UsePostgres();

    internal PostgresAppFactory(TestDatabase shared) => UsePostgres(shared);

    public TestDatabase Database => Postgres!;
}

/// <summary>The reader pages' app (<see cref="ReaderAppFactory"/>) on PostgreSQL.</summary>
public sealed class PostgresReaderAppFactory : ReaderAppFactory
{
    public PostgresReaderAppFactory() => UsePostgres();
}

/// <summary>The demo-seeded app (<see cref="SeededAppFactory"/>) on PostgreSQL.</summary>
public sealed class PostgresSeededAppFactory : SeededAppFactory
{
    public PostgresSeededAppFactory() => UsePostgres();
}

/// <summary>The reader pages' app on PostgreSQL, reaching it through a relay the test cuts (<see cref="AppFactory.Relay"/>): the database going away.</summary>
public sealed class RelayedPostgresReaderAppFactory : ReaderAppFactory
{
    public RelayedPostgresReaderAppFactory()
    {
        UsePostgres();
        ReachPostgresThroughRelay();
    }
}
