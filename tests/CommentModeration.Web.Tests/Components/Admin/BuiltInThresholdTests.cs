using Bunit;
using CommentModeration.Core.Rules.BuiltIn;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Components.Pages.Admin;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Components.Admin;

/// <summary>A threshold changed in the rules list changes the draft only; saving the draft stores it in the settings.</summary>
public abstract class BuiltInThresholdTests<TFactory>(TFactory host) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : AppFactory
{
    /// <summary>The page and the edits wait on the database, which may answer asynchronously (PostgreSQL) and later than a render.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly BunitContext _context = AdminComponents.Create(host);

    [Fact]
    public async Task Thresholds_edited_in_the_rules_list_are_stored_when_the_draft_is_saved()
    {
        var editing = _context.Services.GetRequiredService<DiscussionSettingsEditing>();
        var draft = _context.Services.GetRequiredService<RuleSetDraft>();
        var before = await editing.LoadAsync();
        var page = _context.Render<RulesPage>();
        page.WaitForElement($"tr[data-rule='{BuiltInRule.Flood}'] .threshold input", Patience);

        page.Find($"tr[data-rule='{BuiltInRule.Flood}'] .threshold input").Change("5");
        page.Find($"tr[data-rule='{BuiltInRule.ManualApproval}'] input[type=checkbox]").Change(true);

        page.WaitForAssertion(() => Assert.Equal(before with { FloodIntervalSeconds = 5, ManualApproval = true }, draft.Definition.Discussion), Patience);
        Assert.True(draft.HasChanges);
        Assert.Equal(before, await editing.LoadAsync());

        Assert.True((await draft.SaveAsync(await StaffAccounts.EnsureAsync(host.Services, new("threshold-admin", "Admin"), Roles.Admin), "shorter flood interval")).Succeeded);
        Assert.Equal(before with { FloodIntervalSeconds = 5, ManualApproval = true }, await editing.LoadAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}

public sealed class BuiltInThresholdTests(AppFactory host) : BuiltInThresholdTests<AppFactory>(host);

public sealed class BuiltInThresholdTestsOnPostgres(PostgresAppFactory host) : BuiltInThresholdTests<PostgresAppFactory>(host);
