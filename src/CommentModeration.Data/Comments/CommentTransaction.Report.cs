using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data.Comments;

public sealed partial class CommentTransaction
{
    // The reason of the report this transaction recorded, which the comment.reported event tells.
    private ReportReason? _recordedReport;

    /// <summary>
    /// Records a reader's report (its reporter, reason and text) on a comment: one row per reader and
    /// comment, so a reader whose earlier report was reviewed reports anew on that row. False, and
    /// nothing written, when their report on it is still open.
    /// </summary>
    public async Task<bool> RecordReportAsync(CommentToChange target, Report report, CancellationToken ct = default)
    {
        var id = target.Comment.Id;
        var key = report.ReporterKey;
        var previous = await Db.Reports.FirstOrDefaultAsync(r => r.CommentId == id && r.ReporterKey == key, ct);
        if (previous is { ResolvedAt: null }) return false;
        var row = previous ?? Db.Reports.Add(new Report { CommentId = id, ReporterKey = key }).Entity;
        row.AddressKey = report.AddressKey;
        row.BrowserKey = report.BrowserKey;
        row.Reason = report.Reason;
        row.Text = report.Text;
        row.LegalGround = report.LegalGround;
        row.Country = report.Country;
        row.ReporterName = report.ReporterName;
        row.ReporterEmail = report.ReporterEmail;
        row.CreatedAt = _clock.GetUtcNow();
        row.ResolvedAt = null;
        await Db.SaveChangesAsync(ct);
        _recordedReport = report.Reason;
        return true;
    }

    /// <summary>
    /// Counts the comment's open reports onto it and, when they weigh enough (<paramref name="hide"/>),
    /// hides it from readers until a moderator reviews it, with an audit row naming how many
    /// <paramref name="people"/> reported it. The version stays: a report must not make the
    /// moderator looking at the comment fail with "someone acted first". After <see cref="RecordReportAsync"/>,
    /// it writes that report's comment.reported event.
    /// </summary>
    public async Task<CommentMove> CountReportsAsync(CommentToChange target, int openReports, bool hide, int people, CancellationToken ct = default)
    {
        var before = CommentState.Of(target.Comment);
        var to = before with { OpenReportCount = openReports, HiddenByReports = before.HiddenByReports || hide };
        var hides = to.HiddenByReports && !before.HiddenByReports;
        var report = _recordedReport is { } reason ? new ReportPayload(reason.ToString().ToLowerInvariant(), openReports, to.HiddenByReports) : null;
        return await MoveAsync(target, to, hides ? AuditActions.HiddenByReports : null, people == 1 ? "1 reader reported it" : $"{people} readers reported it",
            AuditActor.ReadersReports, _clock.GetUtcNow(), ct, newVersion: false, report: report);
    }
}
