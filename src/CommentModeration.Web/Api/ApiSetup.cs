using System.Data.Common;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using CommentModeration.Data;
using CommentModeration.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CommentModeration.Web.Api;

/// <summary>The REST API: its services, its error answers in the pipeline, and its endpoints (one file per resource group).</summary>
public static class ApiSetup
{
    public const string Prefix = "/api/v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/docs";
    public const string RateLimitPolicy = "api";

    /// <summary>The API and its document: no HTML error page, no reader-page machinery.</summary>
    public static bool Contains(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeys>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, configureOptions: null);
        services.AddAuthorization(options =>
        {
            foreach (var scope in ApiScopes.All) options.AddPolicy(ApiScopes.Policy(scope), ApiScopeRequirement.PolicyFor(scope));
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResults>();
        services.Configure<RateLimiterOptions>(options => options.AddPolicy<string, ApiRateLimitPolicy>(RateLimitPolicy));
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith(Prefix[1..] + "/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "CommentModeration API",
                    Version = "v1",
                    Description = "Articles, published threads, posting, moderation, rules and the audit log. Every call needs an API key " +
                        "(`Authorization: Bearer cm_…`) with the scope its operation names; admins make keys under /admin/api-keys or with " +
                        "`apikeys create`. Errors are RFC 9457 problem details. Lists page with `pageSize` and the `next` link.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer<ScopeOfOperation>();
            options.AddDocumentTransformer<BearerSecurity>();
        });
        return services;
    }

    /// <summary>
    /// Errors under /api as problem details: exceptions (503 when the database is away), and bodiless
    /// error statuses, instead of the reader site's error and not-found pages. Goes right after those pages' middleware.
    /// </summary>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) =>
        app.UseWhen(context => Contains(context.Request.Path), api =>
        {
            api.Use((context, next) =>
            {
                // The not-found page re-executes for readers: an API client gets a problem instead.
                if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } readerPages) readerPages.Enabled = false;
                return next(context);
            });
            api.UseExceptionHandler();
            api.UseStatusCodePages(context => ApiProblems.Problem(context.HttpContext.Response.StatusCode, TitleOf(context.HttpContext.Response.StatusCode),
                DetailOf(context.HttpContext.Response.StatusCode)).ExecuteAsync(context.HttpContext));
        });

    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(DocumentPath.Replace("v1", "{documentName}"));
        endpoints.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("CommentModeration API")
            .WithOpenApiRoutePattern(DocumentPath.Replace("v1", "{documentName}"))
            .AddPreferredSecuritySchemes(BearerSecurity.SchemeName)
            .WithNonce()
            .HideDeveloperTools()
            .DisableAgent()
            .DisableTelemetry()
            .DisableDefaultFonts());

        var api = endpoints.MapGroup(Prefix).RequireRateLimiting(RateLimitPolicy);
        api.MapArticlesApi();
        api.MapCommentsApi();
        api.MapModerationApi();
        api.MapRulesApi();
        api.MapAuditApi();
        api.MapWebhooksApi();
        api.MapTransparencyApi();
        return endpoints;
    }

    /// <summary>
    /// The reference page's Content-Security-Policy: its scripts by the nonce Scalar rendered them
    /// with (its styles are inline); it reaches only this site.
    /// </summary>
    public static string ReferencePagePolicy(HttpContext context)
    {
        var nonce = context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var value) && value is string s ? $" 'nonce-{s}'" : "";
        return $"default-src 'self'; script-src 'self'{nonce}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
            "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    /// <summary>The scope an endpoint needs: its authorization policy, and what its operation in the document says.</summary>
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder builder, string scope) =>
        builder.RequireAuthorization(ApiScopes.Policy(scope)).WithMetadata(new ApiScopeMetadata(scope))
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad request",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed",
        StatusCodes.Status413PayloadTooLarge => "Body too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Error",
    };

    private static string DetailOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "A route or query parameter is not of its type (a number, an ISO 8601 time); see the reference at " + ReferencePath + ".",
        StatusCodes.Status404NotFound => "There is no such API address; see the reference at " + ReferencePath + ".",
        StatusCodes.Status405MethodNotAllowed => "This address does not take this method; see the reference at " + ReferencePath + ".",
        _ => "See the reference at " + ReferencePath + ".",
    };
}

