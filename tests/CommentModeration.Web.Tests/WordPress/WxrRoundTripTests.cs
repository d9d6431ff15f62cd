using System.Xml.Linq;
using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Web.Seeding;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Seeding;
using CommentModeration.Web.WordPress;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.WordPress;

/// <summary>Our export imported into an empty site gives the same articles, threads and statuses; the file is WXR 1.2 as WordPress writes it.</summary>
public sealed class WxrRoundTripTests : IDisposable
{
    private readonly AppFactory _source = new();
    private readonly AppFactory _empty = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("cm-wxr-trip-").FullName;

    [Fact]
    public async Task Export_imported_into_an_empty_site_gives_the_same_articles_threads_and_statuses()
    {
        // The demo site (posted through the kernel: held, spam, threads) and an import with a pingback and a rejected comment.
        await using (var scope = _source.Services.CreateAsyncScope())
        {
            _ = _source.Server;
            await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider).SeedAsync();
        }
        await _source.Services.GetRequiredService<WxrImport>().ImportAsync(
            WxrFiles.Write(_folder, "extra.xml", WxrFiles.Export("https://extra.example.org",
                WxrFiles.Post(5, "pinged", "Pinged ]]&gt; story", WxrFiles.Comment(1, content: "Quote: ]]]]><![CDATA[> done") + WxrFiles.Comment(2, type: "pingback", email: "") + WxrFiles.Comment(3, parent: 1, approved: "trash")))),
            new WxrImportOptions(), WxrCommand.CommandLineActor);
        var exported = Path.Combine(_folder, "export.xml");
        await using (var file = File.Create(exported))
        {
            await _source.Services.GetRequiredService<WxrExport>().WriteAsync(file);
        }

        _ = _empty.Server;
        var summary = await _empty.Services.GetRequiredService<WxrImport>().ImportAsync(exported, new WxrImportOptions(), WxrCommand.CommandLineActor);

        // The same HTML as the site's sanitizer writes it (seeded comments encode an apostrophe as &#39;, the sanitizer leaves it).
        var sanitizer = _source.Services.GetRequiredService<CommentModeration.Web.Articles.CommentBodyRenderer>();
        await using var before = _source.CreateDbContext();
        await using var after = _empty.CreateDbContext();
        var articlesBefore = await before.Articles.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        var articlesAfter = await after.Articles.AsNoTracking().ToDictionaryAsync(a => a.SourcePostId!.Value);
        Assert.Equal(articlesBefore.Count(a => a.CommentPolicy != CommentPolicy.Closed || a.ApprovedCommentCount > 0 || before.Comments.Any(c => c.ArticleId == a.Id)),
            summary.ArticlesImported);
        Assert.Equal(await before.Comments.CountAsync(), summary.TotalImported);
        foreach (var article in articlesBefore.Where(a => articlesAfter.ContainsKey(a.Id)))
        {
            var copy = articlesAfter[article.Id];
            Assert.Equal((article.Title, article.Slug, article.Body, article.Excerpt, article.AuthorName, ToSecond(article.PublishedAt), article.CommentPolicy, article.ApprovedCommentCount, article.PublishedThreadCount),
                (copy.Title, copy.Slug, copy.Body, copy.Excerpt, copy.AuthorName, copy.PublishedAt, copy.CommentPolicy, copy.ApprovedCommentCount, copy.PublishedThreadCount));
            var comments = await before.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id).ToDictionaryAsync(c => c.Id);
            var copies = await after.Comments.AsNoTracking().Where(c => c.ArticleId == copy.Id).ToListAsync();
            Assert.Equal(comments.Count, copies.Count);
            var sourceIdOf = copies.ToDictionary(c => c.Id, c => c.SourceCommentId!.Value);
            foreach (var c in copies)
            {
                var original = comments[c.SourceCommentId!.Value];
                Assert.Equal(original.ParentId, c.ParentId is { } parent ? sourceIdOf[parent] : null);
                Assert.Equal(original.ThreadRootId, sourceIdOf[c.ThreadRootId]);
                Assert.Equal((original.Status, original.Kind, original.AuthorName, original.AuthorEmail, original.AuthorUrl, original.Ip, ToSecond(original.CreatedAt), sanitizer.Sanitize(original.BodyHtml)),
                    (c.Status, c.Kind, c.AuthorName, c.AuthorEmail, c.AuthorUrl, c.Ip, c.CreatedAt, c.BodyHtml));
            }
        }
        await DemoSeedingTests.AssertNumbersAgreeAsync(after);

        // What WordPress's importer looks for: WXR 1.2's namespaces, and the text in CDATA sections.
        var rss = XDocument.Load(exported, LoadOptions.None).Root!;
        XNamespace wp = "http://wordpress.org/export/1.2/";
        Assert.Equal("1.2", rss.Element("channel")!.Element(wp + "wxr_version")!.Value);
        Assert.Contains("<![CDATA[Pinged ]]]]><![CDATA[> story]]>", await File.ReadAllTextAsync(exported));
        Assert.All(rss.Descendants(wp + "comment"), c => Assert.NotNull(c.Element(wp + "comment_approved")));
    }

    /// <summary>WXR writes times to the second.</summary>
    private static DateTimeOffset ToSecond(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    public void Dispose()
    {
        _source.Dispose();
        _empty.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
