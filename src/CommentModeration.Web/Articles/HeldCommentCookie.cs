using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CommentModeration.Web.Articles;

/// <summary>
/// Remembers, for one browser, the held comments it posted, so their author sees them marked
/// "awaiting moderation" and nobody else does (WordPress does the same with a cookie). The value
/// is protected: ids cannot be forged to peek at someone else's held comment.
/// </summary>
public sealed class HeldCommentCookie(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public const string Name = "cm_held";
    private const int MaxRemembered = 20;
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("CommentModeration.HeldComments.v1");

    public static bool IsPresent(HttpRequest request) => request.Cookies.ContainsKey(Name);

    public IReadOnlyList<long> Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value)) return [];
        try
        {
            return _protector.Unprotect(value)
                .Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(id => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0)
                .Where(id => id > 0)
                .ToList();
        }
        catch (CryptographicException)
        {
            return [];
        }
    }

    public void Remember(HttpContext context, long commentId)
    {
        var ids = Read(context.Request).Append(commentId).Distinct().TakeLast(MaxRemembered);
        var value = _protector.Protect(string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture))));
        context.Response.Cookies.Append(Name, value, new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/",
            Expires = clock.GetUtcNow() + Lifetime,
        });
    }
}
