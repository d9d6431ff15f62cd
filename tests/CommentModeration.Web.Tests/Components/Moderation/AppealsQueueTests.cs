using Bunit;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Appeals;
using CommentModeration.Web.Components.Pages.Moderation;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;
using Microsoft.Extensions.DependencyInjection;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Components.Moderation;

/// <summary>The appeals queue page (/moderation/appeals) over the real services and database, as Bob sees it.</summary>
public abstract class AppealsQueueTests<TFactory> : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : AppFactory
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly BunitContext _context = new();
    private readonly ModerationTestData _data;

    protected AppealsQueueTests(TFactory factory)
    {
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
        // Before the page's services: the first render (the popover provider) locks them.
        _context.Services.AddSingleton(factory.Services.GetRequiredService<AppealDecisions>());
        _context.AddQueuePage(factory.Services, Bob);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private async Task<(Comment Comment, long AppealId)> AppealedAsync(Moderator decidedBy, string body)
    {
        var article = await _data.AddArticleAsync("Harbour plan");
        var comment = await _data.AddCommentAsync(article.Id, body: body);
        var rejected = await _data.Get<ModeratorDecisions>().RejectAsync([Ref(comment)], "Off-topic", decidedBy);
        Assert.True((await _data.Get<AuthorAppeals>().FileAsync(rejected.Changed[0].EventId, "It is on topic.")).Filed);
        await using var db = _data.CreateDbContext();
        return (comment, await db.Appeals.Where(a => a.CommentId == comment.Id).Select(a => a.Id).SingleAsync());
    }

    [Fact]
    public async Task Bob_sees_appeals_with_the_decision_and_may_reverse_one_decided_by_Alice_but_not_one_he_decided()
    {
        var (byAlice, aliceAppeal) = await AppealedAsync(Alice, "Alice rejected this harbour comment.");
        var (byBob, bobAppeal) = await AppealedAsync(Bob, "Bob rejected this harbour comment.");

        var cut = _context.Render<AppealsQueue>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($"[data-appeal='{aliceAppeal}']")), Patience);
        var alices = cut.Find($"[data-appeal='{aliceAppeal}']");
        Assert.Contains("Alice rejected this harbour comment.", alices.TextContent);
        Assert.Contains("by alice@example.com. Ground: Off-topic", alices.TextContent);
        Assert.Contains("It is on topic.", alices.TextContent);
        var bobs = cut.Find($"[data-appeal='{bobAppeal}']");
        Assert.Contains("You took this decision: someone else must decide the appeal.", bobs.TextContent);
        Assert.Empty(bobs.QuerySelectorAll(".appeal-reverse"));

        cut.Find($"[data-appeal='{aliceAppeal}'] .appeal-reason input").Input("Clearly about the harbour.");
        cut.Find($"[data-appeal='{aliceAppeal}'] .appeal-reverse").Click();

        cut.WaitForAssertion(() => Assert.Equal("Decision reversed: the comment is published again, and its author is told.", cut.Find(".appeal-message").TextContent.Trim()), Patience);
        Assert.Empty(cut.FindAll($"[data-appeal='{aliceAppeal}']"));
        Assert.NotEmpty(cut.FindAll($"[data-appeal='{bobAppeal}']"));
        Assert.Equal(CommentStatus.Approved, (await _data.ReloadAsync(byAlice.Id)).Status);
        Assert.Equal(CommentStatus.Rejected, (await _data.ReloadAsync(byBob.Id)).Status);
    }

    [Fact]
    public async Task Deciding_without_a_reason_says_so_and_changes_nothing()
    {
        var (comment, appealId) = await AppealedAsync(Alice, "A comment waiting for a reasoned decision.");

        var cut = _context.Render<AppealsQueue>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($"[data-appeal='{appealId}'] .appeal-uphold")), Patience);
        cut.Find($"[data-appeal='{appealId}'] .appeal-uphold").Click();

        cut.WaitForAssertion(() => Assert.Equal("Give the reason for your decision on the appeal: its author is told.", cut.Find(".appeal-message").TextContent.Trim()), Patience);
        Assert.NotEmpty(cut.FindAll($"[data-appeal='{appealId}']"));
        Assert.Equal(CommentStatus.Rejected, (await _data.ReloadAsync(comment.Id)).Status);
    }
}

public sealed class AppealsQueueTests(AppFactory factory) : AppealsQueueTests<AppFactory>(factory);

public sealed class AppealsQueueTestsOnPostgres(PostgresAppFactory factory) : AppealsQueueTests<PostgresAppFactory>(factory);
