namespace CommentModeration.Core.Comments;

/// <summary>What a comment is: one a reader wrote, or a notice that another site linked to the article (kept from a WordPress import).</summary>
public enum CommentKind
{
    Comment = 0,
    Pingback = 1,
    Trackback = 2,
}
