using System.Globalization;
using System.Text.RegularExpressions;

namespace CommentModeration.Web.Components.Pages.Articles;

/// <summary>How reader pages write dates and split staff-written article text.</summary>
public static partial class ReaderFormat
{
    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

    /// <summary>A comment's date and time as readers see it (UTC, invariant culture).</summary>
    public const string DateTimeFormat = "MMMM d, yyyy 'at' h:mm tt";

    /// <summary>A <c>datetime</c> attribute's value (UTC, invariant culture).</summary>
    public const string IsoFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString(IsoFormat, CultureInfo.InvariantCulture);

    public static IEnumerable<string> Paragraphs(string text) =>
        BlankLines().Split(text.Replace("\r\n", "\n")).Select(p => p.Trim()).Where(p => p.Length > 0);

    public static string CommentCount(int count) => count switch
    {
        0 => "No comments",
        1 => "1 comment",
        _ => count.ToString("N0", CultureInfo.InvariantCulture) + " comments",
    };

    /// <summary>An author's website as a link target: only absolute http and https addresses.</summary>
    public static string? SafeUrl(string url) =>
        Hosting.WebAddress.TryParse(url, out var parsed) ? parsed.AbsoluteUri : null;

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();
}
