namespace CommentModeration.Core.Comments;

/// <summary>Where a stored comment stands. Nothing is hard-deleted: rejection is a status.</summary>
public enum CommentStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
    Spam = 3,
}

/// <summary>An article's own rule for replies.</summary>
public enum CommentPolicy
{
    Open = 0,
    PreModerated = 1,
    Closed = 2,
}

/// <summary>How moderators have placed an author (a user, or a guest by email).</summary>
public enum AuthorStandingLevel
{
    Normal = 0,
    Trusted = 1,
    PreModerated = 2,
    Suspended = 3,
    Banned = 4,
}
