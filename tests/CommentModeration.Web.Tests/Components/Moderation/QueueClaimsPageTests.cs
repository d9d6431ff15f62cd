using Bunit;
using CommentModeration.Core.Comments;
using CommentModeration.Web.Components.Pages.Moderation;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Components.Moderation;

/// <summary>
/// The queue page of Bob, a moderator assigned to a desk of his own, while Alice works beside him through
/// the real services: his queue opens on his desk, j passes over what Alice has open, and her decision on
/// the comment he is looking at is said in place. SQLite, and PostgreSQL in the twin.
/// </summary>
public abstract class QueueClaimsPageTests<TFactory> : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : AppFactory
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>When the desk's comments were posted, a minute apart, so the queue lists them in that order.</summary>
    private static readonly DateTimeOffset DeskStart = DateTimeOffset.UnixEpoch.AddYears(25);
    private readonly BunitContext _context = new();
    private readonly ModerationTestData _data;
    private readonly TFactory _factory;

    protected QueueClaimsPageTests(TFactory factory)
    {
        _factory = factory;
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
        _context.AddQueuePage(factory.Services, Bob);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    /// <summary>Three held comments on an article of a desk of Bob's own, and one on another desk.</summary>
    private async Task<(long First, long Second, long Third, long Elsewhere)> ArrangeAsync()
    {
        var desk = $"Desk {Guid.NewGuid():N}";
        var article = await _data.AddArticleAsync();
        var other = await _data.AddArticleAsync();
        await using (var db = _data.CreateDbContext())
        {
            await db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Section, desk));
            await db.Articles.Where(a => a.Id == other.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Section, "Elsewhere"));
        }
        Assert.True((await _data.Get<Desks>().AssignAsync(Bob.UserId, [desk], Ada)).Succeeded);
        var first = await _data.AddCommentAsync(article.Id, createdAt: DeskStart, body: "first on the desk");
        var second = await _data.AddCommentAsync(article.Id, createdAt: DeskStart.AddMinutes(1), body: "second on the desk");
        var third = await _data.AddCommentAsync(article.Id, createdAt: DeskStart.AddMinutes(2), body: "third on the desk");
        var elsewhere = await _data.AddCommentAsync(other.Id, createdAt: DeskStart.AddMinutes(3), body: "on another desk");
        return (first.Id, second.Id, third.Id, elsewhere.Id);
    }

    private static void Press(IRenderedComponent<QueueWorkspace> cut, string key)
    {
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".action-bar button[disabled]")), Patience);
        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = key });
    }

    private static string Current(IRenderedComponent<QueueWorkspace> cut) => cut.Find("li.queue-item[aria-selected=true]").Id ?? "";

    private CommentStatus StatusOf(long id) => Task.Run(() => _data.ReloadAsync(id)).GetAwaiter().GetResult().Status;

    [Fact]
    public async Task The_queue_opens_on_the_moderators_desk_and_j_passes_over_a_comment_another_moderator_has_open()
    {
        var (first, second, third, elsewhere) = await ArrangeAsync();
        Assert.Null(await _data.Get<QueueClaims>().TakeAsync(second, Alice));

        var cut = _context.Render<QueueWorkspace>();
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{first}", Current(cut)), Patience);
        Assert.Empty(cut.FindAll($"#queue-item-{elsewhere}"));
        cut.WaitForAssertion(() => Assert.Contains($"{Alice.Name} is on this", cut.Find($"#queue-item-{second} .queue-claimed").TextContent), Patience);
        Assert.Contains("Desk", cut.Find($"#queue-item-{first} .queue-desk").TextContent);

        // Every drawing of the page on the way: Alice's comment is passed over, never drawn as Bob's current one even
        // for a moment (on PostgreSQL the key's first wait on the database would draw it before the claim was read).
        var drawnCurrent = new List<string>();
        void Drawn(object? sender, EventArgs e) => drawnCurrent.Add(cut.FindAll("li.queue-item[aria-selected=true]").FirstOrDefault()?.Id ?? "");
        cut.OnMarkupUpdated += Drawn;
        Press(cut, "j");
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{third}", Current(cut)), Patience);
        cut.WaitForAssertion(() => Assert.Contains("third on the desk", cut.Find(".comment-body").TextContent), Patience);
        Press(cut, "k");
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{first}", Current(cut)), Patience);
        cut.OnMarkupUpdated -= Drawn;
        Assert.Contains($"queue-item-{third}", drawnCurrent);
        Assert.DoesNotContain($"queue-item-{second}", drawnCurrent);

        // All desks, one click away.
        cut.Find(".queue-all-desks").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"#queue-item-{elsewhere}")), Patience);
    }

    [Fact]
    public async Task J_passes_over_a_comment_decided_since_the_page_was_read_and_leaves_it_unclaimed()
    {
        var (first, second, third, _) = await ArrangeAsync();
        var cut = _context.Render<QueueWorkspace>();
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{first}", Current(cut)), Patience);

        // Decided where Bob's page has not heard of it yet (the page still lists it as held): another server's
        // moderator approved it and moved on, so no claim stands in the way.
        await using (var db = _data.CreateDbContext())
        {
            await db.Comments.Where(c => c.Id == second).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CommentStatus.Approved).SetProperty(c => c.Version, Guid.NewGuid()));
        }
        Press(cut, "j");

        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{third}", Current(cut)), Patience);
        cut.WaitForAssertion(() => Assert.Contains("third on the desk", cut.Find(".comment-body").TextContent), Patience);
        var held = await _data.Get<QueueClaims>().HeldByOthersAsync([second, third], Alice);
        Assert.Equal([third], held.Keys);
        Assert.Equal(Bob.UserId, held[third].UserId);
        Assert.Equal(CommentStatus.Approved, StatusOf(second));
    }

    [Fact]
    public async Task A_decision_by_someone_else_on_the_comment_shown_is_said_in_place_and_only_j_moves_on()
    {
        var (first, second, _, _) = await ArrangeAsync();

        var cut = _context.Render<QueueWorkspace>();
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{first}", Current(cut)), Patience);
        cut.WaitForAssertion(() => Assert.Contains("first on the desk", cut.Find(".comment-body").TextContent), Patience);

        var shown = await _data.ReloadAsync(first);
        Assert.True((await _data.Get<ModeratorDecisions>().ApproveAsync([Ref(shown)], Alice)).Succeeded);

        cut.WaitForAssertion(() => Assert.Contains($"{Alice.Name} approved this", cut.Find(".decided-elsewhere").TextContent), Patience);
        Assert.Contains("first on the desk", cut.Find(".comment-body").TextContent);
        Assert.Empty(cut.FindAll("li.queue-item[aria-selected=true]"));

        // A decision key on the notice acts on nothing: the next comment, which Bob has not seen, stays held.
        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = "s" });
        cut.Find(".queue-keyboard").KeyDown(new KeyboardEventArgs { Key = "a" });

        Press(cut, "j");
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{second}", Current(cut)), Patience);
        cut.WaitForAssertion(() => Assert.Contains("second on the desk", cut.Find(".comment-body").TextContent), Patience);
        // Keys are handled in the order pressed: once j has moved on, s and a were handled, and left the comment j moved to held.
        Assert.Equal(CommentStatus.Pending, StatusOf(second));
        Assert.Empty(cut.FindAll(".decided-elsewhere"));
        Press(cut, "a");
        cut.WaitForAssertion(() => Assert.Equal(CommentStatus.Approved, StatusOf(second)), Patience);
    }

    [Fact]
    public async Task A_comment_decided_in_the_all_queue_stays_shown_and_is_no_longer_held_from_others()
    {
        var (first, _, _, _) = await ArrangeAsync();
        var published = await _data.AddCommentAsync((await _data.ReloadAsync(first)).ArticleId, CommentStatus.Approved,
            body: "published on the desk", createdAt: DeskStart.AddMinutes(10));
        var claims = _data.Get<QueueClaims>();
        var cut = _context.Render<QueueWorkspace>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"#queue-item-{first}")), Patience);
        cut.Find(".queue-tab-all").Click();
        // The All queue has loaded once it lists the published comment: a click before that could be overtaken by the load.
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"#queue-item-{published.Id}")), Patience);
        Assert.Equal("true", cut.Find(".queue-tab-all").GetAttribute("aria-selected"));
        cut.Find($"#queue-item-{first}").Click();
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{first}", Current(cut)), Patience);
        Assert.Equal(Bob.UserId, (await claims.HeldByOthersAsync([first], Alice)).GetValueOrDefault(first)?.UserId);

        Press(cut, "a");
        cut.WaitForAssertion(() => Assert.Equal(CommentStatus.Approved, StatusOf(first)), Patience);

        // Still shown (the All queue holds it), but Alice may open it freely: once the page has ended Bob's claim
        // (after the decision, a moment later on PostgreSQL), and after Bob's page would have renewed a claim.
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{first}", Current(cut)), Patience);
        await Eventually.UntilAsync(async () => (await claims.HeldByOthersAsync([first], Alice)).Count == 0, Patience, "Bob's claim outlived his decision.");
        _factory.Clock.Advance(QueueClaims.RenewEvery + TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal($"queue-item-{first}", Current(cut)), Patience);
        Assert.Empty(await claims.HeldByOthersAsync([first], Alice));
        Assert.Null(await claims.TakeAsync(first, Alice));
    }
}

public sealed class QueueClaimsPageTests(AppFactory factory) : QueueClaimsPageTests<AppFactory>(factory);

public sealed class QueueClaimsPageTestsOnPostgres(PostgresAppFactory factory) : QueueClaimsPageTests<PostgresAppFactory>(factory);
