using System.Text;
using System.Text.Encodings.Web;
using CommentModeration.Core.Rules;

namespace CommentModeration.Web.Admin;

/// <summary>Text with the runs a rule matched wrapped in &lt;mark&gt;: every character HTML-encoded, so user text never becomes markup.</summary>
public static class MatchHighlighting
{
    public static string ToHtml(string text, IEnumerable<MatchSpan> spans)
    {
        var ranges = spans
            .Select(s => (Start: Math.Clamp(s.Start, 0, text.Length), End: Math.Clamp(s.Start + s.Length, 0, text.Length)))
            .Where(r => r.End > r.Start)
            .OrderBy(r => r.Start)
            .ToList();
        var html = new StringBuilder(text.Length + ranges.Count * 13);
        var at = 0;
        foreach (var (start, end) in Merge(ranges))
        {
            html.Append(HtmlEncoder.Default.Encode(text[at..start]));
            html.Append("<mark>").Append(HtmlEncoder.Default.Encode(text[start..end])).Append("</mark>");
            at = end;
        }
        html.Append(HtmlEncoder.Default.Encode(text[at..]));
        return html.ToString();
    }

    private static IEnumerable<(int Start, int End)> Merge(List<(int Start, int End)> sorted)
    {
        if (sorted.Count == 0) yield break;
        var current = sorted[0];
        foreach (var next in sorted.Skip(1))
        {
            if (next.Start <= current.End) current = (current.Start, Math.Max(current.End, next.End));
            else
            {
                yield return current;
                current = next;
            }
        }
        yield return current;
    }
}
