using System.Security.Cryptography;
using CommentModeration.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace CommentModeration.Web.Components.Account;

/// <summary>What a password sign-in came to. <see cref="Refused"/>: the account's wait was not over and the password was not looked at; <see cref="Wait"/>: how long until the next attempt may go ahead.</summary>
public sealed record PasswordSignInOutcome(SignInResult Result, bool Refused, TimeSpan Wait);

/// <summary>
/// Signs in with a password through Identity, throttled per account (<see cref="SignInThrottle"/>,
/// with known browsers counted apart) instead of Identity's lockout, which anyone could trip
/// against anyone. Every attempt the throttle lets through checks one password hash, whether the
/// account exists, is unconfirmed or is locked, so neither time nor answer tells who has an account.
/// </summary>
public sealed class PasswordSignIn(
    SignInManager<ApplicationUser> signInManager,
    IPasswordHasher<ApplicationUser> hasher,
    SignInThrottle throttle,
    KnownDevices devices)
{
    /// <summary>A hash of a random password, made by the same hasher at the same cost, to check against when there is no account's own.</summary>
    private static string? _standInHash;

    public async Task<PasswordSignInOutcome> SignInAsync(HttpContext context, string email, string password, bool rememberMe)
    {
        var users = signInManager.UserManager;
        var user = await users.FindByNameAsync(email);
        var device = user is null ? null : devices.DeviceOf(context.Request, user.Id);
        var key = users.NormalizeName(email) + (device is null ? "" : "|" + device);

        var wait = throttle.WaitBefore(key);
        if (wait > TimeSpan.Zero) return new PasswordSignInOutcome(SignInResult.Failed, Refused: true, wait);

        var result = await CheckAsync(user, password, rememberMe);
        if (result.Succeeded || result.RequiresTwoFactor)
        {
            throttle.Succeeded(key);
            if (result.Succeeded) devices.Remember(context, user!.Id);
            return new PasswordSignInOutcome(result, Refused: false, TimeSpan.Zero);
        }
        return new PasswordSignInOutcome(result, Refused: false, result.IsLockedOut ? TimeSpan.Zero : throttle.Failed(key));
    }

    private async Task<SignInResult> CheckAsync(ApplicationUser? user, string password, bool rememberMe)
    {
        if (user?.PasswordHash is null)
        {
            _standInHash ??= hasher.HashPassword(new ApplicationUser(), Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
            hasher.VerifyHashedPassword(user ?? new ApplicationUser(), _standInHash, password);
            return SignInResult.Failed;
        }

        var result = await signInManager.PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: false);
        // Identity answers these before looking at the password. Look now: the same work as any
        // other attempt, and only the right password learns that the account is locked or unconfirmed.
        if ((result.IsLockedOut || result.IsNotAllowed) && !await signInManager.UserManager.CheckPasswordAsync(user, password))
        {
            return SignInResult.Failed;
        }
        return result;
    }
}

public static class PasswordSignInSetup
{
    public static IServiceCollection AddPasswordSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(SignInThrottleOptions.From(configuration));
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<KnownDevices>();
        services.AddScoped<PasswordSignIn>();
        return services;
    }
}
