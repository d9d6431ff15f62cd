using Bunit;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Components.Pages.Admin;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommentModeration.Web.Tests.Components.Admin;

/// <summary>
/// Staff pages that do not lose work: the rules draft is kept per admin in the database, so a new
/// circuit (a reload, another tab, a restart) finds it; fields act on one click; reverting asks first.
/// </summary>
public abstract class RuleDraftKeepingTests<TFactory>(TFactory host) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : AppFactory
{
    /// <summary>The pages wait on the database, which may answer asynchronously (PostgreSQL) and later than a render.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly List<BunitContext> _circuits = [];

    private BunitContext NewCircuit(bool keptDraft = true)
    {
        var circuit = AdminComponents.Create(host, keptDraft);
        _circuits.Add(circuit);
        return circuit;
    }

    private static RuleSetDraft DraftOf(BunitContext circuit) => circuit.Services.GetRequiredService<RuleSetDraft>();

    private Task<Moderator> AdminAsync() => StaffAccounts.EnsureAsync(host.Services, new("component-admin", "admin@example.com"), Roles.Admin);

    [Fact]
    public async Task A_list_created_with_one_click_is_still_there_unsaved_in_a_new_circuit()
    {
        var name = "kept-" + Guid.NewGuid().ToString("N")[..8];
        var first = NewCircuit(keptDraft: false);
        var page = first.Render<WordListsPage>();
        page.WaitForElement(".new-list-name input", Patience);

        // Typed, then clicked while the field still has the focus: no change event has fired.
        page.Find(".new-list-name input").Input(name);
        page.Find("#create-list").Click();

        page.WaitForAssertion(() => Assert.Contains(name, page.Find("#word-list-names").TextContent), Patience);
        await DraftOf(first).KeptAsync();
        page.WaitForAssertion(() => Assert.Contains("Kept for you", page.Find("#draft-kept").TextContent), Patience);

        var second = NewCircuit();
        var again = second.Render<WordListsPage>();
        again.WaitForAssertion(() =>
        {
            Assert.Contains(name, again.Find("#word-list-names").TextContent);
            Assert.Contains("Unsaved changes", again.Find("#draft-bar").TextContent);
            Assert.Contains("Kept from your last visit", again.Find("#draft-kept").TextContent);
        }, Patience);
        Assert.DoesNotContain(name, (await host.Services.GetRequiredService<RuleSetEditing>().LoadAsync()).Definition.WordLists.Keys);

        // Found and clicked in one step: the page may render once more after loading, renewing the button's handler.
        again.WaitForAssertion(() => again.Find("#discard-rules").Click(), Patience);
        again.WaitForAssertion(() => Assert.Empty(again.FindAll("#draft-bar")), Patience);

        var third = NewCircuit();
        var afterDiscard = third.Render<WordListsPage>();
        afterDiscard.WaitForAssertion(() => Assert.Contains("In force: revision", afterDiscard.Markup), Patience);
        Assert.DoesNotContain(name, afterDiscard.Markup);
    }

