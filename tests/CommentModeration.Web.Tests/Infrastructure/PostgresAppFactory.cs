using CommentModeration.Web.Tests.Account;
using CommentModeration.Web.Tests.Admin;
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

/// <summary>The reader pages' app on PostgreSQL, reaching it through a relay the test cuts (<see cref="AppFactory.Relay"/>): the database going away.</summary>
public sealed class RelayedPostgresReaderAppFactory : ReaderAppFactory
{
    public RelayedPostgresReaderAppFactory()
    {
        UsePostgres();
        ReachPostgresThroughRelay();
    }
}

/// <summary>The account pages' app (<see cref="AccountAppFactory"/>) on PostgreSQL.</summary>
public sealed class PostgresAccountAppFactory : AccountAppFactory
{
    public PostgresAccountAppFactory() => UsePostgres();
}

/// <summary>The app counting password checks (<see cref="CountingHasherAppFactory"/>) on PostgreSQL.</summary>
public sealed class PostgresCountingHasherAppFactory : CountingHasherAppFactory
{
    public PostgresCountingHasherAppFactory() => UsePostgres();
}

/// <summary>The app with staff accounts (<see cref="AdminHost"/>) on PostgreSQL.</summary>
public sealed class PostgresAdminHost : AdminHost
{
    public PostgresAdminHost() => UsePostgres();
}

/// <summary>The app sending mail over SMTP (<see cref="MailAppFactory"/>) on PostgreSQL.</summary>
public sealed class PostgresMailAppFactory : MailAppFactory
{
    public PostgresMailAppFactory() => UsePostgres();
}

/// <summary>The app behind a reverse proxy (<see cref="BehindProxyAppFactory"/>) on PostgreSQL.</summary>
public sealed class PostgresBehindProxyAppFactory : BehindProxyAppFactory
{
    public PostgresBehindProxyAppFactory() => UsePostgres();
}

/// <summary>The app behind a named proxy (<see cref="NamedProxyAppFactory"/>) on PostgreSQL.</summary>
public sealed class PostgresNamedProxyAppFactory : NamedProxyAppFactory
{
    public PostgresNamedProxyAppFactory() => UsePostgres();
}
