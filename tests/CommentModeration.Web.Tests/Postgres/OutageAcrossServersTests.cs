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

    private static async Task UntilAsync(Func<Task<bool>> reached)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await reached())
        {
            Assert.True(DateTime.UtcNow < deadline, "The server back from the outage still shows what it had.");
            await Task.Delay(50);
        }
    }
}
