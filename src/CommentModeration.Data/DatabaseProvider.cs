namespace CommentModeration.Data;

/// <summary>The database the site runs on (<c>Database:Provider</c>): SQLite, one file and one server, or PostgreSQL, shared by several.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseProviders
{
    /// <summary>Reads <c>Database:Provider</c>: unset means SQLite; anything but the two names is refused with what is accepted.</summary>
    public static DatabaseProvider Parse(string? value) =>
        string.IsNullOrWhiteSpace(value) ? DatabaseProvider.Sqlite
        : Enum.TryParse<DatabaseProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider) ? provider
        : throw new InvalidOperationException($"Database:Provider is '{value}': it must be Sqlite (the default) or Postgres.");
}
