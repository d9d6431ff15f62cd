using System.Diagnostics.CodeAnalysis;

namespace CommentModeration.Web.Hosting;

/// <summary>The one test of a web address the site takes from people: absolute, http or https, with a host.</summary>
public static class WebAddress
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out Uri? uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    public static bool IsValid(string? text) => TryParse(text, out _);
}
