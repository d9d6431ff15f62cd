using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CommentModeration.Web.Articles;

namespace CommentModeration.Web.WordPress;

/// <summary>
/// WordPress's stored HTML as this site keeps it. WordPress stores content with blank lines where
/// it shows paragraphs (its wpautop adds the &lt;p&gt; on display); articles here are plain text
/// paragraphs, and comments keep the markup the site's comment sanitizer allows.
/// </summary>
public sealed partial class WordPressHtml(CommentBodyRenderer renderer)
{
    private static readonly HtmlParser Parser = new();

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "header", "footer", "aside", "blockquote", "pre", "figure", "figcaption",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "hr", "address",
    };

    private static readonly HashSet<string> Unseen = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "head", "title",
    };

    /// <summary>The text a reader would read, in paragraphs separated by blank lines: no markup survives.</summary>
    public static string Paragraphs(string html)
    {
        var document = Parser.ParseDocument("<body>" + html);
        var text = new ParagraphWriter();
        text.Walk(document.Body!);
        return text.ToString();
    }

    /// <summary>
    /// A comment's text (what rules, search and editors work on) and its HTML as readers see it:
    /// paragraphs where WordPress shows them, then the site's sanitizer. Plain text, most comments,
    /// needs neither parser nor sanitizer: encoding it is the whole work.
    /// </summary>
    public (string Text, string Html) Comment(string content)
    {
        if (content.AsSpan().IndexOfAny('<', '&') < 0)
        {
            var paragraphs = BlankLines().Split(content.ReplaceLineEndings("\n").Trim()).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
            return (string.Join("\n\n", paragraphs),
                string.Concat(paragraphs.Select(p => "<p>" + System.Net.WebUtility.HtmlEncode(p).Replace("\n", "<br>\n") + "</p>")));
        }
        var html = renderer.Sanitize(AutoParagraphs(WithoutUnseen(content)));
        return (SanitizedText(html), html);
    }

    /// <summary>The content without scripts, styles and the like: the sanitizer keeps the text of tags it drops, which for these is code, not text.</summary>
    private static string WithoutUnseen(string content)
    {
        if (!UnseenTag().IsMatch(content)) return content;
        var document = Parser.ParseDocument("<body>" + content);
        var unseen = document.Body!.QuerySelectorAll("*").Where(e => Unseen.Contains(e.LocalName)).ToList();
        if (unseen.Count == 0) return content;
        foreach (var element in unseen) element.Remove();
        return document.Body.InnerHtml;
    }

    /// <summary>Content without block markup gets a &lt;p&gt; per blank-line paragraph and a &lt;br&gt; per line, as WordPress shows it.</summary>
    private static string AutoParagraphs(string content)
    {
        var text = content.ReplaceLineEndings("\n").Trim();
        if (BlockTag().IsMatch(text)) return text;
        return string.Concat(BlankLines().Split(text)
            .Select(p => p.Trim())
            .Where(p => p.Length > 0)
            .Select(p => "<p>" + p.Replace("\n", "<br>\n") + "</p>"));
    }

    [GeneratedRegex(@"<(p|div|blockquote|pre|ul|ol|h[1-6])[\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"<(script|style|template|noscript|iframe|object|embed|svg|math|head|title)\b", RegexOptions.IgnoreCase)]
    private static partial Regex UnseenTag();

    /// <summary>
    /// The text of the sanitizer's output, which holds only its few tags, well formed: paragraphs and
    /// quotes end a paragraph, a break ends a line, other tags go and entities are decoded.
    /// </summary>
    private static string SanitizedText(string html)
    {
        var text = SanitizedBreak().Replace(SanitizedBlockEnd().Replace(html, "\n\n"), "\n");
        text = System.Net.WebUtility.HtmlDecode(AnyTag().Replace(text, ""));
        return string.Join("\n\n", BlankLines().Split(text.Trim()).Select(p => LineEdges().Replace(p.Trim(), "\n")).Where(p => p.Length > 0));
    }

    [GeneratedRegex(@"</(p|blockquote|pre)>", RegexOptions.IgnoreCase)]
    private static partial Regex SanitizedBlockEnd();

    [GeneratedRegex(@"<br\s*/?>\n?", RegexOptions.IgnoreCase)]
    private static partial Regex SanitizedBreak();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex AnyTag();

    private sealed class ParagraphWriter
    {
        private readonly StringBuilder _all = new();
        private readonly StringBuilder _paragraph = new();

        public void Walk(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                switch (child)
                {
                    case IText text:
                        AddText(text.Data);
                        break;
                    case IElement element when Unseen.Contains(element.LocalName):
                        break;
                    case IElement { LocalName: "br" }:
                        _paragraph.Append('\n');
                        break;
                    case IElement element when Blocks.Contains(element.LocalName):
                        EndParagraph();
                        Walk(element);
                        EndParagraph();
                        break;
                    case IElement element:
                        Walk(element);
                        break;
                }
            }
        }

        /// <summary>Blank lines end a paragraph (WordPress's own rule); other white space is one space.</summary>
        private void AddText(string data)
        {
            var parts = BlankLines().Split(data.ReplaceLineEndings("\n"));
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0) EndParagraph();
                var collapsed = Spaces().Replace(parts[i], " ");
                if (_paragraph.Length == 0 || _paragraph[^1] == '\n') collapsed = collapsed.TrimStart();
                _paragraph.Append(collapsed);
            }
        }

        private void EndParagraph()
        {
            var paragraph = LineEdges().Replace(_paragraph.ToString(), "\n").Trim();
            _paragraph.Clear();
            if (paragraph.Length == 0) return;
            if (_all.Length > 0) _all.Append("\n\n");
            _all.Append(paragraph);
        }

        public override string ToString()
        {
            EndParagraph();
            return _all.ToString();
        }
    }

    [GeneratedRegex(@"[ \t\f\v\n\r]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@" *\n *")]
    private static partial Regex LineEdges();
}
