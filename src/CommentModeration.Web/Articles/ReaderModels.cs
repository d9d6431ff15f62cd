using System.Globalization;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;

namespace CommentModeration.Web.Articles;

/// <summary>One line of the home page.</summary>
public sealed record ArticleSummary(long Id, string Slug, string Title, string Excerpt, DateTimeOffset PublishedAt, int CommentCount);

/// <summary>The article as its page shows it.</summary>
public sealed record ArticleDetails(
    long Id, string Slug, string Title, string Body, string AuthorName, string? AuthorUserId,
    DateTimeOffset PublishedAt, CommentPolicy Policy, int CommentCount, int ThreadCount, bool CommentsClosed)
{
    public string Url => ArticleUrls.Article(Slug);
}

/// <summary>A comment in its thread: its display depth (1 = top level) and its replies, oldest first.</summary>
public sealed class CommentNode(CommentView comment, int depth)
{
    public CommentView Comment { get; } = comment;
    public int Depth { get; } = depth;
    public List<CommentNode> Children { get; } = [];
}

/// <summary>One page of an article's threads.</summary>
public sealed record CommentPage(IReadOnlyList<CommentNode> Threads, int PageNumber, int PageCount, int TopLevelCount);

/// <summary>Who is reading: decides which held comments they may see, and which comments they may edit.</summary>
public sealed record ReaderIdentity(string? UserId, IReadOnlyCollection<long> HeldCommentIds)
{
    public static readonly ReaderIdentity Anonymous = new(null, []);

    /// <summary>Comments this browser posted within the edit window (its own-comments cookie).</summary>
    public IReadOnlyCollection<long> OwnCommentIds { get; init; } = [];
}

/// <summary>An id as a reader's browser sends it (query, form field, cookie): digits only, positive, else none.</summary>
public static class ReaderIds
{
    public static long? Parse(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    /// <summary>An id no comment has: what a reply to something that cannot be a comment points at.</summary>
    public const long NoSuchComment = 0;

    /// <summary>
    /// A reply form's comment_parent: null for a new thread (absent, empty, or "0" as WordPress
    /// sends it), else the comment replied to; a value that cannot be a comment's id ("-5",
    /// "abc", 20 digits) is <see cref="NoSuchComment"/>, so the reply is refused as one to a
    /// comment that no longer exists rather than posted as a new thread.
    /// </summary>
    public static long? ParseParent(string? text) =>
        string.IsNullOrEmpty(text) || text == "0" ? null : Parse(text) ?? NoSuchComment;
}

public static class ArticleUrls
{
    public static string Article(string slug) => "/articles/" + Uri.EscapeDataString(slug);

    public static string CommentPage(string slug, int page) => $"{Article(slug)}?cpage={page}";

    public static string Comment(string slug, int page, long commentId) => $"{CommentPrefix(slug, page)}{commentId}";

    /// <summary>A comment's address on its page up to its id, to which the id is appended.</summary>
    public static string CommentPrefix(string slug, int page) => $"{CommentPage(slug, page)}#comment-";

    public static string ReplyTo(string slug, int page, long commentId) => $"{ReplyToPrefix(slug, page)}{commentId}{ReplyToSuffix}";

    /// <summary>The no-JavaScript reply link up to the comment's id; <see cref="ReplyToSuffix"/> follows the id.</summary>
    public static string ReplyToPrefix(string slug, int page) =>
        page > 1 ? $"{Article(slug)}?cpage={page}&replytocom=" : $"{Article(slug)}?replytocom=";

    public const string ReplyToSuffix = "#respond";

    /// <summary>Where the author edits their comment within the edit window.</summary>
    public static string EditComment(long commentId) => $"/comments/{commentId}/edit";
}
