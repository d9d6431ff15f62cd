using System.Security.Claims;
using CommentModeration.Data.Entities;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CommentModeration.Web.Components.Account;

/// <summary>
/// Identity's security stamp validator, reading the database at most once per validation interval
/// for each user and stamp. A browser stores the cookie renewed at each check; a client that keeps
/// sending the old one (a script, a load test) would otherwise cost a user lookup on every request
/// once the short interval has passed. A remembered check counts only while the cookie claims no
/// role the user lacked then.
/// </summary>
internal sealed class CachedSecurityStampValidator(
        IOptions<SecurityStampValidatorOptions> options,
        SignInManager<ApplicationUser> signInManager,
        ILoggerFactory logger,
        IMemoryCache checks)
    : SecurityStampValidator<ApplicationUser>(options, signInManager, logger)
{
    private sealed record Check(DateTimeOffset At, IReadOnlySet<string> Roles);

    public override async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var now = TimeProvider.GetUtcNow();
        var interval = Options.ValidationInterval;
        if (context.Properties.IssuedUtc is { } issued && now - issued <= interval) return;

        var claimTypes = SignInManager.Options.ClaimsIdentity;
        var userId = context.Principal?.FindFirstValue(claimTypes.UserIdClaimType);
        var stamp = context.Principal?.FindFirstValue(claimTypes.SecurityStampClaimType);
        if (userId is null || stamp is null)
        {
            await base.ValidateAsync(context);
            return;
        }
        var key = (nameof(CachedSecurityStampValidator), userId, stamp);
        if (checks.TryGetValue(key, out Check? last) && now - last!.At <= interval
            && context.Principal!.FindAll(claimTypes.RoleClaimType).All(role => last.Roles.Contains(role.Value)))
        {
            return;
        }

        await base.ValidateAsync(context);
        if (context.Principal is { } current)
        {
            var roles = current.FindAll(claimTypes.RoleClaimType).Select(role => role.Value).ToHashSet();
            checks.Set(key, new Check(now, roles), interval);
        }
    }
}
