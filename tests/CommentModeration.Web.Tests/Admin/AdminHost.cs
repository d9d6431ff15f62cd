using System.Net;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Admin;

/// <summary>The real app with an admin, a moderator and a reader account, shared by a test class.</summary>
public class AdminHost : AppFactory, IAsyncLifetime
{
    public const string Password = "Admin-Tests-Pa55!";
    public const string AdminEmail = "admin@example.com";
    public const string ModeratorEmail = "moderator@example.com";
    public const string ReaderEmail = "reader@example.com";

    public ApplicationUser AdminUser { get; private set; } = null!;

    /// <summary>The admin account as the actor of admin services.</summary>
    public Moderator Admin => new(AdminUser.Id, AdminEmail);

    public AdminHost()
    {
        // Every test signs in through the real form from one address; the sign-in limit has its own test.
        Settings["RateLimits:SignIn:PermitLimit"] = "1000";
    }

    public async Task InitializeAsync()
    {
        AdminUser = await CreateUserAsync(AdminEmail, Password, Roles.Admin);
        await CreateUserAsync(ModeratorEmail, Password, Roles.Moderator);
        await CreateUserAsync(ReaderEmail, Password);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    /// <summary>A browser-like client signed in through the real login form.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email)
    {
        var client = CreateBrowserClient();
        var response = await client.SubmitFormAsync("/Account/Login", "form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        });
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
        {
            throw new InvalidOperationException($"Signing in {email} answered {(int)response.StatusCode}.");
        }
        return client;
    }
}
