using Bunit;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Web.Components.Pages.Admin;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Components.Admin;

public sealed class TryItTests(AppFactory host) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private readonly BunitContext _context = AdminComponents.Create(host);

    private async Task DraftWithBannedWordsAsync(VerdictAction action = VerdictAction.Hold)
    {
        var draft = _context.Services.GetRequiredService<RuleSetDraft>();
        await draft.EnsureLoadedAsync();
        draft.Replace(new RuleSetDefinition
        {
            WordLists = { ["banned"] = ["idiot"] },
            Rules = { new RuleDefinition { Name = "Banned words", Action = action, Reason = "Contains a banned word", When = new WordsCondition { List = "banned" } } },
        });
    }

    [Fact]
    public async Task Verdict_appears_as_you_type_with_the_obfuscated_word_highlighted()
    {
        await DraftWithBannedWordsAsync();
        var page = _context.Render<TryItPage>();
        page.WaitForElement("#verdict");

        page.Find(".try-body textarea").Input("What an 1.d.1.0.t you are");

        page.WaitForAssertion(() => Assert.Equal("hold", page.Find(".verdict-action .action-chip").TextContent.Trim()));
        Assert.Equal("What an <mark>1.d.1.0.t</mark> you are", page.Find(".highlighted[data-field='body']").InnerHtml);
        var hit = page.Find(".hit[data-rule='banned-words']");
        Assert.Contains("Banned words", hit.TextContent);
        Assert.Contains("Contains a banned word", hit.TextContent);
        Assert.Contains("\u201c1.d.1.0.t\u201d", hit.TextContent);
    }

    [Fact]
    public async Task Highlighted_text_is_encoded_so_a_comment_cannot_inject_markup()
    {
        await DraftWithBannedWordsAsync();
        var page = _context.Render<TryItPage>();
        page.WaitForElement("#verdict");

        page.Find(".try-body textarea").Input("<script>alert(1)</script> idiot");

        page.WaitForAssertion(() => Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt; <mark>idiot</mark>", page.Find(".highlighted[data-field='body']").InnerHtml));
        Assert.Empty(page.FindAll(".highlighted script"));
    }

    [Fact]
    public async Task Author_context_changes_the_verdict_and_each_hit_is_explained()
    {
        await DraftWithBannedWordsAsync();
        var page = _context.Render<TryItPage>();
        page.WaitForElement("#verdict");
        page.Find(".try-body textarea").Input("A fair point about the budget.");

        // A new guest with no approved comment is held by the built-in check.
        page.Find(".try-previously-approved input").Change(false);

        page.WaitForAssertion(() => Assert.Equal("hold", page.Find(".verdict-action .action-chip").TextContent.Trim()));
        Assert.Contains("No previously approved comment", page.Find(".hit[data-rule='builtin:previously-approved']").TextContent);
        Assert.Empty(page.FindAll(".highlighted"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}
