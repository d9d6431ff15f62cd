using System.Security.Claims;
using CommentModeration.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommentModeration.Web.Accounts;

/// <summary>
/// Puts the reader's display name into their sign-in cookie, so "Logged in as" and the header
/// show it without a query. Identity's name claim is the user name, which is the email address.
/// </summary>
public sealed class DisplayNameClaimsFactory(UserManager<ApplicationUser> userManager, RoleManager<IdentityRole> roleManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ReaderNames.ClaimType, ReaderNames.Shown(user.DisplayName, user.Id)));
        return identity;
    }
}
