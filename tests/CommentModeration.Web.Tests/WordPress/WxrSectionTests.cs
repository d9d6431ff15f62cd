using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.WordPress;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.WordPress;

/// <summary>A post's category becomes its article's section (desk), and goes out again in an export.</summary>
public sealed class WxrSectionTests(AppFactory app) : IClassFixture<AppFactory>, IDisposable
{
    private const string Site = "https://sections.example.org";
    private readonly string _folder = Directory.CreateTempSubdirectory("cm-wxr-desk-").FullName;

    [Fact]
    public async Task A_posts_category_becomes_the_articles_section_and_tags_and_uncategorized_do_not()
    {
        var categorised = WxrFiles.Post(1, "budget-vote", "Budget vote").Replace("<title>",
            """<category domain="post_tag" nicename="budget"><![CDATA[budget]]></category><category domain="category" nicename="politics"><![CDATA[Politics]]></category><title>""");
        var uncategorised = WxrFiles.Post(2, "cup-final", "Cup final").Replace("<title>",
            """<category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category><title>""");
        var path = WxrFiles.Write(_folder, "sections.xml", WxrFiles.Export(Site, categorised, uncategorised));
        _ = app.Server;

        await app.Services.GetRequiredService<WxrImport>().ImportAsync(path, new WxrImportOptions(false, false), WxrCommand.CommandLineActor);

        await using var db = app.CreateDbContext();
        var sections = await db.Articles.AsNoTracking().Where(a => a.SourceSite == Site).ToDictionaryAsync(a => a.SourcePostId!.Value, a => a.Section);
        Assert.Equal("Politics", sections[1]);
        Assert.Null(sections[2]);

        var exported = Path.Combine(_folder, "out.xml");
        await using (var output = File.Create(exported))
        {
            await app.Services.GetRequiredService<WxrExport>().WriteAsync(output);
        }
        Assert.Contains("""<category domain="category" nicename="politics"><![CDATA[Politics]]></category>""", await File.ReadAllTextAsync(exported));
    }

    [Fact]
    public async Task A_post_in_several_categories_takes_the_first_as_its_section()
    {
        const string site = "https://several.example.org";
        var post = WxrFiles.Post(1, "summit", "Summit").Replace("<title>",
            """<category domain="category" nicename="world"><![CDATA[World]]></category><category domain="category" nicename="europe"><![CDATA[Europe]]></category><category domain="post_tag" nicename="eu"><![CDATA[eu]]></category><title>""");
        var path = WxrFiles.Write(_folder, "several.xml", WxrFiles.Export(site, post));
        _ = app.Server;

        // A reader that stopped on the second category never ended: bounded, so that fails here instead of hanging.
        await Task.Run(() => app.Services.GetRequiredService<WxrImport>().ImportAsync(path, new WxrImportOptions(false, false), WxrCommand.CommandLineActor))
            .WaitAsync(TimeSpan.FromSeconds(60));

        await using var db = app.CreateDbContext();
        var article = await db.Articles.AsNoTracking().SingleAsync(a => a.SourceSite == site);
        Assert.Equal("World", article.Section);
        Assert.Equal("Summit", article.Title);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
