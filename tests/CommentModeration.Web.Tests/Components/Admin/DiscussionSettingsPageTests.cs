using AngleSharp.Dom;
using Bunit;
using CommentModeration.Core.Discussion;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Components.Pages.Admin;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Components.Admin;

/// <summary>The settings form edits a copy of the stored value; saving stores exactly what was edited.</summary>
public abstract class DiscussionSettingsPageTests<TFactory>(TFactory host) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : AppFactory
{
    private readonly BunitContext _context = AdminComponents.Create(host);

    private DiscussionSettingsEditing Editing => _context.Services.GetRequiredService<DiscussionSettingsEditing>();

    private static IElement Field(IRenderedComponent<DiscussionSettingsPage> page, string label, string input = "input") =>
        page.FindAll(".mud-input-control").Single(f => f.TextContent.Contains(label, StringComparison.Ordinal)).QuerySelector(input)!;

    /// <summary>The stored settings, and the page showing them.</summary>
    private async Task<(DiscussionSettings Before, IRenderedComponent<DiscussionSettingsPage> Page)> OpenAsync()
    {
        var before = await Editing.LoadAsync();
        var page = _context.Render<DiscussionSettingsPage>();
        page.WaitForElement("#save-settings");
        return (before, page);
    }

    [Fact]
    public async Task Saved_form_stores_the_edited_fields_and_keeps_the_others()
    {
        var (before, page) = await OpenAsync();

        Field(page, "Thread depth").Change("3");
        Field(page, "Hold every comment for manual approval").Change(true);
        Field(page, "Moderation words", "textarea").Change("  casino \n\npoker");
        await page.Find("#save-settings").ClickAsync(new MouseEventArgs());

        Assert.Empty(page.FindAll("#settings-errors"));
        Assert.Equal(before with { ThreadDepth = 3, ManualApproval = true, ModerationKeys = "casino\npoker" }, await Editing.LoadAsync());
        Assert.True(_context.Services.GetRequiredService<CurrentRuleSet>().Settings.ManualApproval);
    }

    [Fact]
    public async Task Edits_change_nothing_until_saved_and_discard_brings_the_stored_settings_back()
    {
        var (before, page) = await OpenAsync();

        Field(page, "Top-level comments per page").Change("7");
        Field(page, "Guests may comment").Change(false);

        Assert.Equal(before, await Editing.LoadAsync());
        Assert.Equal(before, _context.Services.GetRequiredService<CurrentRuleSet>().Settings);

        // The edits re-render the form, later than the test's own read when the database answers asynchronously
        // (PostgreSQL): the button is looked up in the page as it is when clicked.
        page.WaitForAssertion(() => page.FindAll("button").Single(b => b.TextContent.Contains("Discard changes", StringComparison.Ordinal)).Click());
        page.WaitForAssertion(() => Assert.Equal(before.CommentsPerPage.ToString(), Field(page, "Top-level comments per page").GetAttribute("value")));
        await page.Find("#save-settings").ClickAsync(new MouseEventArgs());

        Assert.Empty(page.FindAll("#settings-errors"));
        Assert.Equal(before, await Editing.LoadAsync());
    }

    [Fact]
    public async Task Choosing_newest_first_and_the_last_page_stores_both()
    {
        var (before, page) = await OpenAsync();
        IElement Radio(string label) => page.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == label).QuerySelector("input[type=radio]")!;

        await Radio("newest first").ClickAsync(new MouseEventArgs());
        await Radio("last comment page").ClickAsync(new MouseEventArgs());
        await page.Find("#save-settings").ClickAsync(new MouseEventArgs());

        Assert.Empty(page.FindAll("#settings-errors"));
        var expected = before with { CommentOrder = CommentOrder.NewestFirst, CommentLandingPage = CommentLandingPage.Last };
        Assert.Equal(expected, await Editing.LoadAsync());
        Assert.Equal(expected, _context.Services.GetRequiredService<CurrentRuleSet>().Settings);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}

public sealed class DiscussionSettingsPageTests(AppFactory host) : DiscussionSettingsPageTests<AppFactory>(host);

public sealed class DiscussionSettingsPageTestsOnPostgres(PostgresAppFactory host) : DiscussionSettingsPageTests<PostgresAppFactory>(host);
