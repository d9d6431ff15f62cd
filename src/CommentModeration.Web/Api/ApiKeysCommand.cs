using CommentModeration.Data;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Api;

/// <summary>
/// `apikeys create --name NAME --scopes read,comment,moderate,admin [--owner EMAIL]`, `apikeys list`
/// and `apikeys revoke PREFIX [--owner EMAIL]`. A key made here belongs to the admin named by
/// --owner, or else to the site's first admin; the audit trail names them. Exit codes: 0 done, 2 bad usage or refused.
/// </summary>
public static class ApiKeysCommand
{
    public const string Usage = """
        Usage:
          apikeys create --name NAME --scopes read,comment,moderate,admin [--owner EMAIL]   prints the key, once
          apikeys list                                                                       every key, without its secret
          apikeys revoke PREFIX [--owner EMAIL]                                              requests with it fail at once
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        var verb = args.FirstOrDefault() ?? "";
        if (!TryOptions(args.Skip(1).ToArray(), out var named, out var positional, out var problem)) return Fail(errors, problem);
        await Rules.RulesCommand.MigrateAsync(services, cancellationToken);
        var keys = services.GetRequiredService<ApiKeys>();
        switch (verb)
        {
            case "create":
                if (positional.Count > 0 || named.Keys.Any(k => k is not ("--name" or "--scopes" or "--owner")))
                {
                    return Fail(errors, "apikeys create takes --name, --scopes and --owner.");
                }
                if (!named.TryGetValue("--name", out var name) || !named.TryGetValue("--scopes", out var scopes)) return Fail(errors, "apikeys create needs --name and --scopes.");
                if (await OwnerAsync(services, named.GetValueOrDefault("--owner"), cancellationToken) is not { } owner) return NoOwner(errors, named.GetValueOrDefault("--owner"));
                var (key, refused) = await keys.CreateAsync(name, scopes, owner, cancellationToken);
                if (key is null) return Fail(errors, string.Join(" ", refused), withUsage: false);
                await errors.WriteLineAsync($"Made API key {key.Row.Name} ({key.Row.Prefix}) with scopes {string.Join(",", key.Row.Scopes)}, owned by {owner.Name}. It is shown this once:");
                await output.WriteLineAsync(key.Key);
                return 0;
            case "list":
                if (positional.Count > 0 || named.Count > 0) return Fail(errors, "apikeys list takes no arguments.");
                foreach (var row in await keys.ListAsync(cancellationToken))
                {
                    await output.WriteLineAsync(string.Join('\t', row.Prefix, row.Name, string.Join(",", row.Scopes), row.Owner,
                        $"created {row.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm}", row.LastUsedAt is { } used ? $"last used {used.UtcDateTime:yyyy-MM-dd HH:mm}" : "never used",
                        row.RevokedAt is { } revoked ? $"revoked {revoked.UtcDateTime:yyyy-MM-dd HH:mm}" : "active"));
                }
                return 0;
            case "revoke":
                if (positional.Count != 1 || named.Keys.Any(k => k != "--owner")) return Fail(errors, "apikeys revoke needs one PREFIX.");
                if (await OwnerAsync(services, named.GetValueOrDefault("--owner"), cancellationToken) is not { } admin) return NoOwner(errors, named.GetValueOrDefault("--owner"));
                var outcome = await keys.RevokeAsync(positional[0], admin, cancellationToken);
                if (!outcome.Succeeded) return Fail(errors, string.Join(" ", outcome.Errors), withUsage: false);
                await output.WriteLineAsync($"Revoked {positional[0]}.");
                return 0;
            default:
                return Fail(errors, verb.Length == 0 ? "apikeys needs a verb." : $"Unknown apikeys verb '{verb}'.");
        }
    }

    /// <summary>The admin named by email, or the site's first admin (the earliest account holding the role).</summary>
    private static async Task<Moderator?> OwnerAsync(IServiceProvider services, string? email, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        var admins = from user in db.Users
                     join userRole in db.UserRoles on user.Id equals userRole.UserId
                     join role in db.Roles on userRole.RoleId equals role.Id
                     where role.Name == Roles.Admin
                     select user;
        if (email is not null)
        {
            var normalized = email.Trim().ToUpperInvariant();
            admins = admins.Where(u => u.NormalizedEmail == normalized);
        }
        var owner = await admins.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Select(u => new { u.Id, u.UserName }).FirstOrDefaultAsync(cancellationToken);
        return owner is null ? null : new Moderator(owner.Id, owner.UserName ?? "");
    }

    private static int NoOwner(TextWriter errors, string? email) =>
        Fail(errors, email is null ? "The site has no admin account to own the key: make one first." : $"No admin account has the email {email}.", withUsage: false);

    private static bool TryOptions(string[] args, out Dictionary<string, string> named, out List<string> positional, out string problem)
    {
        named = new Dictionary<string, string>(StringComparer.Ordinal);
        positional = [];
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) positional.Add(args[i]);
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) named[args[i]] = args[++i];
            else
            {
                problem = $"{args[i]} needs a value.";
                return false;
            }
        }
        return true;
    }

    private static int Fail(TextWriter errors, string message, bool withUsage = true)
    {
        errors.WriteLine(message);
        if (withUsage) errors.WriteLine(Usage);
        return 2;
    }
}
