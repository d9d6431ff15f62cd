using System.Linq.Expressions;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;

namespace CommentModeration.Web.Appeals;

/// <summary>
/// Which audit rows record a removal or restriction of a comment (EU Digital Services Act, Art. 17):
/// a rejection, a spam verdict (the engine's at posting, or a moderator's), hiding by readers' reports.
/// They owe a statement of reasons, may be appealed against, and are counted in the transparency report.
/// </summary>
public static class RemovalDecision
{
    public static readonly Expression<Func<ModerationEvent, bool>> Is = e =>
        e.CommentId != null
        && (e.Action == AuditActions.Reject || e.Action == AuditActions.Spam || e.Action == AuditActions.HiddenByReports
            || (e.Action == AuditActions.Posted && e.ToStatus == CommentStatus.Spam));

    private static readonly Func<ModerationEvent, bool> IsCompiled = Is.Compile();

    public static bool Of(ModerationEvent e) => IsCompiled(e);

    /// <summary>How long after the decision its author may appeal (Art. 20(1): at least six months).</summary>
    public static DateTimeOffset AppealDeadline(DateTimeOffset decidedAt) => decidedAt.AddMonths(6);

    /// <summary>Whether the decision still holds the comment where it put it (not undone, not reversed, not decided again).</summary>
    public static bool StillInForce(ModerationEvent decision, Comment comment) =>
        decision.Action == AuditActions.HiddenByReports ? comment.HiddenByReports && comment.Status == CommentStatus.Approved : comment.Status == decision.ToStatus;

    /// <summary>What the decision did, as its author is told: "was not published", "was removed", "is hidden".</summary>
    public static string Outcome(ModerationEvent decision) => decision switch
    {
        { Action: AuditActions.HiddenByReports } => "is hidden from readers until a moderator reviews it",
        { Action: AuditActions.Posted } or { FromStatus: CommentStatus.Pending } => "was not published",
        _ => "was removed",
    };

    /// <summary>The ground of the decision: the moderator's reason, the engine's rules, the readers' reports.</summary>
    public static string Ground(ModerationEvent decision, string? rejectionReason) => decision.Action switch
    {
        AuditActions.Reject => string.IsNullOrWhiteSpace(rejectionReason) ? decision.Reason ?? "Rejected by a moderator." : rejectionReason,
        AuditActions.Spam => "Spam (marked by a moderator).",
        AuditActions.HiddenByReports => $"Readers reported it ({decision.Reason}).",
        _ => $"Spam, by our automatic checks: {decision.Reason}",
    };

    /// <summary>Who decided: the rule engine and readers' reports decide by automated means.</summary>
    public static string Means(ModerationEvent decision) => decision.Automatic
        ? "This decision was taken by automated means (our rule engine or the count of readers' reports), without a person reviewing it."
        : "This decision was taken by a moderator (a person).";
}
