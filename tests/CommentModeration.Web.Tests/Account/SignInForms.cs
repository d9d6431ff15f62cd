using System.Net;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Account;

/// <summary>The real app for the account tests: the per-address sign-in limit raised, as every test signs in from one address many times.</summary>
public class AccountAppFactory : AppFactory
{
    public AccountAppFactory()
    {
        Settings["RateLimits:SignIn:PermitLimit"] = "100000";
    }

    public static string UniqueEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.com";
}

/// <summary>Signing in and out through the real forms, as a browser without script does.</summary>
public static class SignInForms
{
    /// <summary>The sign-in form is the first form in the page's main part (the header holds the log-out form once signed in).</summary>
    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password, string? returnUrl = null) =>
        client.SubmitFormAsync(returnUrl is null ? "/Account/Login" : "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), "main form",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    public static Task<HttpResponseMessage> SignOutAsync(this HttpClient client, string returnUrl = "") =>
        client.SubmitFormAsync("/", "form[action='/Account/Logout']", new Dictionary<string, string> { ["ReturnUrl"] = returnUrl });

    /// <summary>Where a redirect points, resolved against the test server's address.</summary>
    public static Uri RedirectTarget(this HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"Expected a redirect, got {(int)response.StatusCode}.");
        return new Uri(new Uri("http://localhost/"), response.Headers.Location!);
    }

    /// <summary>The text of the page's alert (the sign-in page's status message).</summary>
    public static async Task<string> AlertTextAsync(this HttpResponseMessage response)
    {
        var page = FormClient.Parse(await response.Content.ReadAsStringAsync());
        return page.QuerySelector("[role=alert]")?.TextContent.Trim() ?? "";
    }
}
