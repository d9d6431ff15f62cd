using System.Net;
using Bunit;
using CommentModeration.Web.Api;
using CommentModeration.Web.Components.Pages.Admin;
using CommentModeration.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Components.Admin;

/// <summary>/admin/api-keys: an admin makes a key (shown once, with a copy button), sees it listed, and revokes it after confirming; the API follows at once.</summary>
public abstract class ApiKeysPageTests<TFactory>(TFactory host) : IClassFixture<TFactory>, IAsyncLifetime where TFactory : ApiHost
{
    /// <summary>Saving goes to the database: on two busy cores, longer than bUnit's default second.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly BunitContext _context = WithKeys(AdminComponents.Create(host), host);

    private static BunitContext WithKeys(BunitContext context, ApiHost host)
    {
        context.Services.AddSingleton(host.Services.GetRequiredService<ApiKeys>());
        return context;
    }

    [Fact]
    public async Task A_key_is_made_shown_once_copied_listed_and_revoked_after_confirming()
    {
        var page = _context.Render<ApiKeysPage>();
        // The keys load after the first render, which renders the form again: act on the form once they are shown.
        page.WaitForElement("#key-table", Wait);
        var name = $"Newsroom CMS {Guid.NewGuid():N}";
        page.Find(".key-name input").Change(name);
        page.Find(".scope-moderate input").Change(true);

        page.Find("#create-key").Click();

        page.WaitForElement("#new-key", Wait);
        var key = page.Find("#new-key-value").TextContent.Trim();
        Assert.True(ApiKeys.TryParse(key, out var prefix));
        var client = host.ClientWith(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/moderation/counts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles")).StatusCode);
        var cell = page.Find($"td[data-prefix='{prefix}']");
        var row = cell.ParentElement!.TextContent;
        Assert.Contains(name, row);
        Assert.Contains("read, moderate", row);
        Assert.Contains("never", row);

        page.Find("#copy-key").Click();
        Assert.Equal(key, _context.JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments.Single());

        page.Find($"td[data-prefix='{prefix}'] .revoke").Click();
        Assert.Contains($"Revoke {name}?", page.Find($"td[data-prefix='{prefix}'] .confirm-revoke").TextContent);
        page.Find($"td[data-prefix='{prefix}'] .cancel").Click();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles")).StatusCode);

        page.Find($"td[data-prefix='{prefix}'] .revoke").Click();
        page.Find($"td[data-prefix='{prefix}'] .confirm").Click();

        page.WaitForAssertion(() => Assert.Contains("revoked", page.Find($"td[data-prefix='{prefix}'] .revoked").TextContent), Wait);
        await (await client.GetAsync("/api/v1/articles")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void A_key_without_a_name_or_scope_is_refused_with_the_reason_and_nothing_shown()
    {
        var page = _context.Render<ApiKeysPage>();
        page.WaitForElement("#key-table", Wait);
        page.Find(".scope-read input").Change(false);

        page.Find("#create-key").Click();

        var errors = page.WaitForElement("#key-errors", Wait).TextContent;
        Assert.Contains("Give the key a name", errors);
        Assert.Contains("Give at least one scope", errors);
        Assert.Empty(page.FindAll("#new-key"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}

public sealed class ApiKeysPageTests(ApiHost host) : ApiKeysPageTests<ApiHost>(host);

public sealed class ApiKeysPageTestsOnPostgres(PostgresApiHost host) : ApiKeysPageTests<PostgresApiHost>(host);
