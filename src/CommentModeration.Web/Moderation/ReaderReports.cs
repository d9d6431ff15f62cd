using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

public enum ReportOutcome
{
    /// <summary>Counted: the comment is in the Reported queue.</summary>
    Received,

    /// <summary>Counted, and this report reached the threshold: the comment is hidden until reviewed.</summary>
    Hidden,

    /// <summary>This reader had already reported this comment: counted once.</summary>
    AlreadyReported,

    /// <summary>Not a published comment (missing, held, rejected, spam, or already hidden).</summary>
    NotReportable,

    /// <summary>The text given is too long.</summary>
    Invalid,
}

public sealed record ReportTarget(long CommentId, string AuthorName, string Excerpt, string ArticleTitle, string ArticleSlug);

/// <summary>
/// Readers' reports on published comments. One reader (by key) counts once per comment; when
/// the open reports weigh DiscussionSettings.ReportsToHide (<see cref="ReportWeight"/>: one guest
/// per address or browser, a signed-in reader in good standing twice, guests not at all on a
/// comment a moderator approved) the comment is hidden from readers until a moderator reviews it.
/// </summary>
public sealed class ReaderReports(
    IDbContextFactory<AppDbContext> dbFactory,
    CommentWrites comments,
    NoticeMail noticeMail)
{
    public const int MaxTextLength = 1000;

    /// <summary>The comment a reader may report, or null when it is not published.</summary>
    public async Task<ReportTarget?> FindTargetAsync(long commentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Comments.AsNoTracking()
            .Where(c => c.Id == commentId).Where(CommentVisibility.IsVisible)
            .Select(c => new ReportTarget(c.Id, c.AuthorName, c.BodyText.Substring(0, 300), c.Article!.Title, c.Article.Slug))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>A report from a reporter known by key alone (no address or browser to tie it to others).</summary>
    public Task<ReportOutcome> ReportAsync(long commentId, string reporterKey, ReportReason reason, string? text, CancellationToken ct = default) =>
        ReportAsync(commentId, new Reporter(reporterKey), reason, text, ct);

    /// <param name="notice">For a notice of illegal content: what Art. 16 asks of it (<see cref="ReportNotice.Problem"/>); its reporter is mailed a receipt.</param>
    public async Task<ReportOutcome> ReportAsync(long commentId, Reporter reporter, ReportReason reason, string? text, CancellationToken ct = default, ReportNotice? notice = null)
    {
        var reporterKey = reporter.Key;
        if (!Enum.IsDefined(reason) || string.IsNullOrEmpty(reporterKey) || ReportNotice.Problem(reason, text, notice) is not null) return ReportOutcome.Invalid;
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (reason != ReportReason.IllegalContent) notice = null;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await comments.BeginAsync(db, ct);
        var target = await transaction.FindAsync(commentId, ct);
        if (target is null || !CommentVisibility.IsVisibleState(target.Comment.Status, target.Comment.HiddenByReports)) return ReportOutcome.NotReportable;
        var report = new Report
        {
            ReporterKey = reporterKey, AddressKey = reporter.AddressKey, BrowserKey = reporter.BrowserKey, Reason = reason, Text = text,
            LegalGround = notice?.LegalGround?.Trim(), Country = notice?.Country?.Trim(), ReporterName = notice?.ReporterName?.Trim(), ReporterEmail = notice?.ReporterEmail?.Trim(),
        };
        if (!await transaction.RecordReportAsync(target, report, ct)) return ReportOutcome.AlreadyReported;

        var reports = await OpenReportsOfAsync(db, commentId, ct);
        var approvedByStaff = await db.ModerationEvents.Where(e => e.CommentId == commentId && !e.Automatic)
            .OrderByDescending(e => e.Id).Select(e => e.ToStatus).FirstOrDefaultAsync(ct) == CommentStatus.Approved;
        var weighed = ReportWeight.Of(reports, approvedByStaff);
        var settings = await db.ReadDiscussionSettingsAsync(ct);
        var hide = settings.ReportsToHide > 0 && weighed.Weight >= settings.ReportsToHide;
        var move = await transaction.CountReportsAsync(target, reports.Count, hide, weighed.People, ct);
        await transaction.CommitAsync(ct);
        if (report.ReporterEmail is not null) noticeMail.QueueReceipt(commentId, report);
        return move.After.HiddenByReports && !move.Before.HiddenByReports ? ReportOutcome.Hidden : ReportOutcome.Received;
    }

    /// <summary>A comment's open reports, each with its reporter's standing as an author when signed in.</summary>
    private static async Task<List<OpenReport>> OpenReportsOfAsync(AppDbContext db, long commentId, CancellationToken ct)
    {
        var reports = await db.Reports.Where(r => r.CommentId == commentId && r.ResolvedAt == null)
            .Select(r => new OpenReport(r.ReporterKey, r.AddressKey, r.BrowserKey, null)).ToListAsync(ct);
        var keys = reports.Select(r => r.ReporterKey).Where(k => k.StartsWith(AuthorKeys.ForUser(""), StringComparison.Ordinal)).ToList();
        if (keys.Count == 0) return reports;
        var standings = await db.AuthorStandings.Where(s => keys.Contains(s.AuthorKey))
            .ToDictionaryAsync(s => s.AuthorKey, s => new ReporterStanding(s.Level, s.ApprovedCount, s.RejectedCount, s.SpamCount), ct);
        return reports.ConvertAll(r => standings.TryGetValue(r.ReporterKey, out var standing) ? r with { Standing = standing } : r);
    }
}
