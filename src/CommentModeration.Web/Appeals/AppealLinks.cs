using System.Globalization;
using System.Security.Cryptography;
using CommentModeration.Web.Mail;
using Microsoft.AspNetCore.DataProtection;

namespace CommentModeration.Web.Appeals;

/// <summary>
/// The appeal link of a statement of reasons: a token this site signed naming the decision (its audit
/// row), so a guest appeals without an account and nobody appeals against another's decision by
/// changing a number. How long it may be used is the appeal window, checked where the appeal is filed.
/// </summary>
public sealed class AppealLinks(IDataProtectionProvider protection, SiteAddress site)
{
    public const string FormPath = "/appeals/new";

    private readonly IDataProtector _tokens = protection.CreateProtector("CommentModeration.Appeals.Decision");

    public string TokenFor(long decisionEventId) => _tokens.Protect(decisionEventId.ToString(CultureInfo.InvariantCulture));

    public string UrlFor(long decisionEventId) => site.Absolute($"{FormPath}?token={Uri.EscapeDataString(TokenFor(decisionEventId))}");

    /// <summary>The decision a token names; null for one this site did not make.</summary>
    public long? DecisionOf(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            return long.TryParse(_tokens.Unprotect(token), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
