namespace CommentModeration.Core.Discussion;

/// <summary>
/// The site-wide discussion switches, with WordPress's defaults. A value: equal when every
/// setting is, changed with <c>with</c>. Stored as one row; the rule engine turns the
/// moderation-related ones (the thresholds the rules file carries) into built-in rules.
/// </summary>
public sealed record DiscussionSettings
{
    public const int MaxAuthorNameLength = 245;
    public const int MaxAuthorEmailLength = 100;
    public const int MaxAuthorUrlLength = 200;
    public const int MaxCommentLength = 65_525;

    /// <summary>The id of the site's one row.</summary>
    public const int RowId = 1;

    public int Id { get; init; } = RowId;

    public bool GuestsMayComment { get; init; } = true;
    public bool RequireNameAndEmail { get; init; } = true;

    /// <summary>Hold every comment for manual approval.</summary>
    public bool ManualApproval { get; init; }

    /// <summary>Hold a comment unless its author has a previously approved comment.</summary>
    public bool RequirePreviouslyApproved { get; init; } = true;

    /// <summary>Hold a comment with this many links or more; 0 turns the check off.</summary>
    public int HoldWhenLinksAtLeast { get; init; } = 2;

    /// <summary>One word or phrase a line; a match in any field holds the comment.</summary>
    public string ModerationKeys { get; init; } = "";

    /// <summary>One word or phrase a line; a match in any field sends the comment to spam.</summary>
    public string DisallowedKeys { get; init; } = "";

    /// <summary>Seconds within which a second comment from the same user, IP or email is refused.</summary>
    public int FloodIntervalSeconds { get; init; } = 15;

    /// <summary>Close comments on articles older than this many days; 0 turns it off.</summary>
    public int CloseCommentsAfterDays { get; init; }

    public int ThreadDepth { get; init; } = 5;
    public int CommentsPerPage { get; init; } = 50;

    /// <summary>Which top-level threads come first, on the first page and down each page (WordPress's comment_order); replies stay oldest first under their thread.</summary>
    public CommentOrder CommentOrder { get; init; } = CommentOrder.OldestFirst;

    /// <summary>The comment page an article opens on, in that order (WordPress's default_comments_page).</summary>
    public CommentLandingPage CommentLandingPage { get; init; } = CommentLandingPage.First;

    /// <summary>
    /// Readers' reports that hide a published comment until reviewed: each guest (one network or
    /// browser) counts 1, a signed-in reader 1, one in good standing 2; guests do not count on a
    /// comment a moderator approved.
    /// </summary>
    public int ReportsToHide { get; init; } = 3;

    /// <summary>An admin may purge spam older than this many days.</summary>
    public int PurgeSpamAfterDays { get; init; } = 30;

    public bool NotifyAuthorsOfDecisions { get; init; } = true;

    /// <summary>Minutes after posting in which the author may edit their comment (as Coral's edit window); 0 turns editing off.</summary>
    public int EditWindowMinutes { get; init; } = DefaultEditWindowMinutes;

    public const int DefaultEditWindowMinutes = 5;
    public const int MaxEditWindowMinutes = 1_440;

    /// <summary>What becomes of a reader's comments when they delete their account.</summary>
    public DeletedAccountComments DeletedAccountComments { get; init; } = DeletedAccountComments.KeepAsDeletedUser;

    /// <summary>
    /// These settings with the built-in checks' thresholds of <paramref name="thresholds"/> (what
    /// the rules file carries); the display settings stay. Null changes nothing.
    /// </summary>
    public DiscussionSettings WithThresholdsOf(DiscussionSettings? thresholds) => thresholds is null ? this : this with
    {
        GuestsMayComment = thresholds.GuestsMayComment,
        RequireNameAndEmail = thresholds.RequireNameAndEmail,
        ManualApproval = thresholds.ManualApproval,
        RequirePreviouslyApproved = thresholds.RequirePreviouslyApproved,
        HoldWhenLinksAtLeast = thresholds.HoldWhenLinksAtLeast,
        ModerationKeys = thresholds.ModerationKeys,
        DisallowedKeys = thresholds.DisallowedKeys,
        FloodIntervalSeconds = thresholds.FloodIntervalSeconds,
        CloseCommentsAfterDays = thresholds.CloseCommentsAfterDays,
    };

    /// <summary>True when <paramref name="other"/> has the same built-in checks' thresholds, whatever its display settings.</summary>
    public bool HasThresholdsOf(DiscussionSettings other) => WithThresholdsOf(other) == this;

    /// <summary>One key a line, trimmed, blank lines dropped (as WordPress reads its key lists).</summary>
    public static List<string> KeyLines(string? lines) =>
        (lines ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}

/// <summary>The order of an article's top-level threads, across its comment pages.</summary>
public enum CommentOrder
{
    /// <summary>The oldest thread first: page 1 holds the oldest threads.</summary>
    OldestFirst = 0,

    /// <summary>The newest thread first: page 1 holds the newest threads.</summary>
    NewestFirst = 1,
}

/// <summary>Which comment page an article's address shows when it names none.</summary>
public enum CommentLandingPage
{
    First = 0,
    Last = 1,
}

/// <summary>The two answers WordPress and Coral offer when a reader deletes their account.</summary>
public enum DeletedAccountComments
{
    /// <summary>The comments stay where they are, shown as by "deleted user", with no name, email, address or link.</summary>
    KeepAsDeletedUser = 0,

    /// <summary>The comments are deleted; one that others replied to stays as a "deleted user" placeholder without its text, so their replies keep their place.</summary>
    Remove = 1,
}
