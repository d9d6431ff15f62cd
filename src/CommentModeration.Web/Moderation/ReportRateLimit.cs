using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace CommentModeration.Web.Moderation;

/// <summary>
/// Who is reporting, and how often they may: a signed-in reader is their user id; a guest is a
/// long-lived random browser cookie together with their IP. Reports are limited per network (see
/// <see cref="AddressKey"/>; Reports:PerIpPerWindow in Reports:WindowMinutes; default 10 in 10 minutes).
/// </summary>
/// <remarks>A fresh cookie makes a fresh guest key, so the key alone says nothing about how many people report: see <see cref="ReportWeight"/>.</remarks>
public sealed class ReportRateLimit : IDisposable
{
    public const string BrowserCookie = "cm_reader";

    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _window;

    public ReportRateLimit(IConfiguration configuration)
    {
        var permits = configuration.GetValue("Reports:PerIpPerWindow", 10);
        _window = TimeSpan.FromMinutes(configuration.GetValue("Reports:WindowMinutes", 10.0));
        _limiter = PartitionedRateLimiter.Create<string, string>(network => RateLimitPartition.GetFixedWindowLimiter(network, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = _window,
            QueueLimit = 0,
        }));
    }

    /// <summary>Takes one report from this network's allowance; false with the wait when it is used up.</summary>
    public bool TryTake(string network, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(network);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _window;
        return lease.IsAcquired;
    }

    /// <summary>
    /// Who is reporting: "user:{id}" when signed in, else "guest:{hash of IP and browser cookie}" (the cookie is set when
    /// missing), with the hashes of their network and, for a guest, of their browser cookie.
    /// </summary>
    public static Reporter ReporterOf(HttpContext http)
    {
        var address = AddressKey(http.Connection.RemoteIpAddress);
        var userId = http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (http.User.Identity?.IsAuthenticated == true && !string.IsNullOrEmpty(userId)) return new Reporter("user:" + userId, address);

        var browser = http.Request.Cookies[BrowserCookie];
        if (string.IsNullOrEmpty(browser) || browser.Length > 64)
        {
            browser = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            if (!http.Response.HasStarted)
            {
                http.Response.Cookies.Append(BrowserCookie, browser, new CookieOptions
                {
                    HttpOnly = true,
                    IsEssential = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = http.Request.IsHttps,
                    MaxAge = TimeSpan.FromDays(730),
                });
            }
        }
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "";
        return new Reporter("guest:" + Hash(ip + "|" + browser), address, Hash("browser|" + browser));
    }

    /// <summary>
    /// The network a request comes from: an IPv4 address, or an IPv6 address's /64, which one
    /// subscriber usually holds whole and can draw fresh addresses from at will.
    /// </summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null) return Hash("address|");
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }
        return Hash("address|" + address);
    }

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 16).ToLowerInvariant();

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// A reporter: <paramref name="Key"/> counts them once per comment; <paramref name="AddressKey"/> and
/// <paramref name="BrowserKey"/> (hashes, see <see cref="ReportRateLimit.ReporterOf"/>) tie one guest's reports together.
/// </summary>
public sealed record Reporter(string Key, string? AddressKey = null, string? BrowserKey = null);
