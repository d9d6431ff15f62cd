namespace CommentModeration.Core.Rules.BuiltIn;

/// <summary>
/// A discussion check of the site's settings, shown in the rules list beside the admins'
/// rules: its thresholds are edited in the discussion settings, it cannot be deleted.
/// </summary>
public sealed record BuiltInRule(string Key, string Name, VerdictAction Action, string Description)
{
    public const string Closed = "builtin:closed";
    public const string GuestsNotAllowed = "builtin:guests-not-allowed";
    public const string Banned = "builtin:banned";
    public const string Suspended = "builtin:suspended";
    public const string Parent = "builtin:parent";
    public const string RequiredFields = "builtin:required-fields";
    public const string EmptyBody = "builtin:empty-body";
    public const string FieldLength = "builtin:field-length";
    public const string Duplicate = "builtin:duplicate";
    public const string Flood = "builtin:flood";
    public const string DisallowedKeys = "builtin:disallowed-keys";
    public const string ManualApproval = "builtin:manual-approval";
    public const string PreModeratedArticle = "builtin:premoderated-article";
    public const string PreModeratedAuthor = "builtin:premoderated-author";
    public const string PreviouslyApproved = "builtin:previously-approved";
    public const string Links = "builtin:links";
    public const string ModerationKeys = "builtin:moderation-keys";

    /// <summary>Every built-in check, in the order they run.</summary>
    public static IReadOnlyList<BuiltInRule> All { get; } =
    [
        new(Closed, "Comments closed", VerdictAction.Reject, "Refuses comments on a closed article, or one older than the days after which comments close."),
        new(GuestsNotAllowed, "Guests may not comment", VerdictAction.Reject, "Refuses guests' comments when only signed-in users may comment."),
        new(Banned, "Banned author", VerdictAction.Reject, "Refuses comments by an author moderators have banned."),
        new(Suspended, "Suspended author", VerdictAction.Reject, "Refuses comments by an author suspended until a future date."),
        new(Parent, "Reply to an unavailable comment", VerdictAction.Reject, "Refuses replies to a comment that is not approved, belongs to another article or no longer exists."),
        new(RequiredFields, "Name and email required", VerdictAction.Reject, "Refuses guests' comments without a name or a valid email address."),
        new(EmptyBody, "Empty comment", VerdictAction.Reject, "Refuses comments without text."),
        new(FieldLength, "Field too long", VerdictAction.Reject, "Refuses a name over 245, an email over 100, a website over 200 or a comment over 65,525 characters; nothing is cut."),
        new(Duplicate, "Duplicate comment", VerdictAction.Reject, "Refuses the same text by the same author under the same parent twice."),
        new(Flood, "Flood control", VerdictAction.Reject, "Refuses a second comment from the same user, IP or email within the flood interval."),
        new(DisallowedKeys, "Disallowed keys", VerdictAction.Spam, "Sends to spam a comment whose name, email, website, IP, user agent or text contains a disallowed key."),
        new(ManualApproval, "Manual approval", VerdictAction.Hold, "Holds every comment when manual approval is on."),
        new(PreModeratedArticle, "Pre-moderated article", VerdictAction.Hold, "Holds comments on an article whose comments are pre-moderated."),
        new(PreModeratedAuthor, "Pre-moderated author", VerdictAction.Hold, "Holds comments by an author moderators have put on pre-moderation."),
        new(PreviouslyApproved, "No previously approved comment", VerdictAction.Hold, "Holds a comment unless its author has a previously approved comment (trusted authors excepted)."),
        new(Links, "Too many links", VerdictAction.Hold, "Holds a comment with at least the configured number of links (trusted authors excepted)."),
        new(ModerationKeys, "Moderation keys", VerdictAction.Hold, "Holds a comment whose name, email, website, IP, user agent or text contains a moderation key."),
    ];

    /// <summary>
    /// Holds that only say "we know too little about this author" (no previously approved comment,
    /// many links): an admin's approve rule may publish over them. Manual approval, moderation
    /// keys and pre-moderation are explicit decisions and are never overridden.
    /// </summary>
    public static bool IsSoftHold(string key) => key is PreviouslyApproved or Links;

    public static BuiltInRule? Find(string key) => All.FirstOrDefault(r => r.Key == key);
}
