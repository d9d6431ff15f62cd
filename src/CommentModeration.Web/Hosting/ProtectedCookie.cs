using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CommentModeration.Web.Hosting;

/// <summary>A cookie whose value is protected with data protection: the browser can neither read nor forge it. HttpOnly, and Secure when the request came over HTTPS.</summary>
public static class ProtectedCookie
{
    /// <summary>The plain value; null when the cookie is missing or was not protected by <paramref name="protector"/> (forged, or from a lost key).</summary>
    public static string? Read(HttpRequest request, string name, IDataProtector protector)
    {
        if (!request.Cookies.TryGetValue(name, out var value) || string.IsNullOrEmpty(value)) return null;
        try
        {
            return protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public static void Write(HttpContext context, string name, IDataProtector protector, string plain, DateTimeOffset expires, SameSiteMode sameSite, string path = "/") =>
        context.Response.Cookies.Append(name, protector.Protect(plain), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = sameSite,
            Secure = context.Request.IsHttps,
            Path = path,
            Expires = expires,
        });
}
