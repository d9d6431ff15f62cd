using Bunit;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Kinds;
using CommentModeration.Web.Components.Pages.Admin;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Components.Admin;

public sealed class ConditionBuilderTests(AppFactory host) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private readonly BunitContext _context = AdminComponents.Create(host);

    [Fact]
    public void Building_a_rule_shows_its_definition_and_adds_it_to_the_draft()
    {
        var page = _context.Render<RuleEditorPage>();
        page.WaitForElement(".rule-name input");

        page.Find(".rule-name input").Change("Casino spam");
        page.Find(".rule-action").Change("Spam");
        page.Find(".root-condition-kind").Change("all");
        page.Find(".add-condition-kind").Change("regex");
        page.Find(".regex-pattern input").Change(@"casino\d+");
        page.Find(".add-condition-kind").Change("links");

        var json = page.Find("#rule-json").TextContent;
        Assert.Contains("\"name\": \"Casino spam\"", json);
        Assert.Contains("\"action\": \"spam\"", json);
        Assert.Contains("\"all\"", json);
        Assert.Contains("\"pattern\": \"casino\\\\d+\"", json);
        Assert.Contains("\"atLeast\": 3", json);
        Assert.Empty(page.FindAll(".condition-error"));

        page.Find("#apply-rule").Click();

        var rule = Assert.Single(_context.Services.GetRequiredService<RuleSetDraft>().Definition.Rules, r => r.Name == "Casino spam");
        Assert.Equal(ModerationAction.Spam, rule.Action);
        var all = Assert.IsType<AllCondition>(rule.When);
        Assert.Equal(@"casino\d+", Assert.IsType<RegexCondition>(all.Conditions[0]).Pattern);
        Assert.Equal(3, Assert.IsType<LinksCondition>(all.Conditions[1]).AtLeast);
    }

    [Fact]
    public void Invalid_regex_is_explained_next_to_it_and_the_rule_cannot_be_kept()
    {
        var page = _context.Render<RuleEditorPage>();
        page.WaitForElement(".rule-name input");
        page.Find(".rule-name input").Change("Broken");
        page.Find(".root-condition-kind").Change("regex");

        page.Find(".regex-pattern input").Change("(a+");

        var error = page.Find(".condition[data-path='rules[0].when'] .condition-error");
        Assert.Contains("Not a valid regular expression", error.TextContent);
        Assert.True(page.Find("#apply-rule").HasAttribute("disabled"));

        page.Find(".regex-pattern input").Change("(a+)+(?=b)");
        Assert.Contains("could backtrack catastrophically", page.Find(".condition-error").TextContent);

        page.Find(".regex-pattern input").Change("(a+)+$");
        Assert.Empty(page.FindAll(".condition-error"));
        Assert.False(page.Find("#apply-rule").HasAttribute("disabled"));
    }

    [Fact]
    public void Error_in_a_nested_condition_shows_at_that_condition()
    {
        var page = _context.Render<RuleEditorPage>();
        page.WaitForElement(".rule-name input");
        page.Find(".rule-name input").Change("Nested");
        page.Find(".root-condition-kind").Change("any");
        page.Find(".add-condition-kind").Change("capitals");
        page.Find(".add-condition-kind").Change("words");

        var words = page.Find(".condition[data-path='rules[0].when.any[1]']");
        Assert.Contains("Give a word list", words.QuerySelector(".condition-error")!.TextContent);
        Assert.Null(page.Find(".condition[data-path='rules[0].when.any[0]']").QuerySelector(".condition-error"));

        page.Find(".condition[data-path='rules[0].when.any[1]'] .words-terms textarea").Change("idiot\nscum*");
        Assert.Empty(page.FindAll(".condition-error"));
        Assert.Contains("\"scum*\"", page.Find("#rule-json").TextContent);
    }

    [Fact]
    public void Every_kind_is_offered_by_its_rules_file_key_and_opens_its_own_editor()
    {
        var page = _context.Render<RuleEditorPage>();
        page.WaitForElement(".rule-name input");
        page.Find(".rule-name input").Change("Each kind");

        var offered = page.FindAll(".root-condition-kind option").Select(o => o.GetAttribute("value")).Where(v => v != "");
        Assert.Equal([.. ConditionKinds.All.Select(k => k.JsonKey), "all", "any", "not"], offered);

        page.Find(".root-condition-kind").Change("words");
        foreach (var kind in ConditionKinds.All)
        {
            page.Find(".condition[data-path='rules[0].when'] .condition-kind").Change(kind.JsonKey);

            Assert.Contains($"\"{kind.JsonKey}\": {{", page.Find("#rule-json").TextContent);
            Assert.NotEmpty(page.Find(".condition[data-path='rules[0].when'] .condition-body").Children);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}
