namespace CommentModeration.Web.Articles;

/// <summary>The reader site's addresses: an article, its comment pages, a comment, the reply and edit links.</summary>
public static class ArticleUrls
{
    public static string Article(string slug) => "/articles/" + Uri.EscapeDataString(slug);

    public static string CommentPage(string slug, int page) => $"{Article(slug)}?cpage={page}";

    public static string Comment(string slug, int page, long commentId) => $"{CommentPrefix(slug, page)}{commentId}";

    /// <summary>A comment's address on its page up to its id, to which the id is appended.</summary>
    public static string CommentPrefix(string slug, int page) => $"{CommentPage(slug, page)}#comment-";

    public static string ReplyTo(string slug, int page, long commentId) => $"{ReplyToPrefix(slug, page > 1 ? page : null)}{commentId}{ReplyToSuffix}";

    /// <summary>The no-JavaScript reply link up to the comment's id, on the given page or (null) the one the article opens on; <see cref="ReplyToSuffix"/> follows the id.</summary>
    public static string ReplyToPrefix(string slug, int? page) =>
        page is { } number ? $"{Article(slug)}?cpage={number}&replytocom=" : $"{Article(slug)}?replytocom=";

    public const string ReplyToSuffix = "#respond";

    /// <summary>Where the reply form posts: the page it is on (named, or null for the one the article opens on), landing on the form when the post is refused.</summary>
    public static string Respond(string slug, int? page) => (page is { } number ? CommentPage(slug, number) : Article(slug)) + ReplyToSuffix;

    /// <summary>
    /// A comment's thread view: the comment and its replies from the <paramref name="from"/>-th
    /// published one on, each with its own replies, where the links of a page that leaves replies out lead.
    /// </summary>
    public static string Thread(string slug, long commentId, int from = 0) =>
        from > 0 ? $"{ThreadPrefix(slug)}{commentId}?from={from}" : $"{ThreadPrefix(slug)}{commentId}";

    /// <summary>A comment's thread view up to the comment's id.</summary>
    public static string ThreadPrefix(string slug) => $"{Article(slug)}/comments/";

    /// <summary>Where the author edits their comment within the edit window.</summary>
    public static string EditComment(long commentId) => $"/comments/{commentId}/edit";
}