    [Fact]
    public async Task A_kept_draft_is_gone_once_saved_and_keeps_the_revision_it_started_from()
    {
        var name = "saved-" + Guid.NewGuid().ToString("N")[..8];
        var first = NewCircuit(keptDraft: false);
        var draft = DraftOf(first);
        await draft.EnsureLoadedAsync();
        draft.Definition.WordLists[name] = ["casino"];
        draft.MarkChanged();
        await draft.KeptAsync();

        var second = NewCircuit();
        var restored = DraftOf(second);
        await restored.EnsureLoadedAsync();
        Assert.True(restored.HasChanges);
        Assert.Equal(draft.BaseRevision, restored.BaseRevision);
        Assert.Equal(["casino"], restored.Definition.WordLists[name]);

        var outcome = await restored.SaveAsync(await AdminAsync(), "kept list");
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.Select(e => e.Message)));

        var third = NewCircuit();
        var fresh = DraftOf(third);
        await fresh.EnsureLoadedAsync();
        Assert.False(fresh.HasChanges);
        Assert.Equal(outcome.Revision, fresh.BaseRevision);
        var adminId = (await AdminAsync()).UserId;
        await using var db = host.CreateDbContext();
        Assert.False(await db.RuleDrafts.AnyAsync(d => d.UserId == adminId));
    }

    [Fact]
    public async Task Two_windows_of_one_admin_never_write_over_each_others_kept_draft_unasked()
    {
        var (mine, theirs) = ("window-a-" + Guid.NewGuid().ToString("N")[..8], "window-b-" + Guid.NewGuid().ToString("N")[..8]);
        var first = NewCircuit(keptDraft: false);
        var second = NewCircuit();
        var (a, b) = (DraftOf(first), DraftOf(second));
        await a.EnsureLoadedAsync();
        await b.EnsureLoadedAsync();

        a.Definition.WordLists[mine] = ["casino"];
        a.MarkChanged();
        await a.KeptAsync();
        b.Definition.WordLists[theirs] = ["lottery"];
        b.MarkChanged();
        await b.KeptAsync();

        // The second window's edit is not written over the first's, and it says why.
        Assert.Equal((DraftKeeping.Kept, DraftKeeping.ChangedElsewhere), (a.Keeping, b.Keeping));
        Assert.Equal([mine], (await KeptListsAsync()).Intersect([mine, theirs]));
        var bar = second.Render<DraftBar>();
        bar.WaitForAssertion(() => Assert.Contains("changed, saved or discarded these rules in another window", bar.Find("#draft-kept").TextContent), Patience);

        // Kept over the other's when the admin says so; then the first window is the one told.
        await bar.Find("#keep-this-window").ClickAsync(new());
        Assert.Equal(DraftKeeping.Kept, b.Keeping);
        Assert.Equal([theirs], (await KeptListsAsync()).Intersect([mine, theirs]));
        a.Definition.WordLists[mine] = ["casino", "poker"];
        a.MarkChanged();
        await a.KeptAsync();
        Assert.Equal(DraftKeeping.ChangedElsewhere, a.Keeping);
        Assert.Equal([theirs], (await KeptListsAsync()).Intersect([mine, theirs]));

        // Taking the other's replaces this window's edits with it; discarding then drops what both see.
        await a.TakeOtherAsync();
        Assert.Equal((DraftKeeping.Kept, true), (a.Keeping, a.HasChanges));
        Assert.Equal([theirs], a.Definition.WordLists.Keys.Intersect([mine, theirs]));
        await a.ReloadAsync();
        Assert.Empty(await KeptListsAsync());
    }

    /// <summary>The word lists of the admin's kept draft (none when nothing is kept).</summary>
    private async Task<IReadOnlyCollection<string>> KeptListsAsync()
    {
        var adminId = (await AdminAsync()).UserId;
        await using var db = host.CreateDbContext();
        var row = await db.RuleDrafts.AsNoTracking().FirstOrDefaultAsync(d => d.UserId == adminId);
        return row is null ? [] : CommentModeration.Core.Rules.File.RulesFile.Parse(row.RulesJson).WordLists.Keys;
    }

    [Fact]
    public void The_new_rule_page_shows_no_errors_before_input_and_adds_the_rule_on_one_click()
    {
        var circuit = NewCircuit(keptDraft: false);
        var popovers = circuit.Render<MudPopoverProvider>();
        var page = circuit.Render<RuleEditorPage>();
        page.WaitForElement(".rule-name input", Patience);

        Assert.Empty(page.FindAll("#rule-errors"));
        Assert.Empty(page.FindAll(".condition-error"));

        popovers.PickFromMenu(page.Find(".root-condition-kind"), "[data-kind=links]");
        page.Find(".rule-name input").Input("One click rule");
        page.WaitForAssertion(() => Assert.Contains("One click rule", page.Find("#rule-json").TextContent), Patience);
        page.Find("#apply-rule").Click();

        Assert.Single(DraftOf(circuit).Definition.Rules, r => r.Name == "One click rule");
    }

    [Fact]
    public async Task Revert_to_this_shows_what_it_changes_and_acts_only_when_confirmed()
    {
        var probe = "Revert probe " + Guid.NewGuid().ToString("N")[..8];
        var editing = host.Services.GetRequiredService<RuleSetEditing>();
        var admin = await AdminAsync();
        var withProbe = (await editing.LoadAsync()).Definition;
        var (imported, errors) = RuleSetEditing.Import($$"""{ "rules": [ { "name": "{{probe}}", "action": "hold", "when": { "links": { "atLeast": 9 } } } ] }""");
        Assert.Empty(errors);
        withProbe.Rules.Add(imported!.Rules.Single());
        var probeRevision = (await editing.SaveAsync(withProbe, admin, "with probe")).Revision!.Value;
        var withoutProbe = new RuleSetDefinition { WordLists = withProbe.WordLists, Rules = withProbe.Rules.Where(r => r.Name != probe).ToList(), Discussion = withProbe.Discussion };
        var inForce = (await editing.SaveAsync(withoutProbe, admin, "without probe")).Revision!.Value;

        var circuit = NewCircuit(keptDraft: false);
        var page = circuit.Render<RevisionsPage>();
        page.WaitForElement($"tr[data-revision='{probeRevision}'] .revert", Patience);

        page.Find($"tr[data-revision='{probeRevision}'] .revert").Click();
        page.WaitForAssertion(() => Assert.Contains($"Rule \u201c{probe}\u201d added", page.Find("#revert-summary").TextContent), Patience);
        Assert.Contains($"Revert to revision {probeRevision}?", page.Find("#revert-confirm").TextContent);
        Assert.Contains(probe, page.Find("#revert-lines").TextContent);
        Assert.Equal(inForce, (await editing.LoadAsync()).Revision);

        page.Find("#cancel-revert").Click();
        // The click may queue behind the page's first load finishing (PostgreSQL answers asynchronously): wait for its render.
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#revert-confirm")), Patience);
        Assert.Equal(inForce, (await editing.LoadAsync()).Revision);

        page.Find($"tr[data-revision='{probeRevision}'] .revert").Click();
        page.WaitForElement("#confirm-revert", Patience).Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#revert-confirm")), Patience);
        var reverted = await editing.LoadAsync();
        Assert.True(reverted.Revision > inForce);
        Assert.Contains(reverted.Definition.Rules, r => r.Name == probe);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var circuit in _circuits) await circuit.DisposeAsync();
    }
}

public sealed class RuleDraftKeepingTests(AppFactory host) : RuleDraftKeepingTests<AppFactory>(host);

public sealed class RuleDraftKeepingTestsOnPostgres(PostgresAppFactory host) : RuleDraftKeepingTests<PostgresAppFactory>(host);
