using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using CommentModeration.Data;
using CommentModeration.Data.Entities;

namespace CommentModeration.Web.Components.Account;

// This is a server-side AuthenticationStateProvider that revalidates the security stamp and roles of the connected
// user every few seconds an interactive circuit is connected: a revoked moderator's open queue must not stay open.
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>
    /// How stale a sign-in may get, in open circuits and in cookies (the cookie's security stamp validator uses it
    /// too): one user lookup per signed-in person this often, never one per request.
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // Get the user manager from a new scope to ensure it fetches fresh data
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await ValidateSecurityStampAsync(userManager, authenticationState.User);
    }

    private async Task<bool> ValidateSecurityStampAsync(UserManager<ApplicationUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }
        else if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }
        else
        {
            var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
            var userStamp = await userManager.GetSecurityStampAsync(user);
            if (principalStamp != userStamp) return false;
            // A role taken away by any path, stamp renewed or not, ends the circuit too.
            var roles = await userManager.GetRolesAsync(user);
            return principal.FindAll(options.Value.ClaimsIdentity.RoleClaimType).All(claim => roles.Contains(claim.Value));
        }
    }
}