/// <summary>The scope an endpoint needs, for the OpenAPI document.</summary>
public sealed record ApiScopeMetadata(string Scope);

/// <summary>Each operation says the scope it needs (kept in <c>x-scope</c> and its description) for <see cref="BearerSecurity"/>.</summary>
internal sealed class ScopeOfOperation : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiScopeMetadata>().FirstOrDefault() is { } scope)
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-scope"] = new JsonNodeExtension(JsonValue.Create(scope.Scope));
            operation.Description = (operation.Description is { Length: > 0 } description ? description + "\n\n" : "") + $"Needs an API key with the `{scope.Scope}` scope.";
        }
        return Task.CompletedTask;
    }
}

/// <summary>Declares the bearer scheme (an API key) and puts it, with the operation's scope, on every operation.</summary>
internal sealed class BearerSecurity : IOpenApiDocumentTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "cm_{prefix}_{secret}",
            Description = "An API key, made by an admin under /admin/api-keys or with `apikeys create`; each operation names the scope it needs.",
        };
        foreach (var path in document.Paths.Values)
        {
            foreach (var operation in (IEnumerable<OpenApiOperation>?)path.Operations?.Values ?? [])
            {
                var scope = operation.Extensions?.TryGetValue("x-scope", out var extension) == true && extension is JsonNodeExtension { Node: JsonValue value }
                    ? value.GetValue<string>()
                    : null;
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = scope is null ? [] : [scope] }];
            }
        }
        return Task.CompletedTask;
    }
}

/// <summary>Each key's own rate limit (RateLimits:Api), counted by key, 429 with Retry-After past it.</summary>
internal sealed class ApiRateLimitPolicy(IConfiguration configuration) : IRateLimiterPolicy<string>
{
    private readonly RateLimit _limit = RateLimit.From(configuration, "Api", permitLimit: 600, windowSeconds: 60);

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        ApiClaims.KeyIdOf(httpContext.User) is { } keyId
            ? RateLimitPartition.GetFixedWindowLimiter(keyId, _ => _limit.ToOptions())
            : RateLimitPartition.GetNoLimiter("");

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (rejected, _) =>
    {
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _limit.Window;
        await ApiProblems.TooMany(wait, $"This API key made more than {_limit.PermitLimit} requests in {_limit.Window.TotalSeconds:0} seconds. Wait {RateLimiting.RetryAfterSeconds(wait)} seconds.")
            .ExecuteAsync(rejected.HttpContext);
    };
}

/// <summary>An exception under /api as a problem: 503 when the database did not answer, else 500. Other paths keep the site's error page.</summary>
internal sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!ApiSetup.Contains(httpContext.Request.Path)) return false;
        if (exception is BadHttpRequestException bad)
        {
            await ApiProblems.Problem(bad.StatusCode, "Bad request", bad.Message).ExecuteAsync(httpContext);
            return true;
        }
        if (DatabaseFaults.IsTransient(exception))
        {
            logger.LogWarning(exception, "API request {Path}: the database did not answer.", httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = RateLimiting.RetryAfterSeconds(DatabaseUnavailable.RetryAfter);
            await ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                "The database is not answering; try again in a little while.").ExecuteAsync(httpContext);
            return true;
        }
        logger.LogError(exception, "API request {Path} failed.", httpContext.Request.Path);
        await ApiProblems.Problem(StatusCodes.Status500InternalServerError, "Internal error", "The server failed on this request; its log has the details.").ExecuteAsync(httpContext);
        return true;
    }
}
