using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace CommentModeration.Web.Moderation;

/// <summary>
/// Who is reporting, and how often they may: a signed-in reader is their user id; a guest is a
/// long-lived random browser cookie together with their IP. Reports are limited per IP
/// (Reports:PerIpPerWindow in Reports:WindowMinutes; default 10 in 10 minutes).
/// </summary>
public sealed class ReportRateLimit : IDisposable
{
    public const string BrowserCookie = "cm_reader";

    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _window;

    public ReportRateLimit(IConfiguration configuration)
    {
        var permits = configuration.GetValue("Reports:PerIpPerWindow", 10);
        _window = TimeSpan.FromMinutes(configuration.GetValue("Reports:WindowMinutes", 10.0));
        _limiter = PartitionedRateLimiter.Create<string, string>(ip => RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = _window,
            QueueLimit = 0,
        }));
    }

    /// <summary>Takes one report from this IP's allowance; false with the wait when it is used up.</summary>
    public bool TryTake(string ip, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(ip);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _window;
        return lease.IsAcquired;
    }

    /// <summary>The reporter's key: "user:{id}" when signed in, else "guest:{hash of IP and browser cookie}" (the cookie is set when missing).</summary>
    public static string ReporterKey(HttpContext http)
    {
        var userId = http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (http.User.Identity?.IsAuthenticated == true && !string.IsNullOrEmpty(userId)) return "user:" + userId;

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
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(ip + "|" + browser));
        return "guest:" + Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
    }

    public void Dispose() => _limiter.Dispose();
}
