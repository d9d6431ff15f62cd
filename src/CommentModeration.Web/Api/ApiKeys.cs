using System.Security.Cryptography;
using System.Text;
using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Moderation;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Api;

/// <summary>A key as the admin pages and the command line list it: never its secret.</summary>
public sealed record ApiKeyRow(long Id, string Name, string Prefix, IReadOnlyList<string> Scopes, string Owner,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A key just made: <see cref="Key"/> is shown this once and stored nowhere.</summary>
public sealed record NewApiKey(ApiKeyRow Row, string Key);

/// <summary>Who a request's key acts as: the key, its owner, and the scopes it reaches now.</summary>
public sealed record ApiCaller(long KeyId, string KeyName, string Prefix, string OwnerUserId, string OwnerName,
    IReadOnlyList<string> GrantedScopes, IReadOnlyList<string> Scopes)
{
    /// <summary>How audit rows name what was done through the key: the person, and the key.</summary>
    public Moderator Actor => new(OwnerUserId, $"{OwnerName}{ViaKey}{KeyName}");

    /// <summary>What joins the person and the key in an actor's name.</summary>
    public const string ViaKey = " via API key ";

    /// <summary>Lets an endpoint take the caller as a parameter, bound from the authenticated key, never from the request.</summary>
    public static ValueTask<ApiCaller?> BindAsync(HttpContext context, System.Reflection.ParameterInfo parameter) =>
        ValueTask.FromResult(ApiClaims.CallerOf(context.User));
}

/// <summary>What checking a presented key found: the caller, or why it is refused (answered 401).</summary>
public sealed record ApiKeyCheck(ApiCaller? Caller, string Failure);

/// <summary>
/// Makes, lists, revokes and checks API keys. A key is <c>cm_{prefix}_{secret}</c>: the prefix
/// finds its row, the secret's 32 random bytes make it unguessable, and only a SHA-256 of the
/// whole key is stored. A fast hash is right here, unlike for passwords: a slow hash (PBKDF2,
/// bcrypt) makes guessing a human's low-entropy password from a stolen hash expensive, but
/// 256 random bits cannot be guessed at any speed, and every API request checks its key.
/// </summary>
public sealed class ApiKeys(IDbContextFactory<AppDbContext> dbFactory, CurrentRoles currentRoles, TimeProvider clock)
{
    public const int MaxNameLength = 100;
    private const string KeyStart = "cm_";
    private const int PrefixLength = 8;
    private const int MaxKeyLength = 100;
    private const string PrefixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>How stale a key's "last used" may be: it is written at most once in this time, not on every request.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    /// <summary>Makes a key owned by <paramref name="by"/>, who must be an admin now. Errors name what to fix; nothing is stored then.</summary>
    public async Task<(NewApiKey? Key, IReadOnlyList<string> Errors)> CreateAsync(string name, string scopes, Moderator by, CancellationToken ct = default)
    {
        name = (name ?? "").Trim();
        var errors = new List<string>();
        if (ReaderText.IsBlank(name)) errors.Add("Give the key a name (what uses it, like \"CMS\").");
        else if (name.Length > MaxNameLength) errors.Add($"The name may be at most {MaxNameLength} characters.");
        else if (ApiText.HasControlCharacters(name)) errors.Add("The name may not hold control characters.");
        if (!ApiScopes.TryParse(scopes, out var parsed, out var scopeError)) errors.Add(scopeError);
        if (errors.Count > 0) return (null, errors);
        if (!await currentRoles.HoldsAsync(by, Roles.Admin, ct)) return (null, [CurrentRoles.Revoked]);

        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var prefix = RandomNumberGenerator.GetString(PrefixAlphabet, PrefixLength);
        var key = $"{KeyStart}{prefix}_{secret}";
        var now = clock.GetUtcNow();
        var row = new ApiKey
        {
            Name = name,
            Prefix = prefix,
            SecretHash = HashOf(key),
            Scopes = ApiScopes.Join(parsed),
            CreatedByUserId = by.UserId,
            CreatedAt = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        db.ApiKeys.Add(row);
        db.ModerationEvents.Add(AuditTrail.OfSite(AuditActions.ApiKeyCreate, to: null, $"Key {name} ({prefix}) with scopes {row.Scopes}", by.Actor, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (new NewApiKey(new ApiKeyRow(row.Id, name, prefix, parsed, by.Name, now, null, null), key), []);
    }

    /// <summary>Every key, newest first, revoked ones too (marked).</summary>
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id)
            .Select(k => new { k.Id, k.Name, k.Prefix, k.Scopes, Owner = db.Users.Where(u => u.Id == k.CreatedByUserId).Select(u => u.UserName).FirstOrDefault(), k.CreatedAt, k.LastUsedAt, k.RevokedAt })
            .ToListAsync(ct);
        return rows.Select(k => new ApiKeyRow(k.Id, k.Name, k.Prefix, ScopesOf(k.Scopes), k.Owner ?? "", k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToList();
    }

    /// <summary>Revokes the key with this prefix (or the whole key) at once: its next request is refused.</summary>
    public async Task<SaveOutcome> RevokeAsync(string prefixOrKey, Moderator by, CancellationToken ct = default)
    {
        var prefix = TryParse(prefixOrKey, out var fromKey) ? fromKey : (prefixOrKey ?? "").Trim();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        if (!await CurrentRoles.HoldsAsync(db, by, Roles.Admin, ct)) return SaveOutcome.Refused(CurrentRoles.Revoked);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix, ct);
        if (key is null) return SaveOutcome.Refused($"There is no API key {prefix}.");
        if (key.RevokedAt is not null) return SaveOutcome.Refused($"The key {key.Name} ({prefix}) was revoked already.");
        var now = clock.GetUtcNow();
        key.RevokedAt = now;
        db.ModerationEvents.Add(AuditTrail.OfSite(AuditActions.ApiKeyRevoke, to: null, $"Key {key.Name} ({prefix})", by.Actor, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return SaveOutcome.Saved;
    }

    /// <summary>
    /// Checks a presented key in the database on every request: it exists, its secret matches,
    /// it is not revoked, and its owner still holds the role each of its scopes needs (a scope
    /// whose role is gone is left out, so the request gets 403). Notes the use, once a minute at most.
    /// </summary>
    public async Task<ApiKeyCheck> CheckAsync(string presented, CancellationToken ct = default)
    {
        if (!TryParse(presented, out var prefix)) return new(null, "The bearer token is not an API key of this site (cm_…).");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await KeyOf.For(db)(db, prefix, ct);
        if (key is null || !CryptographicOperations.FixedTimeEquals(HashOf(presented), key.SecretHash)) return new(null, "This API key is not valid.");
        if (key.RevokedAt is not null) return new(null, $"This API key ({prefix}) was revoked.");
        if (key.OwnerName is null) return new(null, $"The account that made this API key ({prefix}) no longer exists.");

        var roles = new List<string>();
        await foreach (var role in RolesOf.For(db)(db, key.OwnerUserId).WithCancellation(ct)) roles.Add(role);
        var granted = ScopesOf(key.Scopes);
        var usable = granted.Where(s => ApiScopes.RolesNeeded(s) is not { } needed || needed.Split(',').Any(roles.Contains)).ToList();

        var now = clock.GetUtcNow();
        if (key.LastUsedAt is not { } last || now - last >= LastUseResolution) await NoteUseAsync(db, key.Id, now, ct);
        return new(new ApiCaller(key.Id, key.Name, prefix, key.OwnerUserId, key.OwnerName, granted, usable), "");
    }

    /// <summary>The prefix of a well-formed key (<c>cm_</c>, eight letters or digits, <c>_</c>, the secret).</summary>
    public static bool TryParse(string? key, out string prefix)
    {
        prefix = "";
        if (key is null || key.Length > MaxKeyLength || !key.StartsWith(KeyStart, StringComparison.Ordinal)) return false;
        var end = key.IndexOf('_', KeyStart.Length);
        if (end != KeyStart.Length + PrefixLength || end == key.Length - 1) return false;
        var candidate = key[KeyStart.Length..end];
        if (!candidate.All(PrefixAlphabet.Contains)) return false;
        prefix = candidate;
        return true;
    }

    private static async Task NoteUseAsync(AppDbContext db, long keyId, DateTimeOffset now, CancellationToken ct)
    {
        var stale = now - LastUseResolution;
        await using var transaction = await db.BeginWriteAsync(ct);
        // Conditional, so requests racing on several servers write it once.
        await db.ApiKeys.Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt <= stale))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        await transaction.CommitAsync(ct);
    }

    private static IReadOnlyList<string> ScopesOf(string stored) => ApiScopes.TryParse(stored, out var scopes, out _) ? scopes : [];

    private static byte[] HashOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record StoredKey(long Id, string Name, byte[] SecretHash, string Scopes, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, string OwnerUserId, string? OwnerName);

    // Compiled: every API request runs these two.
    private static readonly CompiledPerModel<Func<AppDbContext, string, CancellationToken, Task<StoredKey?>>> KeyOf = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string prefix, CancellationToken ct) =>
            db.ApiKeys.AsNoTracking().Where(k => k.Prefix == prefix)
                .Select(k => new StoredKey(k.Id, k.Name, k.SecretHash, k.Scopes, k.RevokedAt, k.LastUsedAt, k.CreatedByUserId,
                    db.Users.Where(u => u.Id == k.CreatedByUserId).Select(u => u.UserName).FirstOrDefault()))
                .FirstOrDefault()));

    private static readonly CompiledPerModel<Func<AppDbContext, string, IAsyncEnumerable<string>>> RolesOf = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string userId) =>
            from userRole in db.UserRoles
            join role in db.Roles on userRole.RoleId equals role.Id
            where userRole.UserId == userId
            select role.Name!));
}
