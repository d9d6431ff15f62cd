using System.Security.Cryptography;
using CommentModeration.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace CommentModeration.Web.Seeding;

public enum DemoPasswordSource
{
    /// <summary>Demo:Password is set; every demo account has it.</summary>
    Configured,

    /// <summary>Demo:Password is unset and accounts were created at this start with a new random password.</summary>
    GeneratedNow,

    /// <summary>Demo:Password is unset and the accounts already existed: their password was printed when they were created.</summary>
    GeneratedEarlier,
}

/// <summary>The demo accounts after this start, and what is known about their password.</summary>
public sealed record DemoAccountsReport(IReadOnlyList<DemoAccount> Accounts, DemoPasswordSource Source, string? Password);

/// <summary>Creates the Admin and Moderator roles and the demo accounts (email confirmed), once.</summary>
internal sealed class DemoAccounts(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IConfiguration configuration, TimeProvider clock)
{
    public async Task<(DemoAccountsReport Report, IReadOnlyDictionary<string, ApplicationUser> UsersByEmail)> EnsureAsync()
    {
        foreach (var role in new[] { Roles.Admin, Roles.Moderator })
        {
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
        }

        var configured = configuration["Demo:Password"];
        var hasConfigured = !string.IsNullOrWhiteSpace(configured);
        string? generated = null;
        var usersByEmail = new Dictionary<string, ApplicationUser>(StringComparer.OrdinalIgnoreCase);
        foreach (var account in DemoContent.Accounts)
        {
            var user = await users.FindByEmailAsync(account.Email);
            if (user is null)
            {
                var password = hasConfigured ? configured! : generated ??= GeneratePassword();
                user = new ApplicationUser
                {
                    UserName = account.Email,
                    Email = account.Email,
                    EmailConfirmed = true,
                    DisplayName = account.DisplayName,
                    CreatedAt = clock.GetUtcNow().AddDays(-30),
                };
                Check(await users.CreateAsync(user, password), $"create {account.Email}");
            }
            else if (hasConfigured && !await users.CheckPasswordAsync(user, configured!))
            {
                // The configured password is the truth the start banner announces: bring the account in line.
                var token = await users.GeneratePasswordResetTokenAsync(user);
                Check(await users.ResetPasswordAsync(user, token, configured!), $"set the configured password on {account.Email}");
            }
            if (account.Role is not null && !await users.IsInRoleAsync(user, account.Role))
            {
                Check(await users.AddToRoleAsync(user, account.Role), $"add {account.Email} to {account.Role}");
            }
            usersByEmail[account.Email] = user;
        }

        var report = hasConfigured
            ? new DemoAccountsReport(DemoContent.Accounts, DemoPasswordSource.Configured, null)
            : generated is not null
                ? new DemoAccountsReport(DemoContent.Accounts, DemoPasswordSource.GeneratedNow, generated)
                : new DemoAccountsReport(DemoContent.Accounts, DemoPasswordSource.GeneratedEarlier, null);
        return (report, usersByEmail);
    }

    /// <summary>Four groups of five (upper, lower, digits, mixed) joined by hyphens: meets Identity's default rules, about 90 bits.</summary>
    internal static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789";
        return string.Join('-',
            RandomNumberGenerator.GetString(upper, 5),
            RandomNumberGenerator.GetString(lower, 5),
            RandomNumberGenerator.GetString(digits, 5),
            RandomNumberGenerator.GetString(upper + lower + digits, 5));
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo seeding could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
