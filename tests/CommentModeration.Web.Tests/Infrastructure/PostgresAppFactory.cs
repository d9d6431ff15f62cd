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

    private PostgresAppFactory(TestDatabase database, bool owned) => UsePostgres(database, owned);

    /// <summary>The app on an empty database of its own, with no schema yet: it migrates it at start, as a first server does.</summary>
    public static PostgresAppFactory OnEmptyDatabase() => new(TestDatabase.Create(), owned: true);

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
