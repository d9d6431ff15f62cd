using System.Globalization;
using System.Text;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Appeals;

public sealed record NoticeCount(string Category, int Count);

/// <param name="Action">reject, spam, hidden-by-reports, or posted (the engine's spam verdict at posting).</param>
/// <param name="Ground">The moderator's reason, "illegal content: LAW (COUNTRY)" for a decision on a notice, or the automatic ground.</param>
public sealed record ActionCount(string Action, string Ground, bool Automated, int Count);

/// <summary>The figures of a transparency report (EU Digital Services Act, Art. 15 and 24) for [From, Until).</summary>
public sealed record TransparencyFigures(
    DateTimeOffset From,
    DateTimeOffset Until,
    IReadOnlyList<NoticeCount> NoticesByCategory,
    IReadOnlyList<ActionCount> Actions,
    int AutomatedActions,
    int HumanActions,
    int NoticesDecided,
    double? MedianSecondsToDecision,
    int AppealsFiled,
    int AppealsDecided,
    int AppealsReversed,
    int AppealsUpheld);

/// <summary>
/// Counts for a date range what a transparency report states: notices received by category, removals and
/// restrictions by ground and by automated or human decision, the median time from a notice to its
/// decision, appeals filed, decided and reversed. Read from the reports, the audit trail and the appeals.
/// </summary>
public sealed class TransparencyReport(IDbContextFactory<AppDbContext> dbFactory)
{
    public const string AutomaticChecks = "automatic checks";
    public const string ReadersReports = "readers' reports";
    public const string ModeratorSpam = "spam";

    public async Task<TransparencyFigures> ComputeAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notices = await db.Reports.AsNoTracking().Where(r => r.CreatedAt >= from && r.CreatedAt < until).Select(r => r.Reason).ToListAsync(ct);
        var byCategory = Enum.GetValues<ReportReason>().Select(reason => new NoticeCount(CategoryName(reason), notices.Count(n => n == reason))).ToList();

        var decisions = await WithoutUndoneAsync(db,
            await db.ModerationEvents.AsNoTracking().Where(e => e.At >= from && e.At < until).Where(RemovalDecision.Is).ToListAsync(ct), ct);
        var illegal = await db.Reports.AsNoTracking()
            .Where(r => r.Reason == ReportReason.IllegalContent && r.ResolvedAt >= from && r.ResolvedAt < until)
            .Select(r => new { r.CommentId, r.ResolvedAt, r.LegalGround, r.Country }).ToListAsync(ct);
        var actions = decisions
            .GroupBy(e => (e.Action, Ground: GroundOf(e, illegal.FirstOrDefault(n => n.CommentId == e.CommentId && n.ResolvedAt == e.At) is { } n ? $"{n.LegalGround} ({n.Country})" : null), e.Automatic))
            .Select(g => new ActionCount(g.Key.Action, g.Key.Ground, g.Key.Automatic, g.Count()))
            .OrderBy(a => a.Action, StringComparer.Ordinal).ThenBy(a => a.Ground, StringComparer.Ordinal).ThenBy(a => a.Automated).ToList();

        var decidedNotices = await db.Reports.AsNoTracking().Where(r => r.ResolvedAt >= from && r.ResolvedAt < until)
            .Select(r => new { r.CreatedAt, r.ResolvedAt }).ToListAsync(ct);
        var median = Median(decidedNotices.Select(r => (r.ResolvedAt!.Value - r.CreatedAt).TotalSeconds).ToList());

        var filed = await db.Appeals.CountAsync(a => a.CreatedAt >= from && a.CreatedAt < until, ct);
        var decided = await db.Appeals.AsNoTracking().Where(a => a.DecidedAt >= from && a.DecidedAt < until).Select(a => a.Outcome).ToListAsync(ct);
        return new TransparencyFigures(from, until, byCategory, actions, decisions.Count(e => e.Automatic), decisions.Count(e => !e.Automatic),
            decidedNotices.Count, median, filed, decided.Count, decided.Count(o => o == AppealOutcome.Reversed), decided.Count(o => o == AppealOutcome.Upheld));
    }

    /// <summary>
    /// The decisions a moderator did not take back with Undo: a removal undone (a slip of the hand put right at once)
    /// was no decision on the comment. An undo always puts back the comment's latest move (it is refused when anyone
    /// acted since), so a decision was undone when the next move of its comment (a row with the state it
    /// left the comment in) is an undo.
    /// </summary>
    private static async Task<List<ModerationEvent>> WithoutUndoneAsync(AppDbContext db, List<ModerationEvent> decisions, CancellationToken ct)
    {
        if (decisions.Count == 0) return decisions;
        var comments = decisions.Select(e => e.CommentId!.Value).Distinct().ToList();
        var first = decisions.Min(e => e.Id);
        var laterMoves = await db.ModerationEvents.AsNoTracking()
            .Where(e => e.Id > first && e.CommentId != null && comments.Contains(e.CommentId.Value) && e.ToStatus != null)
            .Select(e => new { e.Id, e.CommentId, e.Action }).ToListAsync(ct);
        var byComment = laterMoves.ToLookup(e => e.CommentId);
        return decisions.Where(d => byComment[d.CommentId].Where(e => e.Id > d.Id).MinBy(e => e.Id)?.Action != AuditActions.Undo).ToList();
    }

    /// <summary>The figures as CSV (RFC 4180): section, category, ground, decided by, value.</summary>
    public static string ToCsv(TransparencyFigures figures)
    {
        var csv = new StringBuilder("section,category,ground,decided_by,value\r\n");
        void Row(string section, string category, string ground, string decidedBy, string value) =>
            csv.Append(string.Join(',', new[] { section, category, ground, decidedBy, value }.Select(Field))).Append("\r\n");
        string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

        Row("period", "from", "", "", figures.From.ToString("O", CultureInfo.InvariantCulture));
        Row("period", "until", "", "", figures.Until.ToString("O", CultureInfo.InvariantCulture));
        foreach (var notice in figures.NoticesByCategory) Row("notices", notice.Category, "", "", Number(notice.Count));
        foreach (var action in figures.Actions) Row("actions", action.Action, action.Ground, action.Automated ? "automated" : "human", Number(action.Count));
        Row("actions-total", "", "", "automated", Number(figures.AutomatedActions));
        Row("actions-total", "", "", "human", Number(figures.HumanActions));
        Row("time-to-decision", "notices-decided", "", "", Number(figures.NoticesDecided));
        Row("time-to-decision", "median-seconds", "", "", figures.MedianSecondsToDecision is { } m ? Number(m) : "");
        Row("appeals", "filed", "", "", Number(figures.AppealsFiled));
        Row("appeals", "decided", "", "", Number(figures.AppealsDecided));
        Row("appeals", "reversed", "", "", Number(figures.AppealsReversed));
        Row("appeals", "upheld", "", "", Number(figures.AppealsUpheld));
        return csv.ToString();
    }

    public static string CategoryName(ReportReason reason) => reason switch
    {
        ReportReason.IllegalContent => "illegal-content",
        ReportReason.OffTopic => "off-topic",
        _ => reason.ToString().ToLowerInvariant(),
    };

    private static string GroundOf(ModerationEvent decision, string? legalGround) =>
        legalGround is not null ? $"illegal content: {legalGround}" : decision.Action switch
        {
            AuditActions.Reject => decision.Reason ?? "",
            AuditActions.HiddenByReports => ReadersReports,
            AuditActions.Spam => ModeratorSpam,
            _ => AutomaticChecks,
        };

    private static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    // A field starting with = + - @ is prefixed with ' so that a spreadsheet does not run it as a formula.
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
