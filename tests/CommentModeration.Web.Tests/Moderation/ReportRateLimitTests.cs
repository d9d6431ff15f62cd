using System.Net;
using CommentModeration.Core.Comments;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Moderation;

/// <summary>Two reports per address in the window, so the third shows the limit.</summary>
public class ReportLimitAppFactory : AppFactory
{
    public ReportLimitAppFactory() => Settings["Reports:PerIpPerWindow"] = "2";
}

public sealed class PostgresReportLimitAppFactory : ReportLimitAppFactory
{
    public PostgresReportLimitAppFactory() => UsePostgres();
}

public abstract class ReportRateLimitTests<TFactory> : IClassFixture<TFactory>
    where TFactory : ReportLimitAppFactory
{
    private readonly TFactory _factory;

    protected ReportRateLimitTests(TFactory factory) => _factory = factory;

    [Fact]
    public async Task Reporting_faster_than_the_limit_is_answered_429_with_retry_after_and_stores_nothing()
    {
        using (_factory.CreateDbContext()) { }
        var data = new ModerationTestData(_factory.Services, _factory.Clock);
        var article = await data.AddArticleAsync();
        var comments = new List<long>();
        for (var i = 0; i < 3; i++) comments.Add((await data.AddCommentAsync(article.Id, CommentStatus.Approved)).Id);
        var client = _factory.CreateBrowserClient();

        HttpResponseMessage? last = null;
        foreach (var id in comments)
        {
            last = await client.SubmitFormAsync($"/comments/{id}/report", "#reportform", new Dictionary<string, string> { ["Input.Reason"] = "Spam" });
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.NotNull(last.Headers.RetryAfter);
        var page = FormClient.Parse(await last.Content.ReadAsStringAsync());
        Assert.Contains("many reports in a short time", page.QuerySelector("[role=alert]")?.TextContent);
        await using var db = data.CreateDbContext();
        Assert.Equal(2, await db.Reports.CountAsync());
    }
}

public sealed class ReportRateLimitTests(ReportLimitAppFactory factory) : ReportRateLimitTests<ReportLimitAppFactory>(factory);

public sealed class ReportRateLimitTestsOnPostgres(PostgresReportLimitAppFactory factory) : ReportRateLimitTests<PostgresReportLimitAppFactory>(factory);
