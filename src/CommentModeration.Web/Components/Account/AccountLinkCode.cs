using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace CommentModeration.Web.Components.Account;

/// <summary>
/// The token a mailed account link carries (confirm, reset, change email), base64url-encoded.
/// A link cut short or typed by hand is not a token: it reads as none, so the page answers
/// "invalid link" instead of failing.
/// </summary>
public static class AccountLinkCode
{
    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
