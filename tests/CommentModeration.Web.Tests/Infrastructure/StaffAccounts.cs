using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Infrastructure;

/// <summary>Accounts behind the actors tests pass to staff services, which check the actor's role in the database where they act.</summary>
public static class StaffAccounts
{
    /// <summary>Makes sure an account with the actor's id exists and holds <paramref name="role"/>; returns the actor.</summary>
    public static async Task<Moderator> EnsureAsync(IServiceProvider services, Moderator actor, string role)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var user = await users.FindByIdAsync(actor.UserId);
        if (user is null)
        {
            var email = $"{actor.UserId}@staff.test";
            user = new ApplicationUser { Id = actor.UserId, UserName = email, Email = email, EmailConfirmed = true, DisplayName = actor.Name };
            Succeeded(await users.CreateAsync(user));
        }
        if (!await roles.RoleExistsAsync(role)) Succeeded(await roles.CreateAsync(new IdentityRole(role)));
        if (!await users.IsInRoleAsync(user, role)) Succeeded(await users.AddToRoleAsync(user, role));
        return actor;
    }

    private static void Succeeded(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
