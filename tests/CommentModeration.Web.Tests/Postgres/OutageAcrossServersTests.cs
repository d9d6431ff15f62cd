using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Postgres;

/// <summary>
/// Two servers of one site, the first cut off from the database (through a relay) while the second
/// goes on: what the second tells it meanwhile is lost to it, so when it reaches the database again
/// it must not go on serving what it had. The rules poll is off, so only reconnecting can catch it up.
/// </summary>
public sealed class OutageAcrossServersTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly RelayedPostgresReaderAppFactory _cutOff = new();
    private readonly PostgresAppFactory _other;

    public OutageAcrossServersTests()
    {
        _cutOff.Settings["Rules:RefreshSeconds"] = "0";
        _other = _cutOff.AnotherServer();
        _ = _cutOff.Server;
        _ = _other.Server;
    }

    public void Dispose()
    {
        _other.Dispose();
        _cutOff.Dispose();
    }

    [Fact]
    public async Task A_server_back_from_an_outage_shows_the_comment_and_settings_another_server_saved_meanwhile()
    {
        var article = await _other.AddArticleAsync(ReaderArrange.UniqueSlug("outage-across"));
        const string text = "Approved on the other server while this one was cut off";
        var held = await _other.AddCommentAsync(article, text, CommentStatus.Pending);
        var reader = _cutOff.CreateClient();
        Assert.DoesNotContain(text, await reader.GetStringAsync(ArticleUrls.Article(article.Slug)));
        var inForce = _cutOff.Services.GetRequiredService<CurrentRuleSet>();
        Assert.NotEqual(17, inForce.Settings.CommentsPerPage);
        var moderator = await StaffAccounts.EnsureAsync(_other.Services, new Moderator("outage-moderator", "Moderator"), Roles.Moderator);
        var admin = await StaffAccounts.EnsureAsync(_other.Services, new Moderator("outage-admin", "Admin"), Roles.Admin);

        using (_cutOff.Relay!.Cut())
        {
            Assert.True((await _other.Services.GetRequiredService<ModeratorDecisions>().ApproveAsync([new CommentRef(held.Id, held.Version)], moderator)).Succeeded);
            var settings = _other.Services.GetRequiredService<DiscussionSettingsEditing>();
            Assert.True((await settings.SaveAsync(await settings.LoadAsync() with { CommentsPerPage = 17 }, admin)).Succeeded);
            // Meanwhile its readers get the page it had.
            Assert.DoesNotContain(text, await reader.GetStringAsync(ArticleUrls.Article(article.Slug)));
        }

        await UntilAsync(async () => (await reader.GetStringAsync(ArticleUrls.Article(article.Slug))).Contains(text) && inForce.Settings.CommentsPerPage == 17);
    }

    [Fact]
    public async Task A_server_back_from_an_outage_tells_the_others_of_its_first_decision()
    {
        var article = await _other.AddArticleAsync(ReaderArrange.UniqueSlug("outage-tells"));
        var before = await _other.AddCommentAsync(article, "Approved before the outage", CommentStatus.Pending);
        const string text = "Approved on the server back from the outage";
        var after = await _other.AddCommentAsync(article, text, CommentStatus.Pending);
        var moderator = await StaffAccounts.EnsureAsync(_cutOff.Services, new Moderator("outage-teller", "Moderator"), Roles.Moderator);
        var decisions = _cutOff.Services.GetRequiredService<ModeratorDecisions>();
        // A decision before the outage: the server's connections for telling the others are open when the database goes.
        Assert.True((await decisions.ApproveAsync([new CommentRef(before.Id, before.Version)], moderator)).Succeeded);
        var reader = _other.CreateClient();
        await UntilAsync(async () => (await reader.GetStringAsync(ArticleUrls.Article(article.Slug))).Contains("Approved before the outage"));

        using (_cutOff.Relay!.Cut())
        {
            Assert.DoesNotContain(text, await reader.GetStringAsync(ArticleUrls.Article(article.Slug)));
        }
        // The first decision that the database takes again (one may still meet a connection the outage closed, and is refused).
        await UntilAsync(async () =>
        {
            try
            {
                return (await decisions.ApproveAsync([new CommentRef(after.Id, after.Version)], moderator)).Succeeded;
            }
            catch (Exception e) when (CommentModeration.Data.DatabaseFaults.IsTransient(e))
            {
                return false;
            }
        });

        await UntilAsync(async () => (await reader.GetStringAsync(ArticleUrls.Article(article.Slug))).Contains(text));
    }

    private static Task UntilAsync(Func<Task<bool>> reached) =>
        Eventually.UntilAsync(reached, Patience, "the server back from the outage still shows what it had.");
}
