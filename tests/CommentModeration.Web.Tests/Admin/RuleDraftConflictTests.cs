using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Admin;

/// <summary>A rules draft saved after someone else saved rules or settings must not silently undo their change.</summary>
public abstract class RuleDraftConflictTests<TFactory>(TFactory host) : IClassFixture<TFactory>
    where TFactory : AdminHost
{
    private async Task<(IServiceScope Scope, RuleSetDraft Draft)> OpenDraftAsync()
    {
        var scope = host.Services.CreateScope();
        // As a circuit does: the draft is kept for the admin signed in to it.
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, host.Admin.UserId), new Claim(ClaimTypes.Name, host.Admin.Name)], "test"));
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        var draft = scope.ServiceProvider.GetRequiredService<RuleSetDraft>();
        await draft.ReloadAsync();
        return (scope, draft);
    }

    private static void AddRule(RuleSetDraft draft, string name, string term)
    {
        var (imported, errors) = RuleSetEditing.Import(
            $$"""{ "rules": [ { "name": "{{name}}", "action": "hold", "when": { "words": { "terms": ["{{term}}"] } } } ] }""");
        Assert.Empty(errors);
        draft.Definition.Rules.Add(imported!.Rules.Single());
        draft.MarkChanged();
    }

    private async Task<int> FloodIntervalAsync() => (await host.Services.GetRequiredService<DiscussionSettingsEditing>().LoadAsync()).FloodIntervalSeconds;

    private async Task SetFloodIntervalOnSettingsPageAsync(int seconds)
    {
        var editing = host.Services.GetRequiredService<DiscussionSettingsEditing>();
        var settings = await editing.LoadAsync() with { FloodIntervalSeconds = seconds };
        Assert.True((await editing.SaveAsync(settings, host.Admin)).Succeeded);
    }

    [Fact]
    public async Task Settings_changed_while_a_draft_is_open_survive_the_drafts_save()
    {
        var (scope, draft) = await OpenDraftAsync();
        using var _ = scope;
        AddRule(draft, "Casino spam", "casino");

        await SetFloodIntervalOnSettingsPageAsync(42);
        var outcome = await draft.SaveAsync(host.Admin, "casino rule");

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.Select(e => e.Message)));
        Assert.Equal(42, await FloodIntervalAsync());
        Assert.Contains(host.Services.GetRequiredService<CurrentRuleSet>().Current.Rules, r => r.Name == "Casino spam");
        Assert.Equal(42, host.Services.GetRequiredService<CurrentRuleSet>().Settings.FloodIntervalSeconds);
    }

    [Fact]
    public async Task A_draft_changing_a_threshold_that_changed_meanwhile_is_refused_and_nothing_is_saved()
    {
        var (scope, draft) = await OpenDraftAsync();
        using var _ = scope;
        var revisionBefore = draft.BaseRevision;
        draft.Definition.Discussion = draft.Definition.Discussion! with { FloodIntervalSeconds = 5 };
        draft.MarkChanged();

        await SetFloodIntervalOnSettingsPageAsync(30);
        var outcome = await draft.SaveAsync(host.Admin, "shorter flood interval");

        Assert.False(outcome.Succeeded);
        Assert.Contains("discussion settings were changed", Assert.Single(outcome.Errors).Message);
        Assert.Equal(30, await FloodIntervalAsync());
        var (check, reloaded) = await OpenDraftAsync();
        using var __ = check;
        Assert.Equal(revisionBefore, reloaded.BaseRevision);
    }

    [Fact]
    public async Task The_second_of_two_drafts_saved_from_the_same_revision_is_refused_with_who_saved_first()
    {
        var (firstScope, first) = await OpenDraftAsync();
        var (secondScope, second) = await OpenDraftAsync();
        using var _ = firstScope;
        using var __ = secondScope;
        AddRule(first, "Crypto spam", "crypto");
        AddRule(second, "Phone numbers", "phone");

        Assert.True((await first.SaveAsync(host.Admin with { Name = "First Admin" }, "crypto rule")).Succeeded);
        var outcome = await second.SaveAsync(host.Admin with { Name = "Second Admin" }, "phone rule");

        Assert.False(outcome.Succeeded);
        Assert.StartsWith("First Admin saved the rules", Assert.Single(outcome.Errors).Message);
        var rules = host.Services.GetRequiredService<CurrentRuleSet>().Current.Rules;
        Assert.Contains(rules, r => r.Name == "Crypto spam");
        Assert.DoesNotContain(rules, r => r.Name == "Phone numbers");
        Assert.True(second.HasChanges);
    }
}

public sealed class RuleDraftConflictTests(AdminHost host) : RuleDraftConflictTests<AdminHost>(host);

public sealed class RuleDraftConflictTestsOnPostgres(PostgresAdminHost host) : RuleDraftConflictTests<PostgresAdminHost>(host);
