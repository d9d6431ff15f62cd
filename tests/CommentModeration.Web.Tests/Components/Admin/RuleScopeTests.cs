using Bunit;
using Bunit.Extensions.WaitForHelpers;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Components.Pages.Admin;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommentModeration.Web.Tests.Components.Admin;

/// <summary>A rule's article scope: articles found by title or slug as the admin types, the chosen ones as chips.</summary>
public abstract class RuleScopeTests<TFactory> : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : AppFactory
{
    private readonly AppFactory _host;
    private readonly BunitContext _context;
    private readonly IRenderedComponent<MudPopoverProvider> _popovers;

    protected RuleScopeTests(TFactory host)
    {
        _host = host;
        _context = AdminComponents.Create(host);
        _popovers = _context.Render<MudPopoverProvider>();
    }

    private async Task<Article> AddArticleAsync(string title, string slug, int daysAgo = 1)
    {
        await using var db = _host.CreateDbContext();
        var article = new Article { Title = title, Slug = slug, PublishedAt = _host.Clock.GetUtcNow().AddDays(-daysAgo) };
        db.Articles.Add(article);
        await db.SaveChangesAsync();
        return article;
    }

    private IReadOnlyList<string> Offered() => _popovers.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToList();

    /// <summary>The search reads the database once typing has paused, so its answer may take longer than a render.</summary>
    private static readonly TimeSpan SearchWait = TimeSpan.FromSeconds(10);

    private static void Type(IRenderedComponent<RuleEditorPage> page, string text)
    {
        page.Find(".rule-scope-search input").Focus();
        page.Find(".rule-scope-search input").Input(text);
    }

    /// <summary>
    /// Waits until the search offers <paramref name="titles"/>. The typing pause it waits for is timed by
    /// the app's clock, which the test moves past it again at each look: the pause begins only once the
    /// input is handled, which may come after a search already under way (the database answering asynchronously).
    /// </summary>
    private void WaitUntilOffered(IRenderedComponent<RuleEditorPage> page, params string[] titles)
    {
        for (var look = 1; ; look++)
        {
            _host.Clock.Advance(TimeSpan.FromSeconds(1));
            try
            {
                page.WaitForAssertion(() => Assert.Equal(titles, Offered()), SearchWait / 10);
                return;
            }
            catch (WaitForFailedException) when (look < 10)
            {
            }
        }
    }

    [Fact]
    public async Task Articles_are_found_by_title_or_slug_and_the_chosen_ones_become_chips_that_scope_the_rule()
    {
        var word = Guid.NewGuid().ToString("N")[..10];
        var byTitle = await AddArticleAsync($"Harbour plan {word} approved", $"harbour-{Guid.NewGuid():N}");
        var bySlug = await AddArticleAsync("Timetable changes", $"ferry-{word}-timetable", daysAgo: 2);
        await AddArticleAsync("Unrelated story", $"unrelated-{Guid.NewGuid():N}");

        var page = _context.Render<RuleEditorPage>();
        page.WaitForElement(".rule-name input");
        Assert.Empty(page.FindAll(".rule-scope-article"));

        Type(page, word);
        WaitUntilOffered(page, byTitle.Title, bySlug.Title);

        _popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == bySlug.Title).Click();

        page.WaitForAssertion(() => Assert.Equal([bySlug.Title], page.FindAll(".rule-scope-article").Select(c => c.TextContent.Trim())));
        Assert.Equal(bySlug.Id.ToString(), page.Find(".rule-scope-article").GetAttribute("data-article"));
        Assert.Contains("\"scope\"", page.Find("#rule-json").TextContent);
        Assert.Contains($"{bySlug.Id}", page.Find("#rule-json").TextContent);

        // An article already chosen is not offered again.
        Type(page, word);
        WaitUntilOffered(page, byTitle.Title);
    }

    [Fact]
    public async Task Closing_the_last_chip_leaves_the_rule_for_every_article()
    {
        var article = await AddArticleAsync("Budget vote tonight", $"budget-{Guid.NewGuid():N}");
        var draft = _context.Services.GetRequiredService<RuleSetDraft>();
        await draft.EnsureLoadedAsync();
        draft.Replace(new RuleSetDefinition
        {
            Rules = { new RuleDefinition { Name = "Scoped", Action = VerdictAction.Hold, When = new WordsCondition { Terms = ["idiot"] }, Scope = new RuleScope { Articles = [article.Id, 987_654_321] } } },
        });

        var page = _context.Render<RuleEditorPage>(p => p.Add(e => e.Index, 0));
        page.WaitForElement(".rule-scope-article");

        Assert.Equal([article.Title, "Article #987654321 (no longer stored)"], page.FindAll(".rule-scope-article").Select(c => c.TextContent.Trim()));

        page.Find($".rule-scope-article[data-article='987654321'] .mud-chip-close-button").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".rule-scope-article")));
        Assert.Contains("\"scope\"", page.Find("#rule-json").TextContent);

        page.Find(".rule-scope-article .mud-chip-close-button").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".rule-scope-article")));
        Assert.DoesNotContain("\"scope\"", page.Find("#rule-json").TextContent);

        page.Find("#apply-rule").Click();
        Assert.Null(Assert.Single(draft.Definition.Rules).Scope);
    }

    [Fact]
    public async Task The_search_reads_at_most_a_page_of_the_newest_matches_from_the_database()
    {
        var word = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < ArticleEditing.FindLimit + 5; i++)
        {
            await AddArticleAsync($"Story {i} {word}", $"story-{i}-{Guid.NewGuid():N}", daysAgo: i + 1);
        }

        var found = await _host.Services.GetRequiredService<ArticleEditing>().FindAsync(word.ToUpperInvariant());

        Assert.Equal(Enumerable.Range(0, ArticleEditing.FindLimit).Select(i => $"Story {i} {word}"), found.Select(a => a.Title));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}

public sealed class RuleScopeTests(AppFactory host) : RuleScopeTests<AppFactory>(host);

public sealed class RuleScopeTestsOnPostgres(PostgresAppFactory host) : RuleScopeTests<PostgresAppFactory>(host);
