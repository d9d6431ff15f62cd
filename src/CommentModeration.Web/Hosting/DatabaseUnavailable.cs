using CommentModeration.Data;
using Microsoft.AspNetCore.Diagnostics;

namespace CommentModeration.Web.Hosting;

/// <summary>
/// How the site answers while its database cannot be reached (<see cref="DatabaseFaults.IsTransient"/>):
/// 503 with Retry-After and "try again shortly", not an error. Cached reader pages are served all the
/// while; a post keeps the reader's text in the form; a moderator's action is refused in place.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>A database restart or a network fault usually passes within seconds.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>The error handler's status for a request that failed with <paramref name="error"/>.</summary>
    public static int StatusCodeOf(Exception error) =>
        DatabaseFaults.IsTransient(error) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;

    /// <summary>True when the error handler is answering for a database out of reach; then the response says when to come back.</summary>
    public static bool IsAnswering(HttpContext context)
    {
        if (context.Features.Get<IExceptionHandlerFeature>()?.Error is not { } error || !DatabaseFaults.IsTransient(error)) return false;
        context.Response.Headers.RetryAfter = RateLimiting.RetryAfterSeconds(RetryAfter);
        return true;
    }
}
