using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Seeding;
using CommentModeration.Web.WordPress;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.WordPress;

/// <summary>The import service over the real SQLite file: WordPress's theme unit test export, re-imports, later exports, bad files.</summary>
public sealed class WxrImportTests(AppFactory app) : IClassFixture<AppFactory>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cm-wxr-").FullName;

    private WxrImport Import => app.Services.GetRequiredService<WxrImport>();

    private Task<WxrImportSummary> ImportAsync(string path, bool dryRun = false, bool skipPings = false)
    {
        _ = app.Server;
        return Import.ImportAsync(path, new WxrImportOptions(dryRun, skipPings), WxrCommand.CommandLineActor);
    }

    private async Task<(int Articles, int Comments, int Events, long Counted)> RowsAsync()
    {
        await using var db = app.CreateDbContext();
        return (await db.Articles.CountAsync(), await db.Comments.CountAsync(), await db.ModerationEvents.CountAsync(), await db.QueueCounters.SumAsync(q => q.Value));
    }

    [Fact]
    public async Task Theme_unit_test_export_imports_with_every_comment_accounted_for_and_a_second_import_changes_nothing()
    {
        var summary = await ImportAsync(WxrFiles.ThemeUnitTest);

        // The numbers of the file (its 186 items and 33 comments, counted by type, status and comment status).
        Assert.Equal("https://wpthemetestdata.wordpress.com", summary.Site);
        Assert.Equal(186, summary.ItemsInFile);
        Assert.Equal(32, summary.ArticlesImported);
        Assert.Equal(70, summary.Skipped(WxrSkipReason.MenuItem));
        Assert.Equal(37, summary.Skipped(WxrSkipReason.Attachment));
        Assert.Equal(1, summary.Skipped(WxrSkipReason.Draft));
        Assert.Equal(1, summary.Skipped(WxrSkipReason.Scheduled));
        Assert.Equal(1, summary.Skipped(WxrSkipReason.PasswordProtected));
        Assert.Equal(44, summary.Skipped(WxrSkipReason.ClosedWithoutComments));
        Assert.Equal(186, summary.ArticlesImported + summary.ItemsSkipped.Values.Sum());
        Assert.Equal(33, summary.CommentsInFile);
        Assert.Equal(29, summary.Imported(CommentStatus.Approved));
        Assert.Equal(3, summary.Imported(CommentStatus.Pending));
        Assert.Equal(4, summary.PingsImported);
        Assert.Equal(1, summary.CommentsOnSkippedItems);
        Assert.Equal(summary.CommentsInFile, summary.TotalImported + summary.CommentsAlreadyThere + summary.CommentsOnSkippedItems + summary.PingsSkipped);

        await using (var db = app.CreateDbContext())
        {
            await DemoSeedingTests.AssertNumbersAgreeAsync(db);
            var articles = await db.Articles.AsNoTracking().Where(a => a.SourceSite == summary.Site).ToDictionaryAsync(a => a.SourcePostId!.Value);
            Assert.Equal(32, articles.Count);
            var articleIds = articles.Values.Select(a => a.Id).ToList();
            var comments = await db.Comments.AsNoTracking().Where(c => articleIds.Contains(c.ArticleId)).ToDictionaryAsync(c => c.SourceCommentId!.Value);

            // "Page with comments": comment 1017, pending, answers 168.
            var reply = comments[1017];
            Assert.Equal(comments[168].Id, reply.ParentId);
            Assert.Equal(CommentStatus.Pending, reply.Status);
            Assert.Equal("email:themereviewteam@gmail.com", reply.AuthorKey);
            Assert.Equal(new DateTimeOffset(2014, 12, 10, 8, 56, 24, TimeSpan.Zero), reply.CreatedAt);
            Assert.Equal("<p>nothing useful to say</p>", reply.BodyHtml);
            // Ten levels of replies keep their parents; depth stops at the thread depth setting (5).
            Assert.Equal(comments[914].Id, comments[915].ParentId);
            Assert.Equal(comments[904].ThreadRootId, comments[915].ThreadRootId);
            Assert.Equal(5, comments[915].Depth);
            // Pingbacks and trackbacks stay what they are, on a post whose comments are closed, which stays closed.
            Assert.Equal([CommentKind.Trackback, CommentKind.Trackback, CommentKind.Pingback, CommentKind.Pingback],
                new long[] { 921, 922, 923, 924 }.Select(id => comments[id].Kind));
            var pingPost = articles.Values.Single(a => a.Id == comments[921].ArticleId);
            Assert.Equal("template-pingbacks-an-trackbacks", pingPost.Slug);
            Assert.Equal(CommentPolicy.Closed, pingPost.CommentPolicy);
            Assert.Equal(5, pingPost.ApprovedCommentCount);
            // A page is an article too; its body is the post's text, without markup.
            var page = articles.Values.Single(a => a.Slug == "page-with-comments");
            Assert.Equal(CommentPolicy.Open, page.CommentPolicy);
            Assert.DoesNotContain('<', page.Body);
            Assert.Equal("Theme Buster", articles.Values.First(a => a.Slug == "template-comments").AuthorName);
            Assert.Equal(1, (await db.AuthorStandings.SingleAsync(s => s.AuthorKey == "email:anon@example.com")).ApprovedCount);
            var audit = await db.ModerationEvents.SingleAsync(e => e.Action == AuditActions.Import && e.Reason!.Contains("wpthemetestdata"));
            Assert.Equal("command line", audit.ActorName);
            Assert.Contains("32 comments, 32 new articles", audit.Reason);
        }

        var before = await RowsAsync();
        var again = await ImportAsync(WxrFiles.ThemeUnitTest);

        Assert.Equal(0, again.ArticlesImported);
        Assert.Equal(32, again.ArticlesAlreadyThere);
        Assert.Equal(0, again.TotalImported);
        Assert.Equal(32, again.CommentsAlreadyThere);
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task A_later_export_of_the_same_site_adds_only_its_new_articles_and_comments_in_their_threads()
    {
        const string Site = "https://later.example.org";
        var first = WxrFiles.Write(_folder, "first.xml", WxrFiles.Export(Site,
            WxrFiles.Post(10, "budget-vote", "Budget vote", WxrFiles.Comment(100) + WxrFiles.Comment(101, parent: 100, approved: "0"))));
        var later = WxrFiles.Write(_folder, "later.xml", WxrFiles.Export(Site,
            WxrFiles.Post(10, "budget-vote", "Budget vote (updated title)", WxrFiles.Comment(100) + WxrFiles.Comment(101, parent: 100, approved: "0")
                + WxrFiles.Comment(102, parent: 101, approved: "spam") + WxrFiles.Comment(103, approved: "trash")),
            WxrFiles.Post(11, "new-story", "New story", WxrFiles.Comment(104))));

        Assert.Equal(2, (await ImportAsync(first)).TotalImported);
        var summary = await ImportAsync(later);

        Assert.Equal((1, 1), (summary.ArticlesImported, summary.ArticlesAlreadyThere));
        Assert.Equal((3, 2), (summary.TotalImported, summary.CommentsAlreadyThere));
        Assert.Equal((1, 1, 1), (summary.Imported(CommentStatus.Spam), summary.Imported(CommentStatus.Rejected), summary.Imported(CommentStatus.Approved)));
        await using var db = app.CreateDbContext();
        var article = await db.Articles.SingleAsync(a => a.SourceSite == Site && a.SourcePostId == 10);
        Assert.Equal("Budget vote", article.Title);
        var comments = await db.Comments.Where(c => c.ArticleId == article.Id).ToDictionaryAsync(c => c.SourceCommentId!.Value);
        Assert.Equal(4, comments.Count);
        Assert.Equal(comments[101].Id, comments[102].ParentId);
        Assert.Equal(comments[100].Id, comments[102].ThreadRootId);
        Assert.Equal(3, comments[102].Depth);
        await DemoSeedingTests.AssertNumbersAgreeAsync(db);
    }

    [Fact]
    public async Task A_bad_entry_stops_the_import_before_anything_is_written_and_names_its_line()
    {
        var path = WxrFiles.Write(_folder, "bad-date.xml", WxrFiles.Export("https://bad.example.org",
            WxrFiles.Post(1, "fine", "Fine", WxrFiles.Comment(1)),
            WxrFiles.Post(2, "broken", "Broken", WxrFiles.Comment(2) + WxrFiles.Comment(3, date: "yesterday"))));
        var line = File.ReadAllLines(path).ToList().FindLastIndex(l => l.Contains("<wp:comment>", StringComparison.Ordinal)) + 1;
        var before = await RowsAsync();

        var error = await Assert.ThrowsAsync<WxrFormatException>(() => ImportAsync(path));

        Assert.Equal(line, error.Line);
        Assert.Equal($"Line {line}: comment 3 has no date that reads as yyyy-mm-dd hh:mm:ss (<wp:comment_date>).", error.Message);
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task A_file_that_is_not_well_formed_is_refused_with_its_line_and_changes_nothing()
    {
        var xml = WxrFiles.Export("https://cut.example.org", WxrFiles.Post(1, "one", "One", WxrFiles.Comment(1)), WxrFiles.Post(2, "two", "Two"));
        var path = WxrFiles.Write(_folder, "cut.xml", xml.Replace("<wp:post_id>2</wp:post_id>", "<wp:post_id>2</wp:post_idd>"));
        var line = File.ReadAllLines(path).ToList().FindIndex(l => l.Contains("post_idd", StringComparison.Ordinal)) + 1;
        var before = await RowsAsync();

        var error = await Assert.ThrowsAsync<WxrFormatException>(() => ImportAsync(path));

        Assert.Equal(line, error.Line);
        Assert.Contains("not well-formed XML", error.Message);
        Assert.Equal(before, await RowsAsync());
        await Assert.ThrowsAsync<WxrFormatException>(() => ImportAsync(WxrFiles.Write(_folder, "html.xml", "<html><body>not an export</body></html>")));
    }

    [Fact]
    public async Task Dry_run_counts_what_an_import_would_do_and_writes_nothing()
    {
        var path = WxrFiles.Write(_folder, "dry.xml", WxrFiles.Export("https://dry.example.org",
            WxrFiles.Post(1, "dry-story", "Dry story", WxrFiles.Comment(1) + WxrFiles.Comment(2, parent: 1) + WxrFiles.Comment(3, type: "pingback", email: ""))));
        var before = await RowsAsync();

        var summary = await ImportAsync(path, dryRun: true);

        Assert.True(summary.DryRun);
        Assert.Equal((1, 3, 1), (summary.ArticlesImported, summary.TotalImported, summary.PingsImported));
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task Pingbacks_and_trackbacks_are_left_out_by_the_switch_and_counted()
    {
        var path = WxrFiles.Write(_folder, "pings.xml", WxrFiles.Export("https://pings.example.org",
            WxrFiles.Post(1, "pinged-story", "Pinged story", WxrFiles.Comment(1) + WxrFiles.Comment(2, type: "pingback", email: "") + WxrFiles.Comment(3, type: "trackback", email: ""))));

        var summary = await ImportAsync(path, skipPings: true);

        Assert.Equal((1, 2, 0), (summary.TotalImported, summary.PingsSkipped, summary.PingsImported));
        await using var db = app.CreateDbContext();
        var article = await db.Articles.SingleAsync(a => a.SourceSite == "https://pings.example.org");
        Assert.Equal([CommentKind.Comment], await db.Comments.Where(c => c.ArticleId == article.Id).Select(c => c.Kind).ToListAsync());
    }

    [Fact]
    public async Task Imported_html_goes_through_the_sites_sanitizer_and_articles_keep_only_text()
    {
        var path = WxrFiles.Write(_folder, "html.xml", WxrFiles.Export("https://html.example.org",
            WxrFiles.Post(1, "html-story", "<![CDATA[A <em>bold</em> title]]>", WxrFiles.Comment(1, content: "See <a href=\"https://example.com/\" onclick=\"steal()\">this</a><script>steal()</script>\n\nSecond line &amp; more"),
                content: "<!-- wp:paragraph --><p>One &amp; two.</p><!-- /wp:paragraph --><script>alert(1)</script><ul><li>First</li><li>Second</li></ul>")));

        await ImportAsync(path);

        await using var db = app.CreateDbContext();
        var article = await db.Articles.SingleAsync(a => a.SourceSite == "https://html.example.org");
        Assert.Equal("A bold title", article.Title);
        Assert.Equal("One & two.\n\nFirst\n\nSecond", article.Body);
        var comment = await db.Comments.SingleAsync(c => c.ArticleId == article.Id);
        Assert.Equal("<p>See <a href=\"https://example.com/\" rel=\"nofollow ugc noopener\">this</a></p><p>Second line &amp; more</p>", comment.BodyHtml);
        Assert.Equal("See this\n\nSecond line & more", comment.BodyText);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
