using System.Security.Cryptography;
using System.Text;

namespace CommentModeration.Web.Webhooks;

/// <summary>
/// The signature every delivery carries, the scheme GitHub and Stripe use:
/// <c>X-CommentModeration-Signature: t=UNIX_SECONDS,v1=HEX(HMAC-SHA256(secret, "t.body"))</c>.
/// The time inside the signed text lets a receiver refuse an old request replayed.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-CommentModeration-Signature";

    public static string Of(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return $"t={unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }
}
