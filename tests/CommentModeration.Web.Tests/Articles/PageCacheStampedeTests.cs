using System.Data.Common;
using System.Net;
using CommentModeration.Data;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>
/// A change to an article read by many at once costs one render: the readers asking while it runs
/// get the page from before the change, then the new one; the author of the change sees it at once;
/// a page found stale more than <see cref="ReaderPageStore.StaleBound"/> ago is not served any more.
/// A render is held in the middle by <see cref="ArticleReadGate"/>, so the readers provably ask while it runs.
/// </summary>
public abstract class PageCacheStampedeTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : StampedeAppFactory
{
    // Guards against a hang, not a measurement: every wait here ends as soon as the thing waited for happens.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private ReaderPageStore Store => factory.Services.GetRequiredService<ReaderPageStore>();

    private ReaderFragmentCache Fragments => factory.Services.GetRequiredService<ReaderFragmentCache>();

    [Fact]
    public async Task Readers_during_a_change_get_the_page_before_it_while_one_render_makes_the_new_one()
    {
        var (url, author) = await ArticleWithApprovedGuestAsync("stampede", "stampede-author@example.com");
        Assert.Contains("Already there", await factory.CreateClient().GetStringAsync(url));

        var posted = await author.SubmitFormAsync(url, "#commentform",
            ReaderArrange.GuestReply("Posted while many read", author: "Stampede Author", email: "stampede-author@example.com"));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var rendersBefore = Store.RendersStarted;

        factory.Gate.Hold(Slug(url));
        var rendering = factory.CreateClient().GetStringAsync(url);
        await factory.Gate.Entered.WaitAsync(Patience);

        var readers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => factory.CreateClient().GetStringAsync(url))).WaitAsync(Patience);
        Assert.All(readers, page => Assert.Contains("Already there", page));
        Assert.All(readers, page => Assert.DoesNotContain("Posted while many read", page));
        // The author's landing is written for them (their browser remembers the comment), never the page from before it.
        var landing = author.GetStringAsync(posted.Headers.Location);

        factory.Gate.Release();
        Assert.Contains("Posted while many read", await landing.WaitAsync(Patience));
        Assert.Contains("Posted while many read", await rendering.WaitAsync(Patience));
        Assert.Contains("Posted while many read", await factory.CreateClient().GetStringAsync(url));
        Assert.Equal(rendersBefore + 1, Store.RendersStarted);
    }

    [Fact]
    public async Task An_author_sees_their_published_comment_at_once_with_editing_off()
    {
        var settings = factory.Services.GetRequiredService<DiscussionSettingsEditing>();
        var admin = await StaffAccounts.EnsureAsync(factory.Services, new("stampede-admin", "Admin"), Roles.Admin);
        var editingOff = await settings.LoadAsync() with { EditWindowMinutes = 0 };
        Assert.True((await settings.SaveAsync(editingOff, admin)).Succeeded);
        try
        {
            var (url, author) = await ArticleWithApprovedGuestAsync("stampede-no-edit", "no-edit-author@example.com");
            Assert.Contains("Already there", await factory.CreateClient().GetStringAsync(url));
            var posted = await author.SubmitFormAsync(url, "#commentform",
                ReaderArrange.GuestReply("Mine, not editable", author: "Stampede Author", email: "no-edit-author@example.com"));
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

            factory.Gate.Hold(Slug(url));
            var rendering = factory.CreateClient().GetStringAsync(url);
            await factory.Gate.Entered.WaitAsync(Patience);
            Assert.DoesNotContain("Mine, not editable", await factory.CreateClient().GetStringAsync(url).WaitAsync(Patience));
            var landing = author.GetStringAsync(posted.Headers.Location);

            factory.Gate.Release();
            var page = FormClient.Parse(await landing.WaitAsync(Patience));
            Assert.Contains("Mine, not editable", page.QuerySelector("#comments")!.TextContent);
            Assert.Null(page.QuerySelector(".comment-edit-link"));
            await rendering.WaitAsync(Patience);
        }
        finally
        {
            await settings.SaveAsync(editingOff with { EditWindowMinutes = 5 }, admin);
        }
    }

    [Fact]
    public async Task A_page_found_stale_longer_than_the_bound_is_not_served_while_it_renders()
    {
        var (url, _) = await ArticleWithApprovedGuestAsync("stampede-bound", "bound-reader@example.com");
        var article = await ArticleAsync(url);
        Assert.Contains("Already there", await factory.CreateClient().GetStringAsync(url));
        // Approved elsewhere and evicted as the work after a commit does.
        await factory.AddCommentAsync(article, "Approved by a moderator");
        await factory.Services.GetRequiredService<ArticlePageCache>().EvictAsync(article.Slug);

        factory.Gate.Hold(article.Slug);
        var rendering = factory.CreateClient().GetStringAsync(url);
        await factory.Gate.Entered.WaitAsync(Patience);
        Assert.DoesNotContain("Approved by a moderator", await factory.CreateClient().GetStringAsync(url).WaitAsync(Patience));

        factory.Clock.Advance(ReaderPageStore.StaleBound + TimeSpan.FromMilliseconds(1));
        var late = factory.CreateClient().GetStringAsync(url);
        factory.Gate.Release();

        Assert.Contains("Approved by a moderator", await late.WaitAsync(Patience));
        Assert.Contains("Approved by a moderator", await rendering.WaitAsync(Patience));
    }

    [Fact]
    public async Task Signed_in_readers_asking_together_after_a_change_cost_one_page_and_one_render_of_its_threads()
    {
        var (url, _) = await ArticleWithApprovedGuestAsync("stampede-members", "members-guest@example.com");
        var article = await ArticleAsync(url);
        var members = new List<HttpClient>();
        for (var i = 0; i < 6; i++) members.Add(await factory.SignedInClientAsync($"stampede-member-{article.Id}-{i}@example.com"));
        Assert.Contains("Already there", await members[0].GetStringAsync(url));
        await factory.AddCommentAsync(article, "Published for the members");
        await factory.Services.GetRequiredService<ArticlePageCache>().EvictAsync(article.Slug);
        var (pagesBefore, threadsBefore) = (Fragments.SignedInPagesWritten, Fragments.ThreadRenders);

        factory.Gate.Hold(article.Slug);
        var reading = members.Select(member => member.GetStringAsync(url)).ToList();
        await factory.Gate.Entered.WaitAsync(Patience);
        factory.Gate.Release();
        var pages = await Task.WhenAll(reading).WaitAsync(Patience);

        for (var i = 0; i < pages.Length; i++)
        {
            Assert.Contains("Published for the members", pages[i]);
            Assert.Contains($"Logged in as stampede-member-{article.Id}-{i}.", FormClient.Parse(pages[i]).QuerySelector("#commentform")!.TextContent);
        }
        Assert.Equal(pagesBefore + 1, Fragments.SignedInPagesWritten);
        Assert.Equal(threadsBefore + 1, Fragments.ThreadRenders);
    }

    /// <summary>An article with an approved comment by a guest (so the guest's next post is published at once), and that guest's browser.</summary>
    private async Task<(string Url, HttpClient Author)> ArticleWithApprovedGuestAsync(string prefix, string email)
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug(prefix));
        await factory.AddCommentAsync(article, "Already there", author: "Stampede Author", email: email);
        return ("/articles/" + article.Slug, factory.CreateBrowserClient());
    }

    private async Task<Article> ArticleAsync(string url)
    {
        await using var db = factory.CreateDbContext();
        return await db.Articles.AsNoTracking().SingleAsync(a => a.Slug == Slug(url));
    }

    private static string Slug(string url) => url["/articles/".Length..];
}

