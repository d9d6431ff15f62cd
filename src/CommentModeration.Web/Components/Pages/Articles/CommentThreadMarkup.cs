using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using CommentModeration.Core.Discussion;
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
    // Text and attribute values alike, as Blazor encodes them; a value with nothing to escape comes back as it is.
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
        Render(threads, new ThreadLinks(articleSlug, pageNumber, namePage: pageNumber > 1, repliesOpen: true));

    /// <summary>The threads with only the replies in <paramref name="shown"/> (every reply when null), and a link to the rest (<see cref="ReplyBounds"/>).</summary>
    public static IReadOnlyList<MarkupString> Render(IReadOnlyList<CommentNode> threads, ThreadLinks links, ShownReplies? shown = null) =>
        List(threads.Select(thread => Write(thread, links, editable: null, shown)));

    /// <summary>One thread, its root and the replies in <paramref name="shown"/> (every one when null); the comments in <paramref name="editable"/> (the reader's own, within the edit window) get an Edit link.</summary>
    public static MarkupString RenderThread(CommentNode thread, ThreadLinks links, IReadOnlySet<long>? editable = null, ShownReplies? shown = null) =>
        Write(thread, links, editable, shown);

    /// <summary>The comment list around its threads; nothing at all when there are none.</summary>
    public static IReadOnlyList<MarkupString> List(IEnumerable<MarkupString> threads)
    {
        List<MarkupString> parts = [new(ListStart), .. threads];
        if (parts.Count == 1) return [];
        parts.Add(new MarkupString(ListEnd));
        return parts;
    }

    // One builder per thread of the pool, written into and copied out once per thread of
    // comments: a builder per thread of comments was most of what a page allocated.
    [ThreadStatic] private static StringBuilder? t_builder;

    private static MarkupString Write(CommentNode thread, ThreadLinks links, IReadOnlySet<long>? editable, ShownReplies? shown)
    {
        var html = t_builder ?? new StringBuilder(16 * 1024);
        t_builder = null;
        html.Clear();
        WriteComment(html, thread, links, editable, shown);
        var markup = new MarkupString(html.ToString());
        // A builder grown by an unusually long thread is let go rather than kept.
        if (html.Capacity <= 64 * 1024) t_builder = html;
        return markup;
    }

    /// <summary>A date formatted straight into the markup, without a string of its own.</summary>
    private static StringBuilder AppendDate(StringBuilder html, DateTime at, string format)
    {
        Span<char> text = stackalloc char[64];
        return at.TryFormat(text, out var written, format, CultureInfo.InvariantCulture)
            ? html.Append(text[..written])
            : html.Append(at.ToString(format, CultureInfo.InvariantCulture));
    }

    private static void WriteComment(StringBuilder html, CommentNode node, ThreadLinks links, IReadOnlySet<long>? editable, ShownReplies? shown)
    {
        var comment = node.Comment;
        var url = comment.AuthorUrl.Length == 0 ? null : ReaderFormat.SafeUrl(comment.AuthorUrl);
        var name = Encoder.Encode(comment.AuthorName);
        var createdAt = comment.CreatedAt.UtcDateTime;

        html.Append("<li id=\"comment-").Append(comment.Id).Append("\" class=\"comment depth-").Append(node.Depth);
        if (node.Children.Count > 0) html.Append(" parent");
        if (comment.AwaitingModeration) html.Append(" unapproved");
        html.Append("\"><article id=\"div-comment-").Append(comment.Id).Append("\" class=\"comment-body\">")
            .Append("<footer class=\"comment-meta\"><div class=\"comment-author vcard\"><b class=\"fn\">");
        // The name is isolated (<bdi>), so no direction in it runs on into "says:" or the date.
        if (url is not null)
        {
            html.Append("<a href=\"").Append(Encoder.Encode(url)).Append("\" rel=\"external nofollow ugc\" class=\"url\"><bdi>").Append(name).Append("</bdi></a>");
        }
        else
        {
            html.Append("<bdi>").Append(name).Append("</bdi>");
        }
        html.Append("</b> <span class=\"says\">says:</span></div>")
            .Append("<div class=\"comment-metadata\"><a href=\"").Append(links.Comment).Append(comment.Id)
            .Append("\"><time datetime=\"");
        AppendDate(html, createdAt, ReaderFormat.IsoFormat).Append("\">");
        AppendDate(html, createdAt, ReaderFormat.DateTimeFormat).Append("</time></a>");
        if (comment.EditedAt is not null) html.Append(" <span class=\"comment-edited\">(edited)</span>");
        html.Append("</div>");
        if (comment.AwaitingModeration)
        {
            html.Append("<em class=\"comment-awaiting-moderation\">Your comment is awaiting moderation.</em>");
        }
        html.Append("</footer><div class=\"comment-content\">").Append(comment.BodyHtml).Append("</div>");
        var mayEdit = editable?.Contains(comment.Id) == true;
        if (!comment.AwaitingModeration || mayEdit)
        {
            html.Append("<div class=\"reply\">");
            if (!comment.AwaitingModeration)
            {
                if (links.ReplyTo is not null)
                {
                    html.Append("<a rel=\"nofollow\" class=\"comment-reply-link\" href=\"")
                        .Append(links.ReplyTo).Append(comment.Id).Append(ArticleUrls.ReplyToSuffix)
                        .Append("\" aria-label=\"Reply to ").Append(name).Append("\">Reply</a> ");
                }
                html.Append("<a rel=\"nofollow\" class=\"comment-report-link\" href=\"/comments/").Append(comment.Id)
                    .Append("/report\" title=\"Report this reply by ").Append(name)
                    .Append(" to the moderators\">Report</a>");
                if (mayEdit) html.Append(' ');
            }
            if (mayEdit)
            {
                html.Append("<a rel=\"nofollow\" class=\"comment-edit-link\" href=\"").Append(ArticleUrls.EditComment(comment.Id))
                    .Append("\" title=\"You can edit your comment for a few minutes after posting\">Edit</a>");
            }
            html.Append("</div>");
        }
        html.Append("</article>");
        if (node.Children.Count > 0)
        {
            var hiddenFrom = shown?.FirstHidden(node) ?? -1;
            var anyShown = false;
            foreach (var child in node.Children)
            {
                if (shown is not null && !shown.Contains(child.Comment.Id)) continue;
                if (!anyShown) html.Append("<ol class=\"children\">");
                anyShown = true;
                WriteComment(html, child, links, editable, shown);
            }
            if (hiddenFrom >= 0)
            {
                if (!anyShown) html.Append("<ol class=\"children\">");
                WriteMoreLink(html, node, hiddenFrom, continues: !anyShown, links);
            }
            if (anyShown || hiddenFrom >= 0) html.Append("</ol>");
        }
        html.Append("</li>");
    }

    /// <summary>
    /// The link to the replies of <paramref name="node"/> a page leaves out, from the
    /// <paramref name="from"/>-th on: their thread view, which the replies script loads in place.
    /// </summary>
    private static void WriteMoreLink(StringBuilder html, CommentNode node, int from, bool continues, ThreadLinks links)
    {
        var count = ShownReplies.CountFrom(node, from);
        var noun = count == 1 ? "reply" : "replies";
        html.Append("<li class=\"comment-more\"><a class=\"comment-more-link\" data-parent=\"").Append(node.Comment.Id)
            .Append("\" href=\"").Append(links.Thread).Append(node.Comment.Id);
        if (from > 0) html.Append("?from=").Append(from);
        html.Append("\">");
        if (continues) html.Append("Continue this thread (").Append(count).Append(' ').Append(noun).Append(')');
        else html.Append(count).Append(" more ").Append(noun);
        html.Append("</a></li>");
    }
}

