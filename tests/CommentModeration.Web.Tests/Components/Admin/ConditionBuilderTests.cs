using Bunit;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Kinds;
using CommentModeration.Web.Components.Pages.Admin;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommentModeration.Web.Tests.Components.Admin;

public sealed class ConditionBuilderTests : IClassFixture<AppFactory>, IAsyncLifetime
{
    private readonly BunitContext _context;

    /// <summary>Where the rule editor's selects and menus show their choices.</summary>
    private readonly IRenderedComponent<MudPopoverProvider> _popovers;

    public ConditionBuilderTests(AppFactory host)
    {
        _context = AdminComponents.Create(host);
        _popovers = _context.Render<MudPopoverProvider>();
    }

    [Fact]
    public void Building_a_rule_shows_its_definition_and_adds_it_to_the_draft()
    {
        var page = _context.Render<RuleEditorPage>();
        page.WaitForElement(".rule-name input");

        page.Find(".rule-name input").Input("Casino spam");
        page.WaitForAssertion(() => Assert.Contains("Casino spam", page.Find("#rule-json").TextContent));
        _popovers.ChooseIn(page.Find(".rule-action"), "[data-value=Spam]");
        _popovers.PickFromMenu(page.Find(".root-condition-kind"), "[data-kind=all]");
        _popovers.PickFromMenu(page.Find(".add-condition-kind"), "[data-kind=regex]");
        page.Find(".regex-pattern input").Change(@"casino\d+");
        page.WaitForAssertion(() => Assert.Contains("casino", page.Find("#rule-json").TextContent));
        _popovers.PickFromMenu(page.Find(".add-condition-kind"), "[data-kind=links]");

        var json = page.Find("#rule-json").TextContent;
        Assert.Contains("\"name\": \"Casino spam\"", json);
        Assert.Contains("\"action\": \"spam\"", json);
        Assert.Contains("\"all\"", json);
        Assert.Contains("\"pattern\": \"casino\\\\d+\"", json);
        Assert.Contains("\"atLeast\": 3", json);
        Assert.Empty(page.FindAll(".condition-error"));

        page.Find("#apply-rule").Click();

        var rule = Assert.Single(_context.Services.GetRequiredService<RuleSetDraft>().Definition.Rules, r => r.Name == "Casino spam");
        Assert.Equal(VerdictAction.Spam, rule.Action);
        var all = Assert.IsType<AllCondition>(rule.When);
        Assert.Equal(@"casino\d+", Assert.IsType<RegexCondition>(all.Conditions[0]).Pattern);
        Assert.Equal(3, Assert.IsType<LinksCondition>(all.Conditions[1]).AtLeast);
    }

    [Fact]
    public void Invalid_regex_is_explained_next_to_it_and_the_rule_cannot_be_kept()
    {
        var page = _context.Render<RuleEditorPage>();
        page.WaitForElement(".rule-name input");
        page.Find(".rule-name input").Input("Broken");
        _popovers.PickFromMenu(page.Find(".root-condition-kind"), "[data-kind=regex]");

        // bUnit's Change does not wait for the handler: MudBlazor's input may finish it after a yield.
        page.Find(".regex-pattern input").Change("(a+");
        page.WaitForAssertion(() => Assert.Contains("Not a valid regular expression",
            page.Find(".condition[data-path='rules[0].when'] .condition-error").TextContent));
        page.Find("#apply-rule").Click();
        page.WaitForAssertion(() => Assert.Contains("Not a valid regular expression", page.Find("#rule-errors").TextContent));
        Assert.DoesNotContain(_context.Services.GetRequiredService<RuleSetDraft>().Definition.Rules, r => r.Name == "Broken");

        page.Find(".regex-pattern input").Change("(a+)+(?=b)");
        page.WaitForAssertion(() => Assert.Contains("could backtrack catastrophically", page.Find(".condition-error").TextContent));

        page.Find(".regex-pattern input").Change("(a+)+$");
        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll(".condition-error"));
            Assert.Empty(page.FindAll("#rule-errors"));
        });
    }

    [Fact]
    public void Error_in_a_nested_condition_shows_at_that_condition()
    {
        var page = _context.Render<RuleEditorPage>();
        page.WaitForElement(".rule-name input");
        page.Find(".rule-name input").Input("Nested");
        _popovers.PickFromMenu(page.Find(".root-condition-kind"), "[data-kind=any]");
        _popovers.PickFromMenu(page.Find(".add-condition-kind"), "[data-kind=capitals]");
        _popovers.PickFromMenu(page.Find(".add-condition-kind"), "[data-kind=words]");

        var words = page.Find(".condition[data-path='rules[0].when.any[1]']");
        Assert.Contains("Give a word list", words.QuerySelector(".condition-error")!.TextContent);
        Assert.Null(page.Find(".condition[data-path='rules[0].when.any[0]']").QuerySelector(".condition-error"));

        page.Find(".condition[data-path='rules[0].when.any[1]'] .words-terms textarea").Change("idiot\nscum*");
        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll(".condition-error"));
            Assert.Contains("\"scum*\"", page.Find("#rule-json").TextContent);
        });
    }

    [Fact]
    public void Every_kind_is_offered_by_its_rules_file_key_and_opens_its_own_editor()
    {
        var page = _context.Render<RuleEditorPage>();
        page.WaitForElement(".rule-name input");
        page.Find(".rule-name input").Input("Each kind");

        MudChoices.OpenMenu(page.Find(".root-condition-kind"));
        var offered = _popovers.OpenChoices("[data-kind]").Select(o => o.GetAttribute("data-kind"));
        Assert.Equal([.. ConditionKinds.All.Select(k => k.JsonKey), "all", "any", "not"], offered);

        _popovers.PickOpen("[data-kind=words]");
        foreach (var kind in ConditionKinds.All)
        {
            _popovers.ChooseIn(page.Find(".condition[data-path='rules[0].when'] .condition-kind"), $"[data-kind={kind.JsonKey}]");

            Assert.Contains($"\"{kind.JsonKey}\": {{", page.Find("#rule-json").TextContent);
            Assert.NotEmpty(page.Find(".condition[data-path='rules[0].when'] .condition-body").Children);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}
