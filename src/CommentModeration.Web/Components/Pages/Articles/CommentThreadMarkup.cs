using System.Text;
using System.Text.Encodings.Web;
using CommentModeration.Web.Articles;
using Microsoft.AspNetCore.Components;

namespace CommentModeration.Web.Components.Pages.Articles;

/// <summary>
/// Writes a page of threads as WordPress's comment-list markup. Written directly rather than
/// through a component per comment: fifty CommentItem components through Blazor's renderer cost
/// more than the rest of the page whenever a page was written anew (a shared page filled, a
/// reader's held threads). Every reader-supplied value is encoded here;
/// bodies are the HTML sanitized when the comment was stored.
/// </summary>
public static class CommentThreadMarkup
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    private const string ListStart = "<ol class=\"comment-list\">";
    private const string ListEnd = "</ol>";

    /// <summary>
    /// The list in parts, one per thread between its opening and closing tags: a page written
    /// as one string (about 100 KB for fifty comments) went to the large-object heap on every
    /// view rendered for one reader, and its collections cost more than the writing. Parts are
    /// shared: a reader with a held comment gets the threads without one as everyone does.
    /// </summary>
    public static IReadOnlyList<MarkupString> Render(IReadOnlyList<CommentNode> threads, string articleSlug, int pageNumber) =>
        List(threads.Select(thread => RenderThread(thread, articleSlug, pageNumber)));

    /// <summary>One thread, its root and every reply under it.</summary>
    public static MarkupString RenderThread(CommentNode thread, string articleSlug, int pageNumber)
    {
        var html = new StringBuilder(4096);
        WriteComment(html, thread, articleSlug, pageNumber);
        return new MarkupString(html.ToString());
    }

    /// <summary>The comment list around its threads; nothing at all when there are none.</summary>
    public static IReadOnlyList<MarkupString> List(IEnumerable<MarkupString> threads)
    {
        List<MarkupString> parts = [new(ListStart), .. threads];
        if (parts.Count == 1) return [];
        parts.Add(new MarkupString(ListEnd));
        return parts;
    }

    private static void WriteComment(StringBuilder html, CommentNode node, string articleSlug, int pageNumber)
    {
        var comment = node.Comment;
        var url = ReaderFormat.SafeUrl(comment.AuthorUrl);

        html.Append("<li id=\"comment-").Append(comment.Id).Append("\" class=\"comment depth-").Append(node.Depth);
        if (node.Children.Count > 0) html.Append(" parent");
        if (comment.AwaitingModeration) html.Append(" unapproved");
        html.Append("\"><article id=\"div-comment-").Append(comment.Id).Append("\" class=\"comment-body\">")
            .Append("<footer class=\"comment-meta\"><div class=\"comment-author vcard\"><b class=\"fn\">");
        if (url is not null)
        {
            html.Append("<a href=\"");
            Encode(html, url);
            html.Append("\" rel=\"external nofollow ugc\" class=\"url\">");
            Encode(html, comment.AuthorName);
            html.Append("</a>");
        }
        else
        {
            Encode(html, comment.AuthorName);
        }
        html.Append("</b> <span class=\"says\">says:</span></div>")
            .Append("<div class=\"comment-metadata\"><a href=\"");
        Encode(html, ArticleUrls.Comment(articleSlug, pageNumber, comment.Id));
        html.Append("\"><time datetime=\"").Append(ReaderFormat.Iso(comment.CreatedAt)).Append("\">")
            .Append(ReaderFormat.DateTime(comment.CreatedAt)).Append("</time></a>");
        if (comment.EditedAt is not null) html.Append(" <span class=\"comment-edited\">(edited)</span>");
        html.Append("</div>");
        if (comment.AwaitingModeration)
        {
            html.Append("<em class=\"comment-awaiting-moderation\">Your comment is awaiting moderation.</em>");
        }
        html.Append("</footer><div class=\"comment-content\">").Append(comment.BodyHtml).Append("</div>");
        if (!comment.AwaitingModeration)
        {
            html.Append("<div class=\"reply\"><a rel=\"nofollow\" class=\"comment-reply-link\" href=\"");
            Encode(html, ArticleUrls.ReplyTo(articleSlug, pageNumber, comment.Id));
            html.Append("\" aria-label=\"Reply to ");
            Encode(html, comment.AuthorName);
            html.Append("\">Reply</a> <a rel=\"nofollow\" class=\"comment-report-link\" href=\"/comments/").Append(comment.Id)
                .Append("/report\" title=\"Report this reply by ");
            Encode(html, comment.AuthorName);
            html.Append(" to the moderators\">Report</a></div>");
        }
        html.Append("</article>");
        if (node.Children.Count > 0)
        {
            html.Append("<ol class=\"children\">");
            foreach (var child in node.Children) WriteComment(html, child, articleSlug, pageNumber);
            html.Append("</ol>");
        }
        html.Append("</li>");
    }

    /// <summary>Text and attribute values alike, as Blazor encodes them; a value with nothing to escape is appended as it is.</summary>
    private static void Encode(StringBuilder html, string value) => html.Append(Encoder.Encode(value));
}
