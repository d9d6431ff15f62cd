using System.Net;

namespace CommentModeration.Web.Seeding;

/// <summary>Seeded text as stored, rendered HTML: encoded, one &lt;p&gt; per paragraph (no markup in seeded text).</summary>
internal static class PlainTextHtml
{
    public static string Paragraphs(string text) =>
        string.Concat(text.ReplaceLineEndings("\n")
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => "<p>" + WebUtility.HtmlEncode(p).Replace("\n", "<br>") + "</p>"));
}
