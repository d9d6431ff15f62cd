namespace CommentModeration.Data.Comments;

/// <summary>The actions an audit row names (<see cref="Entities.ModerationEvent.Action"/>).</summary>
public static class AuditActions
{
    /// <summary>Every action above, in the order written: what the audit log offers to filter by.</summary>
    public static readonly IReadOnlyList<string> All = typeof(AuditActions)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    public const string Posted = "posted";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Spam = "spam";
    public const string Unapprove = "unapprove";
    public const string Undo = "undo";
    public const string Edit = "edit";
    public const string AuthorEdit = "author-edit";
    public const string HiddenByReports = "hidden-by-reports";
    public const string Trust = "trust";
    public const string PreModerate = "premoderate";
    public const string Suspend = "suspend";
    public const string Ban = "ban";
    public const string Reinstate = "reinstate";
    public const string Purge = "purge";
    public const string AccountDeleted = "account-deleted";
    public const string GrantRole = "grant-role";
    public const string RevokeRole = "revoke-role";
    public const string ApiKeyCreate = "api-key-create";
    public const string ApiKeyRevoke = "api-key-revoke";
    public const string AuthorNote = "author-note";

    /// <summary>A moderator's message to an author (mailed where the author has an email).</summary>
    public const string Warn = "warn";

    /// <summary>A post the engine refused: nothing was stored but this row, which names the check that refused it.</summary>
    public const string Refused = "refused";
    public const string RulesSave = "rules-save";
    public const string RulesRevert = "rules-revert";
    public const string SettingsChange = "settings-change";
    public const string ArticleCreate = "article-create";
    public const string ArticleEdit = "article-edit";
    public const string ArticleOpen = "article-open";
    public const string ArticleClose = "article-close";
    public const string WebhookCreate = "webhook-create";
    public const string WebhookPause = "webhook-pause";
    public const string WebhookResume = "webhook-resume";
    public const string WebhookDelete = "webhook-delete";

    /// <summary>A test event sent to a webhook endpoint: a request the site makes to an address outside it, on someone's word.</summary>
    public const string WebhookTest = "webhook-test";

    /// <summary>An appeal against a removal decided (EU Digital Services Act, Art. 20): the decision stands, or is reversed and the comment published.</summary>
    public const string AppealUphold = "appeal-uphold";
    public const string AppealReverse = "appeal-reverse";

    /// <summary>Comments brought in from elsewhere (a WordPress export): one row per transaction of the import, not one per comment.</summary>
    public const string Import = "import";
}
