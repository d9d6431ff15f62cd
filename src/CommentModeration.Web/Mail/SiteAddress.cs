using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CommentModeration.Web.Mail;

/// <summary>
/// The site's public address, which every link in a mail starts with: Site:PublicUrl, or else the
/// first address the server listens on (a wildcard host read as localhost). Never the Host header
/// of the request that caused the mail: a forged one would put someone else's site into a
/// password-reset mail.
/// </summary>
public sealed class SiteAddress(Uri? configured, IServiceProvider services)
{
    public const string ConfigurationKey = "Site:PublicUrl";

    /// <summary>With a trailing slash, so that relative links keep a path the site is served under.</summary>
    public Uri Base => configured ?? ListeningAddress();

    /// <summary>The absolute form of a link within the site, e.g. "/articles/x#comment-3" or "Account/ConfirmEmail?…".</summary>
    public string Absolute(string link) => new Uri(Base, link.TrimStart('/')).AbsoluteUri;

    /// <summary>Site:PublicUrl checked at start: an absolute http(s) address, or unset.</summary>
    public static Uri? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new InvalidOperationException($"{ConfigurationKey} must be the site's address as readers reach it, starting with http:// or https:// (e.g. https://comments.example.com/); it is \"{value}\".");
        }
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private Uri ListeningAddress()
    {
        var first = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (first is null) return new Uri("http://localhost/");
        var address = BindingAddress.Parse(first);
        var host = address.Host is "+" or "*" or "0.0.0.0" or "[::]" or "::" ? "localhost" : address.Host;
        return new UriBuilder(address.Scheme, host, address.Port, address.PathBase + "/").Uri;
    }
}
