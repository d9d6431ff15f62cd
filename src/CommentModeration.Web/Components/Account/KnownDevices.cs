using System.Security.Cryptography;
using CommentModeration.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace CommentModeration.Web.Components.Account;

/// <summary>
/// Remembers, in a protected cookie, that a browser has signed in to an account: a random id for the
/// browser and the accounts that signed in with it. Wrong passwords from such a browser are counted
/// apart (see <see cref="SignInThrottle"/>), so a stranger's guessing never keeps the account's own
/// people out of the browsers they use. The value cannot be forged to claim someone else's account.
/// </summary>
public sealed class KnownDevices(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public const string CookieName = "cm_device";
    private const int MaxAccounts = 10;
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("CommentModeration.KnownDevice.v1");

    private sealed record Device(string Id, IReadOnlyList<string> UserIds);

    /// <summary>This browser's id when it has signed in to the account before; otherwise null.</summary>
    public string? DeviceOf(HttpRequest request, string userId) =>
        Read(request) is { } device && device.UserIds.Contains(userId, StringComparer.Ordinal) ? device.Id : null;

    /// <summary>After a successful sign-in: this browser is now known to the account.</summary>
    public void Remember(HttpContext context, string userId)
    {
        var device = Read(context.Request) ?? new Device(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), []);
        var userIds = device.UserIds.Where(id => id != userId).Append(userId).TakeLast(MaxAccounts);
        ProtectedCookie.Write(context, CookieName, _protector, device.Id + "|" + string.Join(',', userIds),
            clock.GetUtcNow() + Lifetime, SameSiteMode.Strict, path: "/Account");
    }

    private Device? Read(HttpRequest request)
    {
        var parts = ProtectedCookie.Read(request, CookieName, _protector)?.Split('|');
        return parts is [{ Length: > 0 } id, var userIds] ? new Device(id, userIds.Split(',', StringSplitOptions.RemoveEmptyEntries)) : null;
    }
}
