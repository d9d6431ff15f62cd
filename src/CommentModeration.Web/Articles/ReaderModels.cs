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
