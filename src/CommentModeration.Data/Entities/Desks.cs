namespace CommentModeration.Data.Entities;

/// <summary>A moderator assigned to a desk (an article section): their queue opens on their desks.</summary>
public sealed class ModeratorDesk
{
    public string UserId { get; set; } = "";
    public string Section { get; set; } = "";
}

/// <summary>
/// A moderator has a comment open: others' j/k skip it and their pages say who is on it. One row per
/// comment, taken only when free or expired, so two servers cannot both hand it out; renewed while open.
/// </summary>
public sealed class QueueClaim
{
    public long CommentId { get; set; }
    public string ClaimantId { get; set; } = "";
    public string ClaimantName { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
}
