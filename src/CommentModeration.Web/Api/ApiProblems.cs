using CommentModeration.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommentModeration.Web.Api;

/// <summary>Every error the API answers, as RFC 9457 problem details (application/problem+json).</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail);

    /// <summary>A well-formed request the site refused (a post the discussion checks or the rules reject), with the reason.</summary>
    public static ProblemHttpResult Refused(string detail, IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status422UnprocessableEntity, "Refused", detail, extensions);

    /// <summary>400 with the errors of each field (<c>errors</c>); nothing was changed.</summary>
    public static ProblemHttpResult Invalid(ApiText.Errors errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid fields.",
            Detail = "Nothing was changed: see errors, by field.",
        });

    public static ProblemHttpResult Invalid(string field, string message)
    {
        var errors = new ApiText.Errors();
        errors.Add(field, message);
        return Invalid(errors);
    }

    /// <summary>429 with Retry-After: the key's rate limit, or the discussion's flood interval.</summary>
    public static TooManyRequests TooMany(TimeSpan wait, string detail) => new(wait, detail);

    public sealed class TooManyRequests(TimeSpan wait, string detail) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status429TooManyRequests;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = RateLimiting.RetryAfterSeconds(wait);
            return Problem(StatusCodes.Status429TooManyRequests, "Too many requests", detail).ExecuteAsync(httpContext);
        }
    }
}
