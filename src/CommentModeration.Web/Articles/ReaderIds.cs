using System.Globalization;

namespace CommentModeration.Web.Articles;

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