public sealed class PageCacheStampedeTests(StampedeAppFactory factory) : PageCacheStampedeTests<StampedeAppFactory>(factory);

public sealed class PageCacheStampedeTestsOnPostgres(PostgresStampedeAppFactory factory) : PageCacheStampedeTests<PostgresStampedeAppFactory>(factory);

/// <summary>The reader pages' app with an <see cref="ArticleReadGate"/> on its database reads.</summary>
public class StampedeAppFactory : ReaderAppFactory
{
    public ArticleReadGate Gate { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
            services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Gate), ServiceLifetime.Singleton));
    }
}

public sealed class PostgresStampedeAppFactory : StampedeAppFactory
{
    public PostgresStampedeAppFactory() => UsePostgres();
}

/// <summary>
/// Holds one render of a page in the middle: the first read of an article's row after <see cref="Hold"/>
/// (which a render after a change makes, the article's details being evicted with its pages) waits until
/// <see cref="Release"/>. Every other command passes.
/// </summary>
public sealed class ArticleReadGate : DbCommandInterceptor
{
    private string? _slug;
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the held read has begun.</summary>
    public Task Entered => _entered.Task;

    public void Hold(string slug)
    {
        _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _slug, slug);
    }

    public void Release() => _released.TrySetResult();

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _slug) is { } slug && ReadsArticle(command, slug) && Interlocked.CompareExchange(ref _slug, null, slug) == slug)
        {
            _entered.TrySetResult();
            await _released.Task;
        }
        return result;
    }

    private static bool ReadsArticle(DbCommand command, string slug) =>
        command.CommandText.Contains("\"Articles\"", StringComparison.Ordinal)
        && command.Parameters.Cast<DbParameter>().Any(p => slug.Equals(p.Value as string, StringComparison.Ordinal));
}
