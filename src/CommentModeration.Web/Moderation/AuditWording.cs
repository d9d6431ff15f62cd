namespace CommentModeration.Web.Moderation;

/// <summary>How audit actions read in sentences and in the log.</summary>
public static class AuditWording
{
    public static string PastTense(string action) => action switch
    {
        ModerationActionNames.Approve => "approved",
        ModerationActionNames.Reject => "rejected",
        ModerationActionNames.Spam => "marked as spam",
        ModerationActionNames.Unapprove => "sent back to pending",
        ModerationActionNames.Undo => "undid an action on",
        ModerationActionNames.Edit => "edited",
        ModerationActionNames.AuthorEdit => "edited",
        ModerationActionNames.Posted => "decided",
        ModerationActionNames.HiddenByReports => "hid after reports",
        ModerationActionNames.Trust => "trusted",
        ModerationActionNames.PreModerate => "pre-moderated",
        ModerationActionNames.Suspend => "suspended",
        ModerationActionNames.Ban => "banned",
        ModerationActionNames.Reinstate => "reinstated",
        ModerationActionNames.Purge => "purged",
        ModerationActionNames.AccountDeleted => "deleted their account",
        _ => action,
    };

    public static string Label(string action) => action switch
    {
        ModerationActionNames.Approve => "Approve",
        ModerationActionNames.Reject => "Reject",
        ModerationActionNames.Spam => "Spam",
        ModerationActionNames.Unapprove => "Back to pending",
        ModerationActionNames.Undo => "Undo",
        ModerationActionNames.Edit => "Edit",
        ModerationActionNames.AuthorEdit => "Edited by its author",
        ModerationActionNames.Posted => "Automatic decision",
        ModerationActionNames.HiddenByReports => "Hidden by reports",
        ModerationActionNames.Trust => "Trust author",
        ModerationActionNames.PreModerate => "Pre-moderate author",
        ModerationActionNames.Suspend => "Suspend author",
        ModerationActionNames.Ban => "Ban author",
        ModerationActionNames.Reinstate => "Reinstate author",
        ModerationActionNames.Purge => "Purge spam",
        ModerationActionNames.AccountDeleted => "Account deleted",
        ModerationActionNames.GrantRole => "Grant role",
        ModerationActionNames.RevokeRole => "Revoke role",
        _ => action,
    };
}
