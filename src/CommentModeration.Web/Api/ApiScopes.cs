using CommentModeration.Data.Entities;

namespace CommentModeration.Web.Api;

/// <summary>
/// What an API key may do. Each scope stands alone: admin does not include moderate, nor moderate
/// read, so a key reaches exactly the scopes it was given. Moderate and admin act as the key's
/// owner and work only while the owner holds the role they need.
/// </summary>
public static class ApiScopes
{
    /// <summary>What a guest reader sees (articles, published threads), and the queue-free reads.</summary>
    public const string Read = "read";

    /// <summary>Post comments on behalf of a named guest or a site account.</summary>
    public const string Comment = "comment";

    /// <summary>The moderation queues and decisions, and checking a text against the rules (which shows what the word lists hold).</summary>
    public const string Moderate = "moderate";

    /// <summary>Register articles, import and export the rules, read the audit log.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Read, Comment, Moderate, Admin];

    /// <summary>The roles (one of them) the key's owner must hold now for the scope to work; null: none.</summary>
    public static string? RolesNeeded(string scope) => scope switch
    {
        Moderate => Roles.Staff,
        Admin => Roles.Admin,
        _ => null,
    };

    /// <summary>The authorization policy of an endpoint needing <paramref name="scope"/>.</summary>
    public static string Policy(string scope) => "api:" + scope;

    /// <summary>A comma-separated list, as typed on the command line or stored: known scopes, each once, in the order of <see cref="All"/>.</summary>
    public static bool TryParse(string? text, out IReadOnlyList<string> scopes, out string error)
    {
        var named = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = named.Where(s => !All.Contains(s)).ToList();
        scopes = All.Where(named.Contains).ToList();
        error = unknown.Count > 0 ? $"Unknown scope {string.Join(", ", unknown.Select(s => $"'{s}'"))}; the scopes are {string.Join(", ", All)}."
            : scopes.Count == 0 ? $"Give at least one scope: {string.Join(", ", All)}."
            : "";
        return error.Length == 0;
    }

    public static string Join(IEnumerable<string> scopes) => string.Join(",", All.Where(scopes.Contains));
}
