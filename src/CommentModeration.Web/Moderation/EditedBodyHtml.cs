using System.Net;
using System.Text;

namespace CommentModeration.Web.Moderation;

/// <summary>
/// The HTML of a moderator-edited body: paragraphs of encoded text (blank lines separate
/// paragraphs, single line breaks kept). At merge this should defer to the reader side's
/// sanitizing comment renderer so edited comments look like any other.
/// </summary>
public static class EditedBodyHtml
{
    public static string Render(string text)
    {
        var html = new StringBuilder();
        var paragraphs = text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph).Replace("\n", "<br>")).Append("</p>");
        }
        return html.ToString();
    }
}
