using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;

namespace CommentModeration.Web.Articles;

/// <summary>
/// Turns a comment as written into the HTML readers see: a small Markdown subset (paragraphs,
/// emphasis, links, quotes, code) with raw HTML off, then an allow-list sanitizer. Run once on
/// write; the result is stored in Comment.BodyHtml and never re-rendered on read.
/// </summary>
public sealed class CommentBodyRenderer
{
    public const string LinkRel = "nofollow ugc noopener";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private readonly HtmlSanitizer _sanitizer;

    public CommentBodyRenderer()
    {
        _sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "p", "br", "em", "strong", "a", "blockquote", "code", "pre" },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(),
        })
        {
            // Headings, lists and images the subset does not offer become their plain text.
            KeepChildNodes = true,
        };
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link) link.SetAttribute("rel", LinkRel);
        };
    }

    public string Render(string markdown)
    {
        var html = Markdown.ToHtml(markdown, Pipeline);
        return Sanitize(html);
    }

    /// <summary>HTML from elsewhere (a WordPress import) through the same allow-list as every comment.</summary>
    public string Sanitize(string html) => _sanitizer.Sanitize(html).Trim();
}
