namespace CommentModeration.Web.WordPress;

/// <summary>The exporting site, as the file's channel names it: its address keys every article imported from it.</summary>
public sealed record WxrSite(string Title, string Address);

/// <summary>One &lt;item&gt; of a WordPress export (a post, page, attachment, menu item…), with its comments.</summary>
public sealed record WxrPost(
    int Line,
    long Id,
    string Type,
    string Status,
    string Title,
    string Name,
    string Link,
    DateTimeOffset Date,
    string Creator,
    string Content,
    string Excerpt,
    bool CommentsOpen,
    bool HasPassword,
    IReadOnlyList<WxrComment> Comments)
{
    /// <summary>
    /// The hidden post meta this site's export writes for an article held for moderation, which
    /// WordPress (open or closed only) keeps without showing; read back, the article is pre-moderated again.
    /// </summary>
    public const string PreModeratedMetaKey = "_comment_moderation_policy";

    public bool PreModerated { get; init; }

    /// <summary>Its first category (WordPress's sections), which becomes the article's desk; null when it has none.</summary>
    public string? Section { get; init; }
}

/// <summary>One &lt;wp:comment&gt;; <see cref="ParentId"/> is 0 for a top-level comment.</summary>
public sealed record WxrComment(
    int Line,
    long Id,
    long ParentId,
    string AuthorName,
    string AuthorEmail,
    string AuthorUrl,
    string Ip,
    DateTimeOffset Date,
    string Content,
    WxrCommentStatus Status,
    Core.Comments.CommentKind Kind);

/// <summary>What WordPress's comment_approved says, as this site keeps it.</summary>
public enum WxrCommentStatus
{
    Approved,
    Pending,
    Spam,
    /// <summary>trash, or post-trashed: kept as rejected.</summary>
    Trash,
}

/// <summary>A file or entry that is not a WordPress export as expected, at a line of the file.</summary>
public sealed class WxrFormatException(int line, string message) : Exception($"Line {line}: {message}")
{
    public int Line { get; } = line;
}
