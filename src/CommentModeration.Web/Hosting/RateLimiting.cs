using System.Globalization;
using System.Threading.RateLimiting;
using CommentModeration.Data.Entities;
using Microsoft.AspNetCore.RateLimiting;

namespace CommentModeration.Web.Hosting;

/// <summary>A fixed-window limit read from configuration (RateLimits:{name}:PermitLimit, :WindowSeconds).</summary>
public sealed record RateLimit(int PermitLimit, TimeSpan Window)
{
    public static RateLimit From(IConfiguration configuration, string name, int permitLimit, int windowSeconds)
    {
        var section = configuration.GetSection("RateLimits:" + name);
        return new RateLimit(
            section.GetValue("PermitLimit", permitLimit),
            TimeSpan.FromSeconds(section.GetValue("WindowSeconds", windowSeconds)));
    }

    public FixedWindowRateLimiterOptions ToOptions() => new()
    {
        PermitLimit = Math.Max(1, PermitLimit),
        Window = Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>
/// Limits comment posts per client address. Used by the article page itself (not the
/// middleware) so that a refused post re-renders the page with the reader's text kept.
/// Admins and moderators are exempt.
/// </summary>
public sealed class CommentPostingLimiter(RateLimit limit) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        key => RateLimitPartition.GetFixedWindowLimiter(key, _ => limit.ToOptions()));

    /// <summary>True when the post may go ahead; otherwise how long the client should wait.</summary>
    public bool TryAcquire(string clientKey, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(clientKey);
        retryAfter = TimeSpan.Zero;
        if (lease.IsAcquired) return true;
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limit.Window;
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}

public static class RateLimiting
{
    public static readonly PathString SignInPath = "/Account/Login";

    /// <summary>Account forms whose every post can put a mail in someone's inbox: they share the sign-in limit's numbers, counted apart.</summary>
    public static readonly PathString[] MailingAccountPaths =
        ["/Account/Register", "/Account/ForgotPassword", "/Account/ResendEmailConfirmation", "/Account/Manage/Email"];

    public static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Sign-in attempts and mailing account forms per address through the rate limiting middleware; comment posts through <see cref="CommentPostingLimiter"/>.</summary>
    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var signIn = RateLimit.From(configuration, "SignIn", permitLimit: 10, windowSeconds: 60);
        var comments = RateLimit.From(configuration, "Comments", permitLimit: 10, windowSeconds: 60);
        services.AddSingleton(new CommentPostingLimiter(comments));
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                !HttpMethods.IsPost(context.Request.Method) ? RateLimitPartition.GetNoLimiter("unlimited")
                : IsSignIn(context.Request.Path) ? RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => signIn.ToOptions())
                : SendsMail(context.Request.Path) ? RateLimitPartition.GetFixedWindowLimiter("mail:" + ClientKey(context), _ => signIn.ToOptions())
                : RateLimitPartition.GetNoLimiter("unlimited"));
            options.OnRejected = async (rejected, ct) =>
            {
                var response = rejected.HttpContext.Response;
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : signIn.Window;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = RetryAfterSeconds(wait);
                response.ContentType = "text/plain; charset=utf-8";
                var what = IsSignIn(rejected.HttpContext.Request.Path) ? "sign-in attempts" : "account requests";
                await response.WriteAsync($"Too many {what} from your address. Please wait {RetryAfterSeconds(wait)} seconds and try again.", ct);
            };
        });
        return services;
    }

    private static bool IsSignIn(PathString path) => path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase);

    private static bool SendsMail(PathString path) => MailingAccountPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase));
}
