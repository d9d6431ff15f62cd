using System.Globalization;
using System.Net;
using System.Text.Json;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Appeals;
using CommentModeration.Web.Tests.Api;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;

namespace CommentModeration.Web.Tests.Appeals;

/// <summary>The transparency report's figures on a known data set, through /api/v1/transparency as JSON and CSV.</summary>
public abstract class TransparencyReportTests<TFactory> : IClassFixture<TFactory>
    where TFactory : ApiHost
{
    private readonly TFactory _host;
    private readonly ModerationTestData _data;

    protected TransparencyReportTests(TFactory host)
    {
        _host = host;
        _data = new ModerationTestData(host.Services, host.Clock);
    }

    /// <summary>
    /// A day long ago that no other test writes in: four notices (two of illegal content), five removals (two
    /// automated, three by people, one of them on a notice, one put back by an approval that was itself undone),
    /// one approval, one removal the day before, one removal undone at once (no decision); three notices decided
    /// after 1 h, 2 h and 4 h; two appeals filed, one reversed.
    /// </summary>
    private async Task<DateTimeOffset> ArrangeKnownDayAsync()
    {
        var now = _host.Clock.GetUtcNow();
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-500 - Random.Shared.Next(0, 100_000));
        DateTimeOffset At(double hours) => day.AddHours(hours);
        var article = await _data.AddArticleAsync("Known day");
        var c = new List<Comment>();
        for (var i = 0; i < 7; i++) c.Add(await _data.AddCommentAsync(article.Id, CommentStatus.Approved, createdAt: At(0.5)));
        var alice = new AuditActor("alice-id", "alice@example.com");

        await using var db = _data.CreateDbContext();
        db.Reports.AddRange(
            new Report { CommentId = c[0].Id, ReporterKey = "guest:a", Reason = ReportReason.IllegalContent, LegalGround = "StGB § 130", Country = "Germany", CreatedAt = At(1), ResolvedAt = At(3) },
            new Report { CommentId = c[1].Id, ReporterKey = "guest:b", Reason = ReportReason.IllegalContent, LegalGround = "StGB § 185", Country = "Germany", CreatedAt = At(2), ResolvedAt = At(6) },
            new Report { CommentId = c[2].Id, ReporterKey = "guest:c", Reason = ReportReason.Spam, CreatedAt = At(1), ResolvedAt = At(2) },
            new Report { CommentId = c[3].Id, ReporterKey = "guest:d", Reason = ReportReason.Abuse, CreatedAt = At(5) });
        var posted = AuditTrail.OfComment(c[4], AuditActions.Posted, null, CommentStatus.Spam, "Disallowed words: cheap pills", AuditActor.Engine, At(1));
        var onNotice = AuditTrail.OfComment(c[0], AuditActions.Reject, CommentStatus.Approved, CommentStatus.Rejected, "Hate speech", alice, At(3));
        db.ModerationEvents.AddRange(
            posted,
            onNotice,
            AuditTrail.OfComment(c[2], AuditActions.Reject, CommentStatus.Approved, CommentStatus.Rejected, "Off-topic", alice, At(2)),
            AuditTrail.OfComment(c[3], AuditActions.HiddenByReports, CommentStatus.Approved, CommentStatus.Approved, "3 readers reported it", AuditActor.ReadersReports, At(5)),
            AuditTrail.OfComment(c[1], AuditActions.Approve, CommentStatus.Approved, CommentStatus.Approved, null, alice, At(6)),
            AuditTrail.OfComment(c[1], AuditActions.Reject, CommentStatus.Approved, CommentStatus.Rejected, "Off-topic", alice, At(-1)),
            AuditTrail.OfComment(c[5], AuditActions.Spam, CommentStatus.Approved, CommentStatus.Spam, null, alice, At(8)),
            AuditTrail.OfComment(c[5], AuditActions.Undo, CommentStatus.Spam, CommentStatus.Approved, "undo of spam", alice, At(8.01)),
            AuditTrail.OfComment(c[6], AuditActions.Reject, CommentStatus.Approved, CommentStatus.Rejected, "Off-topic", alice, At(9)),
            AuditTrail.OfComment(c[6], AuditActions.Approve, CommentStatus.Rejected, CommentStatus.Approved, null, alice, At(9.5)),
            AuditTrail.OfComment(c[6], AuditActions.Undo, CommentStatus.Approved, CommentStatus.Rejected, "undo of approve", alice, At(9.6)));
        await db.SaveChangesAsync();
        db.Appeals.AddRange(
            new Appeal { CommentId = c[4].Id, DecisionEventId = posted.Id, Text = "Not spam", CreatedAt = At(2), Outcome = AppealOutcome.Reversed, DecidedAt = At(4), DecidedByUserId = "bob-id" },
            new Appeal { CommentId = c[0].Id, DecisionEventId = onNotice.Id, FirstDeciderUserId = "alice-id", Text = "Not illegal", CreatedAt = At(7) });
        await db.SaveChangesAsync();
        return day;
    }

    private static string Range(DateTimeOffset day) =>
        $"from={Uri.EscapeDataString(day.ToString("O", CultureInfo.InvariantCulture))}&until={Uri.EscapeDataString(day.AddDays(1).ToString("O", CultureInfo.InvariantCulture))}";

    [Fact]
    public async Task The_json_report_counts_a_known_day()
    {
        var day = await ArrangeKnownDayAsync();
        var client = await _host.ClientAsync("admin");

        var figures = await (await client.GetAsync($"/api/v1/transparency?{Range(day)}")).ReadAsync<TransparencyFigures>();

        Assert.Equal(new Dictionary<string, int> { ["spam"] = 1, ["abuse"] = 1, ["off-topic"] = 0, ["other"] = 0, ["illegal-content"] = 2 },
            figures.NoticesByCategory.ToDictionary(n => n.Category, n => n.Count));
        Assert.Equal(
            [
                new ActionCount(AuditActions.HiddenByReports, TransparencyReport.ReadersReports, true, 1),
                new ActionCount(AuditActions.Posted, TransparencyReport.AutomaticChecks, true, 1),
                new ActionCount(AuditActions.Reject, "Off-topic", false, 2),
                new ActionCount(AuditActions.Reject, "illegal content: StGB § 130 (Germany)", false, 1),
            ],
            figures.Actions);
        Assert.Equal((2, 3), (figures.AutomatedActions, figures.HumanActions));
        Assert.Equal((3, 7200d), (figures.NoticesDecided, figures.MedianSecondsToDecision));
        Assert.Equal((2, 1, 1, 0), (figures.AppealsFiled, figures.AppealsDecided, figures.AppealsReversed, figures.AppealsUpheld));
    }

    [Fact]
    public async Task The_csv_report_holds_the_same_figures_one_per_row()
    {
        var day = await ArrangeKnownDayAsync();
        var client = await _host.ClientAsync("admin");

        var response = await client.GetAsync($"/api/v1/transparency?{Range(day)}&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("section,category,ground,decided_by,value", rows[0]);
        Assert.Contains("notices,illegal-content,,,2", rows);
        Assert.Contains("notices,off-topic,,,0", rows);
        Assert.Contains("actions,reject,illegal content: StGB § 130 (Germany),human,1", rows);
        Assert.Contains("actions,posted,automatic checks,automated,1", rows);
        Assert.Contains("actions,hidden-by-reports,readers' reports,automated,1", rows);
        Assert.Contains("actions-total,,,automated,2", rows);
        Assert.Contains("actions,reject,Off-topic,human,2", rows);
        Assert.DoesNotContain(rows, row => row.StartsWith("actions,spam,", StringComparison.Ordinal));
        Assert.Contains("actions-total,,,human,3", rows);
        Assert.Contains("time-to-decision,median-seconds,,,7200", rows);
        Assert.Contains("appeals,filed,,,2", rows);
        Assert.Contains("appeals,reversed,,,1", rows);
    }

    [Fact]
    public async Task A_reversed_range_is_refused_and_a_key_without_the_admin_scope_gets_nothing()
    {
        var admin = await _host.ClientAsync("admin");
        var now = _host.Clock.GetUtcNow();

        var reversed = await admin.GetAsync($"/api/v1/transparency?{Range(now).Replace("from=", "x=").Replace("until=", "from=").Replace("x=", "until=")}");
        var reader = await (await _host.ClientAsync("read")).GetAsync($"/api/v1/transparency?{Range(now)}");

        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Contains("from must be before until.", await reversed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
    }
}

public sealed class TransparencyReportTests(ApiHost host) : TransparencyReportTests<ApiHost>(host);

public sealed class TransparencyReportTestsOnPostgres(PostgresApiHost host) : TransparencyReportTests<PostgresApiHost>(host);
