namespace CommentModeration.Data.Entities;

/// <summary>
/// A key another system sends as <c>Authorization: Bearer cm_{Prefix}_{secret}</c>. Only the
/// secret's hash is kept; the key is shown once, when made. It acts as the admin who made it, and
/// only while they still hold the role each of its scopes needs.
/// </summary>
public sealed class ApiKey
{
    public long Id { get; set; }

    /// <summary>What the admin called it ("CMS", "data team").</summary>
    public string Name { get; set; } = "";

    /// <summary>The public part, shown in lists and audit rows, and what a request's key is looked up by.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>SHA-256 of the whole key.</summary>
    public byte[] SecretHash { get; set; } = [];

    /// <summary>Comma-separated: read, comment, moderate, admin.</summary>
    public string Scopes { get; set; } = "";

    public string CreatedByUserId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Moved at most once a minute, not on every request.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
