using CommentModeration.Core.Comments;

namespace CommentModeration.Data.Comments;

/// <summary>A comment as a reader sees it: already-sanitized body, nothing the reader may not see.</summary>
public sealed record CommentView(
    long Id, long? ParentId, long ThreadRootId, string AuthorName, string AuthorUrl,
    DateTimeOffset CreatedAt, string BodyHtml, CommentStatus Status, DateTimeOffset? EditedAt)
{
    public bool AwaitingModeration => Status == CommentStatus.Pending;
}
