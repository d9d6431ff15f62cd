using Bunit;
using CommentModeration.Data;
using CommentModeration.Web.Components.Pages.Admin;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.WordPress;
using CommentModeration.Web.WordPress;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Components.Admin;

/// <summary>The admin page uploads a WordPress export, shows its progress and ends with the summary; a bad file gets its line and imports nothing.</summary>
public sealed class WordPressPageTests(AppFactory host) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private readonly BunitContext _context = WithImport(AdminComponents.Create(host), host);

    private static BunitContext WithImport(BunitContext context, AppFactory host)
    {
        context.Services.AddSingleton(host.Services.GetRequiredService<WxrImport>());
        return context;
    }

    [Fact]
    public async Task Uploaded_export_is_imported_and_the_summary_accounts_for_every_comment()
    {
        var page = _context.Render<WordPressPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(await File.ReadAllBytesAsync(WxrFiles.ThemeUnitTest), "theme.xml"));

        page.WaitForElement("#import-summary", TimeSpan.FromSeconds(30));
        var summary = page.Find("#import-summary").TextContent;
        Assert.Contains("Imported from https://wpthemetestdata.wordpress.com:", summary);
        Assert.Contains("comments in the file: 33; imported: 32 (29 approved, 3 pending, 0 spam, 0 rejected; 4 of them pingbacks or trackbacks)", summary);
        Assert.Contains("1 on skipped items", summary);
        Assert.Equal("Done", page.Find("#import-phase").TextContent);
        Assert.NotNull(page.Find("#import-progress"));
        await using var db = host.CreateDbContext();
        var audit = await db.ModerationEvents.SingleAsync(e => e.Action == "import");
        Assert.Equal("admin@example.com", audit.ActorName);
    }

    [Fact]
    public async Task A_bad_file_shows_its_line_and_imports_nothing()
    {
        var page = _context.Render<WordPressPage>();
        await using var db = host.CreateDbContext();
        var articles = await db.Articles.CountAsync();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("<rss><channel><link>https://x.example.org</link><item><wp:post_id>1</item></channel></rss>", "bad.xml"));

        page.WaitForElement("#import-error", TimeSpan.FromSeconds(30));
        Assert.StartsWith("bad.xml: Line 1: not well-formed XML", page.Find("#import-error").TextContent.Trim());
        Assert.Equal(articles, await db.Articles.CountAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}
