using CommentModeration.Web.Admin;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Admin;

/// <summary>Anonymous reader pages are output-cached; what an admin changes must reach readers at once.</summary>
public abstract class ReaderPagesFollowAdminEditsTests<TFactory>(TFactory host) : IClassFixture<TFactory>
    where TFactory : AdminHost
{
    private T Service<T>() where T : notnull => host.Services.GetRequiredService<T>();

    [Fact]
    public async Task Edited_title_reaches_the_cached_article_page_and_home_page()
    {
        var articles = Service<ArticleEditing>();
        var form = articles.New();
        form.Title = "Ceasefire talks resume";
        Assert.True((await articles.SaveAsync(form, host.Admin)).Succeeded);
        var reader = host.CreateClient();
        Assert.Contains("Ceasefire talks resume", await reader.GetStringAsync("/articles/ceasefire-talks-resume"));
        Assert.Contains("Ceasefire talks resume", await reader.GetStringAsync("/"));

        var edit = (await articles.GetAsync(form.Id!.Value))!;
        edit.Title = "Ceasefire talks stall";
        Assert.True((await articles.SaveAsync(edit, host.Admin)).Succeeded);

        var page = await reader.GetStringAsync("/articles/ceasefire-talks-resume");
        Assert.Contains("Ceasefire talks stall", page);
        Assert.DoesNotContain("Ceasefire talks resume", page);
        Assert.Contains("Ceasefire talks stall", await reader.GetStringAsync("/"));
    }

    [Fact]
    public async Task Closing_old_articles_in_settings_reaches_the_cached_page()
    {
        var articles = Service<ArticleEditing>();
        var form = articles.New();
        form.Title = "Border town, a year on";
        form.PublishedAt = host.Clock.GetUtcNow().AddDays(-10);
        Assert.True((await articles.SaveAsync(form, host.Admin)).Succeeded);
        var reader = host.CreateClient();
        var before = await reader.GetStringAsync("/articles/border-town-a-year-on");
        Assert.Contains("id=\"commentform\"", before);

        var editing = Service<DiscussionSettingsEditing>();
        var settings = await editing.LoadAsync() with { CloseCommentsAfterDays = 7 };
        Assert.True((await editing.SaveAsync(settings, host.Admin)).Succeeded);

        var after = await reader.GetStringAsync("/articles/border-town-a-year-on");
        Assert.Contains("Comments are closed.", after);
        Assert.DoesNotContain("id=\"commentform\"", after);
    }

    [Fact]
    public async Task Edited_title_and_schedule_reach_a_signed_in_reader_whose_page_is_not_output_cached()
    {
        var articles = Service<ArticleEditing>();
        var form = articles.New();
        form.Title = "Flood defences reviewed";
        Assert.True((await articles.SaveAsync(form, host.Admin)).Succeeded);
        var member = await host.SignedInClientAsync(AdminHost.ReaderEmail);
        Assert.Contains("Flood defences reviewed", await member.GetStringAsync("/articles/flood-defences-reviewed"));

        var edit = (await articles.GetAsync(form.Id!.Value))!;
        edit.Title = "Flood defences fall short";
        Assert.True((await articles.SaveAsync(edit, host.Admin)).Succeeded);
        var page = await member.GetStringAsync("/articles/flood-defences-reviewed");
        Assert.Contains("Flood defences fall short", page);
        Assert.DoesNotContain("Flood defences reviewed", page);

        var scheduled = articles.New();
        scheduled.Title = "Results night live";
        scheduled.PublishedAt = host.Clock.GetUtcNow().AddHours(1);
        Assert.True((await articles.SaveAsync(scheduled, host.Admin)).Succeeded);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await member.GetAsync("/articles/results-night-live")).StatusCode);
        host.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Contains("Results night live", await member.GetStringAsync("/articles/results-night-live"));
    }
}

public sealed class ReaderPagesFollowAdminEditsTests(AdminHost host) : ReaderPagesFollowAdminEditsTests<AdminHost>(host);

public sealed class ReaderPagesFollowAdminEditsTestsOnPostgres(PostgresAdminHost host) : ReaderPagesFollowAdminEditsTests<PostgresAdminHost>(host);
