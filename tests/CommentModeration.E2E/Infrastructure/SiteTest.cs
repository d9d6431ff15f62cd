using Microsoft.Playwright;

namespace CommentModeration.E2E.Infrastructure;

/// <summary>The shared site: one app and one Chromium for every test class in the collection.</summary>
[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>
{
    public const string Name = "Site";
}

/// <summary>
/// Base for E2E tests on the shared site: <c>[Collection(SiteCollection.Name)] public class MyTests(SiteFixture site) : SiteTest(site)</c>.
/// Pages it opens live in their own browser contexts, closed after each test.
/// </summary>
public abstract class SiteTest(SiteFixture site) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    static SiteTest()
    {
        // Saves, live queue updates and circuits can take seconds on a loaded 2-core machine:
        // every test's expectations wait as long as the browser contexts wait for actions.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    protected SiteFixture Site { get; } = site;

    /// <summary>A page in a fresh context: a guest, or signed in as one of <see cref="Accounts"/>; JavaScript off when asked.</summary>
    protected async Task<IPage> NewPageAsync(string? signedInAs = null, bool javaScriptEnabled = true)
    {
        var context = await Site.NewContextAsync(signedInAs, javaScriptEnabled);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Web-first assertions (they retry until the default timeout).</summary>
    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
    }
}
