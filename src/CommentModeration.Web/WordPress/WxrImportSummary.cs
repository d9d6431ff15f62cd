using CommentModeration.Core.Comments;

namespace CommentModeration.Web.WordPress;

/// <summary>Why an item of the export did not become an article.</summary>
public enum WxrSkipReason
{
    Draft,
    Scheduled,
    /// <summary>Private, pending review, trashed, or any other status than published.</summary>
    Unpublished,
    PasswordProtected,
    /// <summary>Comments closed and none written: nothing to discuss.</summary>
    ClosedWithoutComments,
    Attachment,
    MenuItem,
    /// <summary>Revisions, reusable blocks, templates and other types than post and page.</summary>
    OtherType,
}

/// <summary>
/// What an import did (or, dry, would do), with every item and comment of the file accounted for:
/// <see cref="CommentsInFile"/> = imported + already there + on skipped items + pings skipped.
/// </summary>
public sealed class WxrImportSummary
{
    public string Site { get; set; } = "";
    public bool DryRun { get; init; }

    public int ItemsInFile { get; set; }
    public int ArticlesImported { get; set; }

    /// <summary>Imported before from the same site (by its post id): kept as they are, only new comments added.</summary>
    public int ArticlesAlreadyThere { get; set; }
    public Dictionary<WxrSkipReason, int> ItemsSkipped { get; } = new();

    public int CommentsInFile { get; set; }

    /// <summary>Imported comments by the status they have here (trash is rejected), pingbacks and trackbacks included.</summary>
    public Dictionary<CommentStatus, int> CommentsImported { get; } = new();

    /// <summary>Pingbacks and trackbacks among the imported.</summary>
    public int PingsImported { get; set; }

    /// <summary>Pingbacks and trackbacks left out by the switch.</summary>
    public int PingsSkipped { get; set; }
    public int CommentsAlreadyThere { get; set; }
    public int CommentsOnSkippedItems { get; set; }

    /// <summary>Replies whose parent is not in the file (nor imported before): kept as top-level comments.</summary>
    public int RepliesWithoutParent { get; set; }

    public int TotalImported => CommentsImported.Values.Sum();

    public int Skipped(WxrSkipReason reason) => ItemsSkipped.GetValueOrDefault(reason);

    public int Imported(CommentStatus status) => CommentsImported.GetValueOrDefault(status);

    /// <summary>The summary in a few lines, as the command prints it and the admin page shows it.</summary>
    public IEnumerable<string> Lines()
    {
        yield return $"{(DryRun ? "Dry run, nothing written: would import" : "Imported")} from {Site}:";
        yield return $"  items in the file: {ItemsInFile}; articles {(DryRun ? "to import" : "imported")}: {ArticlesImported}; already imported before: {ArticlesAlreadyThere}";
        if (ItemsSkipped.Count > 0)
        {
            yield return "  items skipped: " + string.Join(", ", ItemsSkipped.OrderBy(s => s.Key).Select(s => $"{s.Value} {Describe(s.Key)}"));
        }
        yield return $"  comments in the file: {CommentsInFile}; {(DryRun ? "to import" : "imported")}: {TotalImported} " +
            $"({Imported(CommentStatus.Approved)} approved, {Imported(CommentStatus.Pending)} pending, {Imported(CommentStatus.Spam)} spam, {Imported(CommentStatus.Rejected)} rejected; " +
            $"{PingsImported} of them pingbacks or trackbacks)";
        yield return $"  comments not imported: {CommentsAlreadyThere} imported before, {CommentsOnSkippedItems} on skipped items, {PingsSkipped} pingbacks or trackbacks skipped";
        if (RepliesWithoutParent > 0) yield return $"  replies whose parent is not in the file, kept as top-level comments: {RepliesWithoutParent}";
    }

    public static string Describe(WxrSkipReason reason) => reason switch
    {
        WxrSkipReason.Draft => "drafts",
        WxrSkipReason.Scheduled => "scheduled (future)",
        WxrSkipReason.Unpublished => "other unpublished (private, pending, trash)",
        WxrSkipReason.PasswordProtected => "password-protected",
        WxrSkipReason.ClosedWithoutComments => "closed for comments with none",
        WxrSkipReason.Attachment => "attachments",
        WxrSkipReason.MenuItem => "menu items",
        _ => "of other types (revisions, blocks, templates…)",
    };
}
