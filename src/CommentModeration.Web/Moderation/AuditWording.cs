using CommentModeration.Data.Comments;

namespace CommentModeration.Web.Moderation;

/// <summary>How audit actions read in sentences and in the log.</summary>
public static class AuditWording
{
    public static string PastTense(string action) => action switch
    {
        AuditActions.Approve => "approved",
        AuditActions.Reject => "rejected",
        AuditActions.Spam => "marked as spam",
        AuditActions.Unapprove => "sent back to pending",
        AuditActions.Undo => "undid an action on",
        AuditActions.Edit => "edited",
        AuditActions.AuthorEdit => "edited",
        AuditActions.Posted => "decided",
        AuditActions.HiddenByReports => "hid after reports",
        AuditActions.Trust => "trusted",
        AuditActions.PreModerate => "pre-moderated",
        AuditActions.Suspend => "suspended",
        AuditActions.Ban => "banned",
        AuditActions.Reinstate => "reinstated",
        AuditActions.Purge => "purged",
        AuditActions.AccountDeleted => "deleted their account",
        AuditActions.AppealUphold => "upheld on appeal the decision on",
        AuditActions.AppealReverse => "reversed on appeal the decision on",
        _ => action,
    };

    public static string Label(string action) => action switch
    {
        AuditActions.Approve => "Approve",
        AuditActions.Reject => "Reject",
        AuditActions.Spam => "Spam",
        AuditActions.Unapprove => "Back to pending",
        AuditActions.Undo => "Undo",
        AuditActions.Edit => "Edit",
        AuditActions.AuthorEdit => "Edited by its author",
        AuditActions.Posted => "Automatic decision",
        AuditActions.HiddenByReports => "Hidden by reports",
        AuditActions.Trust => "Trust author",
        AuditActions.PreModerate => "Pre-moderate author",
        AuditActions.Suspend => "Suspend author",
        AuditActions.Ban => "Ban author",
        AuditActions.Reinstate => "Reinstate author",
        AuditActions.Purge => "Purge spam",
        AuditActions.AccountDeleted => "Account deleted",
        AuditActions.GrantRole => "Grant role",
        AuditActions.RevokeRole => "Revoke role",
        AuditActions.ApiKeyCreate => "Create API key",
        AuditActions.ApiKeyRevoke => "Revoke API key",
        AuditActions.AppealUphold => "Appeal: decision upheld",
        AuditActions.AppealReverse => "Appeal: decision reversed",
        _ => action,
    };
}
