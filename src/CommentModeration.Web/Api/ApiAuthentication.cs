using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace CommentModeration.Web.Api;

/// <summary>
/// The API's only authentication: <c>Authorization: Bearer cm_…</c>, checked in the database on
/// every request (<see cref="ApiKeys.CheckAsync"/>). The staff site's cookies never authenticate
/// an API call, so no page on another site can make a signed-in browser call the API (no CSRF).
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.Fail("Send the API key as 'Authorization: Bearer cm_…'.");
        var check = await keys.CheckAsync(header[bearer.Length..].Trim(), Context.RequestAborted);
        return check.Caller is { } caller
            ? AuthenticateResult.Success(new AuthenticationTicket(ApiClaims.PrincipalOf(caller, SchemeName), SchemeName))
            : AuthenticateResult.Fail(check.Failure);
    }

    /// <summary>401 with <c>WWW-Authenticate: Bearer</c> (RFC 6750) and a problem saying what was wrong with the key.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var failure = result.Failure?.Message;
        // A header value is printable ASCII (Kestrel refuses others), and this one is quoted.
        var description = new string((failure ?? "").Where(c => c is >= ' ' and <= '~' and not ('"' or '\\')).ToArray());
        Response.Headers.WWWAuthenticate = failure is null
            ? "Bearer realm=\"api\""
            : $"Bearer realm=\"api\", error=\"invalid_token\", error_description=\"{description}\"";
        await ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Unauthorized",
            failure ?? "This endpoint needs an API key: send 'Authorization: Bearer cm_…'. Admins make keys under /admin/api-keys.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Forbidden("This API key may not do this.").ExecuteAsync(Context);
}

/// <summary>How a key's caller rides on the request's principal.</summary>
public static class ApiClaims
{
    public const string Scope = "scope";
    public const string GrantedScope = "cm:granted-scope";
    private const string KeyId = "cm:api-key-id";
    private const string KeyName = "cm:api-key-name";
    private const string KeyPrefix = "cm:api-key-prefix";

    public static ClaimsPrincipal PrincipalOf(ApiCaller caller, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, caller.OwnerUserId),
            new(ClaimTypes.Name, caller.OwnerName),
            new(KeyId, caller.KeyId.ToString(CultureInfo.InvariantCulture)),
            new(KeyName, caller.KeyName),
            new(KeyPrefix, caller.Prefix),
        };
        claims.AddRange(caller.Scopes.Select(s => new Claim(Scope, s)));
        claims.AddRange(caller.GrantedScopes.Select(s => new Claim(GrantedScope, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The caller of an authenticated API request; null for any other principal.</summary>
    public static ApiCaller? CallerOf(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true, AuthenticationType: ApiKeyAuthentication.SchemeName }) return null;
        return new ApiCaller(
            long.Parse(user.FindFirstValue(KeyId)!, CultureInfo.InvariantCulture), user.FindFirstValue(KeyName)!, user.FindFirstValue(KeyPrefix)!,
            user.FindFirstValue(ClaimTypes.NameIdentifier)!, user.FindFirstValue(ClaimTypes.Name)!,
            user.FindAll(GrantedScope).Select(c => c.Value).ToList(), user.FindAll(Scope).Select(c => c.Value).ToList());
    }

    /// <summary>The key's id, which its rate limit is counted by.</summary>
    public static string? KeyIdOf(ClaimsPrincipal user) =>
        user.Identity?.AuthenticationType == ApiKeyAuthentication.SchemeName ? user.FindFirstValue(KeyId) : null;
}

/// <summary>
/// An endpoint's scope: its policy's requirement, and what the OpenAPI document says the
/// operation needs. A refusal names the scope, and says whether the key lacks it or its owner
/// lost the role it needs.
/// </summary>
public sealed class ApiScopeRequirement(string scope) : AuthorizationHandler<ApiScopeRequirement>, IAuthorizationRequirement
{
    public string Scope => scope;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiScopeRequirement requirement)
    {
        if (ApiClaims.CallerOf(context.User) is not { } caller) return Task.CompletedTask;
        if (caller.Scopes.Contains(scope)) context.Succeed(requirement);
        else if (caller.GrantedScopes.Contains(scope))
        {
            context.Fail(new AuthorizationFailureReason(this,
                $"The '{scope}' scope needs its key's owner to hold the {ApiScopes.RolesNeeded(scope)!.Replace(",", " or ")} role, and {caller.OwnerName} no longer does."));
        }
        else context.Fail(new AuthorizationFailureReason(this, $"This API key lacks the '{scope}' scope."));
        return Task.CompletedTask;
    }

    public static AuthorizationPolicy PolicyFor(string scope) =>
        new AuthorizationPolicyBuilder(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser().AddRequirements(new ApiScopeRequirement(scope)).Build();
}

/// <summary>Writes a refused scope as a 403 problem naming it; everything else as the framework does.</summary>
internal sealed class ApiAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && policy.Requirements.OfType<ApiScopeRequirement>().Any())
        {
            var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).ToList() ?? [];
            return ApiProblems.Forbidden(reasons.Count > 0 ? string.Join(" ", reasons) : "This API key may not do this.").ExecuteAsync(context);
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