/// <summary>
/// The link prefixes of one comment page, HTML-encoded once per page rather than once per comment:
/// each comment's address on the page, and the reply link, which a closed article does not offer.
/// </summary>
public sealed class ThreadLinks
{
    public ThreadLinks(string articleSlug, int pageNumber, bool namePage, bool repliesOpen)
        : this(articleSlug, ArticleUrls.CommentPrefix(articleSlug, pageNumber), ArticleUrls.ReplyToPrefix(articleSlug, namePage ? pageNumber : null), repliesOpen)
    {
    }

    private ThreadLinks(string articleSlug, string commentPrefix, string replyToPrefix, bool repliesOpen)
    {
        Comment = HtmlEncoder.Default.Encode(commentPrefix);
        ReplyTo = repliesOpen ? HtmlEncoder.Default.Encode(replyToPrefix) : null;
        Thread = HtmlEncoder.Default.Encode(ArticleUrls.ThreadPrefix(articleSlug));
    }

    /// <summary>
    /// The links of a comment's thread view: each comment's address on the view itself, and reply
    /// links to the page the article opens on, where the reply form is.
    /// </summary>
    public static ThreadLinks OfView(ArticleDetails article, long headId, int from) =>
        new(article.Slug, ArticleUrls.Thread(article.Slug, headId, from) + "#comment-", ArticleUrls.ReplyToPrefix(article.Slug, null), !article.CommentsClosed);

    /// <summary>
    /// The links of a page of this article under these settings. A reply link names its page
    /// unless the article's address shows that page anyway (the first, when articles open on it).
    /// </summary>
    public static ThreadLinks Of(ArticleDetails article, int pageNumber, DiscussionSettings settings) =>
        new(article.Slug, pageNumber, namePage: pageNumber > 1 || settings.CommentLandingPage != CommentLandingPage.First, repliesOpen: !article.CommentsClosed);

    public string Comment { get; }

    /// <summary>Null on a closed article.</summary>
    public string? ReplyTo { get; }

    /// <summary>A comment's thread view up to its id.</summary>
    public string Thread { get; }
}
