using CommentModeration.Data.Entities;

namespace CommentModeration.Web.Moderation;

/// <summary>
/// What a notice of illegal content must carry besides the comment (EU Digital Services Act, Art. 16(2)):
/// the legal ground (law and article, and the country), an explanation (the report's text), the
/// reporter's name and email, and their statement that they believe it in good faith.
/// </summary>
public sealed record ReportNotice(string? LegalGround, string? Country, string? ReporterName, string? ReporterEmail, bool GoodFaith)
{
    public const int MaxEmailLength = 256;

    /// <summary>The first thing missing or wrong in a report of <paramref name="reason"/> with <paramref name="text"/>, said plainly; null when it may be sent.</summary>
    public static string? Problem(ReportReason reason, string? text, ReportNotice? notice)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length > ReaderReports.MaxTextLength)
            return $"Please keep the details under {ReaderReports.MaxTextLength} characters (you wrote {trimmed.Length}).";
        if (reason != ReportReason.IllegalContent) return null;
        var ground = notice?.LegalGround?.Trim() ?? "";
        var country = notice?.Country?.Trim() ?? "";
        var name = notice?.ReporterName?.Trim() ?? "";
        var email = notice?.ReporterEmail?.Trim() ?? "";
        if (ground.Length == 0) return "Name the law and article the comment breaks (for example \"StGB § 130\").";
        if (ground.Length > Report.MaxLegalGroundLength) return $"Please keep the legal ground under {Report.MaxLegalGroundLength} characters.";
        if (country.Length == 0) return "Name the country whose law it is.";
        if (country.Length > Report.MaxCountryLength) return $"Please keep the country under {Report.MaxCountryLength} characters.";
        if (trimmed.Length == 0) return "Explain why the comment is illegal.";
        if (name.Length == 0) return "Give your name: a notice of illegal content needs it.";
        if (name.Length > Report.MaxReporterNameLength) return $"Please keep your name under {Report.MaxReporterNameLength} characters.";
        if (!IsEmail(email)) return "Give your email address: we send the receipt and the outcome there.";
        if (notice?.GoodFaith != true) return "Confirm that you believe, in good faith, that the information in this notice is accurate and complete.";
        return null;
    }

    private static bool IsEmail(string email) =>
        email.Length is > 0 and <= MaxEmailLength && MimeKit.MailboxAddress.TryParse(email, out var parsed) && parsed.Address == email && email.Contains('@', StringComparison.Ordinal);
}
