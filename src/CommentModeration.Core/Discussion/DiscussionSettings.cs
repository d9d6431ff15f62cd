namespace CommentModeration.Core.Discussion;

/// <summary>
/// The site-wide discussion switches, with WordPress's defaults. Stored as one row; the
/// rule engine turns the moderation-related ones into built-in rules.
/// </summary>
public sealed class DiscussionSettings
{
    public const int MaxAuthorNameLength = 245;
    public const int MaxAuthorEmailLength = 100;
    public const int MaxAuthorUrlLength = 200;
    public const int MaxCommentLength = 65_525;

    public int Id { get; set; } = 1;

    public bool GuestsMayComment { get; set; } = true;
    public bool RequireNameAndEmail { get; set; } = true;

    /// <summary>Hold every comment for manual approval.</summary>
    public bool ManualApproval { get; set; }

    /// <summary>Hold a comment unless its author has a previously approved comment.</summary>
    public bool RequirePreviouslyApproved { get; set; } = true;

    /// <summary>Hold a comment with this many links or more; 0 turns the check off.</summary>
    public int HoldWhenLinksAtLeast { get; set; } = 2;

    /// <summary>One word or phrase a line; a match in any field holds the comment.</summary>
    public string ModerationKeys { get; set; } = "";

    /// <summary>One word or phrase a line; a match in any field sends the comment to spam.</summary>
    public string DisallowedKeys { get; set; } = "";

    /// <summary>Seconds within which a second comment from the same user, IP or email is refused.</summary>
    public int FloodIntervalSeconds { get; set; } = 15;

    /// <summary>Close comments on articles older than this many days; 0 turns it off.</summary>
    public int CloseCommentsAfterDays { get; set; }

    public int ThreadDepth { get; set; } = 5;
    public int CommentsPerPage { get; set; } = 50;

    /// <summary>
    /// Readers' reports that hide a published comment until reviewed: each guest (one network or
    /// browser) counts 1, a signed-in reader 1, one in good standing 2; guests do not count on a
    /// comment a moderator approved.
    /// </summary>
    public int ReportsToHide { get; set; } = 3;

    /// <summary>An admin may purge spam older than this many days.</summary>
    public int PurgeSpamAfterDays { get; set; } = 30;

    public bool NotifyAuthorsOfDecisions { get; set; } = true;
}
