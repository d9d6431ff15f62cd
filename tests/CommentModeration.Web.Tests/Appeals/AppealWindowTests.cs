using System.Net;
using CommentModeration.Core.Comments;
using CommentModeration.Web.Appeals;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Appeals;

/// <summary>An appeal is open for six months after the decision (EU Digital Services Act, Art. 20(1)), by the app's clock. A class of its own: it moves its host's clock by months.</summary>
public abstract class AppealWindowTests<TFactory> : IClassFixture<TFactory>
    where TFactory : MailAppFactory
{
    private readonly MailAppFactory _factory;
    private readonly ModerationTestData _data;

    protected AppealWindowTests(TFactory factory)
    {
        _factory = factory;
        _data = new ModerationTestData(factory.Services, factory.Clock);
    }

    [Fact]
    public async Task An_appeal_is_taken_until_six_months_after_the_decision_and_refused_after_with_nothing_written()
    {
        var article = await _data.AddArticleAsync();
        var early = await _data.AddCommentAsync(article.Id, email: $"window-early-{Guid.NewGuid():N}@example.org");
        var late = await _data.AddCommentAsync(article.Id, email: $"window-late-{Guid.NewGuid():N}@example.org");
        var actions = _data.Get<ModeratorDecisions>();
        await actions.RejectAsync([Ref(early), Ref(late)], "Off-topic", Alice);
        var decidedAt = _factory.Clock.GetUtcNow();
        var earlyLink = (await _factory.Smtp.WaitForMailAsync(early.AuthorEmail)).Link(AppealLinks.FormPath).PathAndQuery;
        var lateLink = (await _factory.Smtp.WaitForMailAsync(late.AuthorEmail)).Link(AppealLinks.FormPath).PathAndQuery;
        var client = _factory.CreateBrowserClient();

        _factory.Clock.Advance(decidedAt.AddMonths(6).AddDays(-1) - decidedAt);
        var inTime = await client.SubmitFormAsync(earlyLink, "#appealform", new Dictionary<string, string> { ["Input.Text"] = "Still in time." });
        Assert.Contains("Your appeal is filed", await inTime.Content.ReadAsStringAsync());

        var lateForm = FormClient.FormIn(await client.GetDocumentAsync(lateLink), "#appealform", lateLink);
        _factory.Clock.Advance(TimeSpan.FromDays(2));
        var page = await client.GetDocumentAsync(lateLink);
        Assert.StartsWith("The time to appeal against this decision ended on", page.QuerySelector(".appeal-late")?.TextContent);
        Assert.Null(page.QuerySelector("#appealform"));
        // A form opened in time and sent too late is refused where the appeal is filed.
        var tooLate = await client.PostAsync(lateForm.Target, lateForm.With(new Dictionary<string, string> { ["Input.Text"] = "Too late now." }));
        Assert.Equal(HttpStatusCode.BadRequest, tooLate.StatusCode);

        await using var db = _data.CreateDbContext();
        Assert.True(await db.Appeals.AnyAsync(a => a.CommentId == early.Id));
        Assert.False(await db.Appeals.AnyAsync(a => a.CommentId == late.Id));
        Assert.Equal(CommentStatus.Rejected, (await _data.ReloadAsync(late.Id)).Status);
    }
}

public sealed class AppealWindowTests(MailAppFactory factory) : AppealWindowTests<MailAppFactory>(factory);

public sealed class AppealWindowTestsOnPostgres(PostgresMailAppFactory factory) : AppealWindowTests<PostgresMailAppFactory>(factory);
