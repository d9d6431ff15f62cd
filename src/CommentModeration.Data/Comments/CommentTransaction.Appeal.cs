using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data.Comments;

public sealed partial class CommentTransaction
{
    /// <summary>
    /// Decides an open appeal in this transaction: reversed, the comment is published again (its reports
    /// resolved, as a moderator's approval does); upheld, it stays as it is. Either way the appeal row
    /// records the outcome and an audit row says who decided. False, and nothing written, when someone
    /// decided the appeal first.
    /// </summary>
    public async Task<bool> DecideAppealAsync(CommentToChange target, long appealId, AppealOutcome outcome, string reason, AuditActor by, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var claimed = await Db.Appeals.Where(a => a.Id == appealId && a.DecidedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Outcome, outcome)
                .SetProperty(a => a.DecidedAt, now)
                .SetProperty(a => a.DecidedByUserId, by.UserId)
                .SetProperty(a => a.DecidedByName, by.Name)
                .SetProperty(a => a.DecisionReason, reason), ct);
        if (claimed == 0) return false;
        if (outcome == AppealOutcome.Reversed)
        {
            await ResolveOpenReportsAsync(target.Comment, now, ct);
            await MoveAsync(target, new CommentState(CommentStatus.Approved, NeedsReview: false, OpenReportCount: 0, HiddenByReports: false, RejectionReason: null),
                AuditActions.AppealReverse, reason, by, now, ct);
        }
        else
        {
            await MoveAsync(target, CommentState.Of(target.Comment), AuditActions.AppealUphold, reason, by, now, ct, newVersion: false);
        }
        return true;
    }
}
