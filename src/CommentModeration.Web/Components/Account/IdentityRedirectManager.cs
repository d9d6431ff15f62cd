using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using CommentModeration.Data;
using CommentModeration.Data.Entities;

namespace CommentModeration.Web.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    /// <summary>Goes to <paramref name="uri"/> when it is on this site (a relative address, or an absolute one under the base); anywhere else, home.</summary>
    public void RedirectTo(string? uri)
    {
        uri ??= "";
        if (uri.StartsWith(navigationManager.BaseUri, StringComparison.Ordinal))
        {
            uri = navigationManager.ToBaseRelativePath(uri);
        }

        // Prevent open redirects: what is left must be a local address ("//host" and "/\host" are not).
        if (!IsLocal(uri))
        {
            uri = "";
        }

        navigationManager.NavigateTo(uri);
    }

    /// <summary>Url.IsLocalUrl's rule, for addresses relative to the site's base as well as to its root.</summary>
    public static bool IsLocal(string uri) =>
        Uri.IsWellFormedUriString(uri, UriKind.Relative)
        && !uri.StartsWith("//", StringComparison.Ordinal)
        && !uri.Contains('\\', StringComparison.Ordinal);

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<ApplicationUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", $"Error: Unable to load user with ID '{userManager.GetUserId(context.User)}'.", context);
}
