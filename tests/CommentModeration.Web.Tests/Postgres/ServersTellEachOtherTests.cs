using System.Collections.Concurrent;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CommentModeration.Web.Tests.Postgres;

/// <summary>
/// Two servers of one site on one PostgreSQL database tell each other what changed (LISTEN/NOTIFY):
/// open moderation queues, cached reader pages and the rules in force follow a change on either.
/// The rules poll is off, so nothing but the notification can carry a save across.
/// </summary>
public sealed class ServersTellEachOtherTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly PostgresAppFactory _first = WithoutPoll(new PostgresAppFactory());
    private readonly PostgresAppFactory _second;

    public ServersTellEachOtherTests() => _second = WithoutPoll(_first.AnotherServer());

    private static PostgresAppFactory WithoutPoll(PostgresAppFactory server)
    {
        server.Settings["Rules:RefreshSeconds"] = "0";
        return server;
    }

    public async Task InitializeAsync()
    {
        // The first migrates; the second starts on the migrated database.
        _ = _first.Server;
        _ = _second.Server;
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task A_change_published_on_one_server_reaches_the_open_queues_of_the_other_and_its_own_once()
    {
        var onFirst = Listen(_first);
        var onSecond = Listen(_second);

        Notifier(_first).Publish(ModerationChange.Added(41));
        await UntilAsync(() => onSecond.Contains(ModerationChange.Added(41)));
        // Notifications arrive in the order they were sent: once this one is back on the first server,
        // the first's own notification has come back to it as well, and must not have been shown twice.
        Notifier(_second).Publish(ModerationChange.Changed(42));
        await UntilAsync(() => onFirst.Contains(ModerationChange.Changed(42)));

        Assert.Equal([ModerationChange.Added(41), ModerationChange.Changed(42)], onFirst.ToArray());
        Assert.Equal([ModerationChange.Added(41), ModerationChange.Changed(42)], onSecond.ToArray());
    }

    [Fact]
    public async Task A_comment_approved_on_one_server_is_on_the_article_page_the_other_had_cached()
    {
        var article = await _first.AddArticleAsync(ReaderArrange.UniqueSlug("crossing"));
        const string text = "Held until a moderator on the first server looks";
        var held = await _first.AddCommentAsync(article, text, CommentStatus.Pending);
        var reader = _second.CreateClient();
        // Read (and so cached) on the second server before the decision.
        Assert.DoesNotContain(text, await reader.GetStringAsync("/articles/" + article.Slug));
        var moderator = await StaffAccounts.EnsureAsync(_first.Services, new Moderator("servers-moderator", "Moderator"), Roles.Moderator);

        var approved = await _first.Services.GetRequiredService<ModeratorDecisions>().ApproveAsync([new CommentRef(held.Id, held.Version)], moderator);

        Assert.True(approved.Succeeded);
        await UntilAsync(async () => (await reader.GetStringAsync("/articles/" + article.Slug)).Contains(text));
    }

    [Fact]
    public async Task An_article_evicted_on_one_server_is_no_longer_cached_on_the_other()
    {
        var slug = ReaderArrange.UniqueSlug("crossing");
        var other = ReaderArrange.UniqueSlug("untouched");
        await CachePageAsync(_second, slug);
        await CachePageAsync(_second, other);

        // What the first server does after a change to the article (its follow-up, an article edit).
        await _first.Services.GetRequiredService<ArticlePageCache>().EvictAsync(slug);

        await UntilAsync(async () => !await IsCachedAsync(_second, slug));
        Assert.True(await IsCachedAsync(_second, other));
    }

    [Fact]
    public async Task Settings_saved_on_one_server_are_in_force_on_the_other()
    {
        var admin = await StaffAccounts.EnsureAsync(_first.Services, new Moderator("servers-admin", "Admin"), Roles.Admin);
        var editing = _first.Services.GetRequiredService<DiscussionSettingsEditing>();
        var inForceOnSecond = _second.Services.GetRequiredService<CurrentRuleSet>();
        Assert.NotEqual(13, inForceOnSecond.Settings.CommentsPerPage);

        var outcome = await editing.SaveAsync(await editing.LoadAsync() with { CommentsPerPage = 13 }, admin);

        Assert.True(outcome.Succeeded);
        await UntilAsync(() => inForceOnSecond.Settings.CommentsPerPage == 13);
    }

    [Fact]
    public async Task Rules_saved_on_one_server_are_in_force_on_the_other()
    {
        var inForceOnSecond = _second.Services.GetRequiredService<CurrentRuleSet>();
        var (definition, errors) = RuleSetEditing.Import(
            """{ "rules": [ { "name": "Casino spam", "action": "hold", "when": { "words": { "terms": ["casino"] } } } ] }""");
        Assert.Empty(errors);

        var revision = await _first.Services.GetRequiredService<RuleSetStore>().SaveAsync(definition!, "servers-admin", "Admin", "casino rule");

        await UntilAsync(() => inForceOnSecond.Current.Revision == revision.Id);
        Assert.Contains(inForceOnSecond.Current.Rules, r => r.Name == "Casino spam");
    }

    [Fact]
    public async Task A_server_whose_listening_session_is_cut_listens_again_and_forgets_its_cached_pages()
    {
        var slug = ReaderArrange.UniqueSlug("reconnect");
        await CachePageAsync(_second, slug);
        var cut = await ListeningSessionsAsync();
        Assert.Equal(2, cut.Count);

        await OnDatabaseAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
            PostgresNotifications.ListenerName);

        // Evictions sent while it was not listening are lost to it: listening again, it keeps no page it may have missed one for,
        await UntilAsync(async () => !await IsCachedAsync(_second, slug));
        await UntilAsync(async () => (await ListeningSessionsAsync()).Count(pid => !cut.Contains(pid)) == 2);
        // and hears what is said from then on.
        var onSecond = Listen(_second);
        Notifier(_first).Publish(ModerationChange.Changed(7));
        await UntilAsync(() => onSecond.Contains(ModerationChange.Changed(7)));
    }

    /// <summary>Puts an entry into the server's output cache tagged as the reader page policy tags an article's page.</summary>
    private static async Task CachePageAsync(PostgresAppFactory server, string slug)
    {
        var store = server.Services.GetRequiredService<IOutputCacheStore>();
        await store.SetAsync(PageKey(slug), "<html>"u8.ToArray(), [ArticlePageCache.AllTag, ArticlePageCache.ArticleTag(slug)], TimeSpan.FromMinutes(10), default);
        Assert.True(await IsCachedAsync(server, slug));
    }

    private static async Task<bool> IsCachedAsync(PostgresAppFactory server, string slug) =>
        await server.Services.GetRequiredService<IOutputCacheStore>().GetAsync(PageKey(slug), default) is not null;

    private static string PageKey(string slug) => "GET\x1ehttp\x1elocalhost/articles/" + slug;

    private static IModerationNotifier Notifier(PostgresAppFactory server) => server.Services.GetRequiredService<IModerationNotifier>();

    private static ConcurrentQueue<ModerationChange> Listen(PostgresAppFactory server)
    {
        var heard = new ConcurrentQueue<ModerationChange>();
        Notifier(server).Subscribe(change =>
        {
            heard.Enqueue(change);
            return Task.CompletedTask;
        });
        return heard;
    }

    /// <summary>The backends of the servers' listening sessions that have listened (their last statement was LISTEN).</summary>
    private async Task<List<int>> ListeningSessionsAsync()
    {
        var pids = new List<int>();
        await using var connection = new NpgsqlConnection(_first.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database() AND query LIKE 'LISTEN%'", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = PostgresNotifications.ListenerName });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return pids;
    }

    private async Task OnDatabaseAsync(string sql, string parameter)
    {
        await using var connection = new NpgsqlConnection(_first.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await command.ExecuteNonQueryAsync();
    }

    private static Task UntilAsync(Func<bool> reached) => Eventually.UntilAsync(reached, Patience, "the other server did not follow.");

    private static Task UntilAsync(Func<Task<bool>> reached) => Eventually.UntilAsync(reached, Patience, "the other server did not follow.");
}
