using CommentModeration.Core.Comments;

namespace CommentModeration.Data.Entities;

public sealed class Article
{
    public long Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string Excerpt { get; set; } = "";

    /// <summary>Paragraphs of plain text separated by blank lines (staff-written, encoded on output).</summary>
    public string Body { get; set; } = "";
    public string AuthorName { get; set; } = "";

    /// <summary>The newsroom's section (desk) the story belongs to, e.g. "Politics"; null when none. Moderators are assigned to desks.</summary>
    public string? Section { get; set; }
    public string? AuthorUserId { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public CommentPolicy CommentPolicy { get; set; }

    /// <summary>Published (approved and not hidden) comments, maintained on every status change.</summary>
    public int ApprovedCommentCount { get; set; }

    /// <summary>Published top-level comments: the threads its comment pages are counted in, maintained with the count above.</summary>
    public int PublishedThreadCount { get; set; }

    /// <summary>The WordPress site an imported article came from (its base blog URL); null when written here.</summary>
    public string? SourceSite { get; set; }

    /// <summary>Its WordPress post id on <see cref="SourceSite"/>: what a second import of the same site recognises it by.</summary>
    public long? SourcePostId { get; set; }

    /// <summary>The story's address on the CMS that registered it through the API; null when written here.</summary>
    public string? CanonicalUrl { get; set; }
}
