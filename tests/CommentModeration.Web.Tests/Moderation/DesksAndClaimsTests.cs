using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Moderation;

/// <summary>Claimed work and desks over the real database (SQLite, and PostgreSQL in the twin), with the test host's clock.</summary>
public abstract class DesksAndClaimsTests<TFactory> : IClassFixture<TFactory>
    where TFactory : AppFactory
{
    private readonly AppFactory _factory;
    private readonly ModerationTestData _data;

    protected DesksAndClaimsTests(TFactory factory)
    {
        _factory = factory;
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
    }

    private QueueClaims Claims => _data.Get<QueueClaims>();
    private Desks DeskList => _data.Get<Desks>();

    private async Task<Article> AddArticleOnDeskAsync(string desk)
    {
        var article = await _data.AddArticleAsync();
        await using var db = _data.CreateDbContext();
        await db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Section, desk));
        article.Section = desk;
        return article;
    }

    [Fact]
    public async Task A_comment_one_moderator_has_open_is_refused_to_another_who_is_told_who_holds_it()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);

        Assert.Null(await Claims.TakeAsync(comment.Id, Alice));
        var holder = await Claims.TakeAsync(comment.Id, Bob);

        Assert.Equal(Alice.Name, holder?.Name);
        Assert.Equal(Alice.Name, (await Claims.HeldByOthersAsync([comment.Id], Bob))[comment.Id].Name);
        Assert.Empty(await Claims.HeldByOthersAsync([comment.Id], Alice));
        // Alice renewing her own claim is no conflict.
        Assert.Null(await Claims.TakeAsync(comment.Id, Alice));
    }

    [Fact]
    public async Task Only_a_latest_decision_made_by_someone_else_is_told_as_decided_elsewhere()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);
        var decisions = _data.Get<ModeratorDecisions>();

        // Held by the engine at posting: no one decided it since.
        await decisions.ApproveAsync([Ref(comment)], Alice);
        Assert.Null(await Claims.LastDecisionByOthersAsync(comment.Id, Alice));

        await decisions.SpamAsync([Ref(await _data.ReloadAsync(comment.Id))], Bob);
        var bobs = await Claims.LastDecisionByOthersAsync(comment.Id, Alice);
        Assert.Equal(Bob.Name, bobs?.ActorName);
        Assert.Equal(Core.Comments.CommentStatus.Spam, bobs?.ToStatus);
        Assert.Null(await Claims.LastDecisionByOthersAsync(comment.Id, Bob));

        await decisions.ApproveAsync([Ref(await _data.ReloadAsync(comment.Id))], Alice);
        Assert.Null(await Claims.LastDecisionByOthersAsync(comment.Id, Alice));
    }

    [Fact]
    public async Task Opening_another_comment_or_leaving_ends_the_claim_so_the_other_moderator_gets_it()
    {
        var article = await _data.AddArticleAsync();
        var first = await _data.AddCommentAsync(article.Id);
        var second = await _data.AddCommentAsync(article.Id);

        Assert.Null(await Claims.TakeAsync(first.Id, Alice));
        Assert.Null(await Claims.TakeAsync(second.Id, Alice));
        Assert.Null(await Claims.TakeAsync(first.Id, Bob));

        await Claims.ReleaseAsync(Alice);
        Assert.Null(await Claims.TakeAsync(second.Id, Ada));
        await using var db = _data.CreateDbContext();
        Assert.Equal([first.Id, second.Id], await db.QueueClaims.Where(c => c.CommentId == first.Id || c.CommentId == second.Id).OrderBy(c => c.CommentId).Select(c => c.CommentId).ToListAsync());
        Assert.Equal(Bob.UserId, (await db.QueueClaims.SingleAsync(c => c.CommentId == first.Id)).ClaimantId);
    }

    [Fact]
    public async Task A_claim_left_open_runs_out_after_two_minutes_and_another_moderator_takes_the_comment()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);
        Assert.Null(await Claims.TakeAsync(comment.Id, Alice));

        _factory.Clock.Advance(QueueClaims.Duration - TimeSpan.FromSeconds(1));
        Assert.Equal(Alice.Name, (await Claims.TakeAsync(comment.Id, Bob))?.Name);

        _factory.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(await Claims.HeldByOthersAsync([comment.Id], Bob));
        Assert.Null(await Claims.TakeAsync(comment.Id, Bob));
        Assert.Equal(Bob.Name, (await Claims.TakeAsync(comment.Id, Alice))?.Name);
    }

    [Fact]
    public async Task The_desk_filter_shows_only_comments_on_that_desks_articles_and_items_name_their_desk()
    {
        var desk = $"Politics {Guid.NewGuid():N}";
        var politics = await AddArticleOnDeskAsync(desk);
        var sport = await AddArticleOnDeskAsync($"Sport {Guid.NewGuid():N}");
        var onDesk = await _data.AddCommentAsync(politics.Id, body: "on the politics desk");
        var offDesk = await _data.AddCommentAsync(sport.Id, body: "on the sport desk");

        var page = await _data.Get<ModerationQueue>().GetPageAsync(new QueueFilter { Desks = [desk] });

        var item = Assert.Single(page.Items);
        Assert.Equal(onDesk.Id, item.Id);
        Assert.Equal(desk, item.Desk);
        var all = await _data.Get<ModerationQueue>().GetPageAsync(new QueueFilter { Order = QueueOrder.NewestFirst }, pageSize: 200);
        Assert.Contains(all.Items, i => i.Id == offDesk.Id);
        Assert.Contains(desk, await DeskList.ListAsync());
        Assert.Contains(new DeskCount(desk, 1), await DeskList.PendingByDeskAsync());
    }

    [Fact]
    public async Task An_admin_assigns_a_moderator_to_desks_and_a_moderator_cannot()
    {
        var saved = await DeskList.AssignAsync(Bob.UserId, ["Sport", " Politics ", "Sport", ""], Ada);
        Assert.True(saved.Succeeded);
        Assert.Equal(["Politics", "Sport"], await DeskList.OfAsync(Bob.UserId));

        var refused = await DeskList.AssignAsync(Bob.UserId, ["Culture"], Alice);
        Assert.Equal([Web.Moderation.CurrentRoles.Revoked], refused.Errors);
        var tooLong = await DeskList.AssignAsync(Bob.UserId, [new string('d', 101)], Ada);
        Assert.False(tooLong.Succeeded);
        Assert.Equal(["Politics", "Sport"], await DeskList.OfAsync(Bob.UserId));

        Assert.True((await DeskList.AssignAsync(Bob.UserId, [], Ada)).Succeeded);
        Assert.Empty(await DeskList.OfAsync(Bob.UserId));
    }
}

public sealed class DesksAndClaimsTests(AppFactory factory) : DesksAndClaimsTests<AppFactory>(factory);

public sealed class DesksAndClaimsTestsOnPostgres(PostgresAppFactory factory) : DesksAndClaimsTests<PostgresAppFactory>(factory);
