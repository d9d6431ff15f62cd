using System.Net;
using System.Xml.Linq;
using CommentModeration.Web.Tests.Admin;
using CommentModeration.Web.WordPress;

namespace CommentModeration.Web.Tests.WordPress;

/// <summary>The `import wxr` and `export wxr` verbs, and the admins' download, against the real app.</summary>
public sealed class WxrCommandTests(AdminHost app) : IClassFixture<AdminHost>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cm-wxr-cli-").FullName;

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(string verb, params string[] args)
    {
        _ = app.Server;
        var output = new StringWriter();
        var errors = new StringWriter();
        var exitCode = await WxrCommand.RunAsync(app.Services, verb, args, output, errors);
        return (exitCode, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Import_prints_the_summary_and_export_writes_what_was_imported()
    {
        var path = WxrFiles.Write(_folder, "site.xml", WxrFiles.Export("https://cli.example.org",
            WxrFiles.Post(1, "cli-story", "CLI story", WxrFiles.Comment(1) + WxrFiles.Comment(2, parent: 1, approved: "0")),
            WxrFiles.Post(2, "draft", "Draft", WxrFiles.Comment(3), status: "draft")));

        var dry = await RunAsync("import", "wxr", path, "--dry-run");
        Assert.Equal(0, dry.ExitCode);
        Assert.StartsWith("Dry run, nothing written: would import from https://cli.example.org:", dry.Output);

        var (exitCode, output, _) = await RunAsync("import", "wxr", path);

        Assert.Equal(0, exitCode);
        Assert.Contains("articles imported: 1; already imported before: 0", output);
        Assert.Contains("items skipped: 1 drafts", output);
        Assert.Contains("comments in the file: 3; imported: 2 (1 approved, 1 pending, 0 spam, 0 rejected; 0 of them pingbacks or trackbacks)", output);
        Assert.Contains("comments not imported: 0 imported before, 1 on skipped items, 0 pingbacks or trackbacks skipped", output);

        var exported = Path.Combine(_folder, "out.xml");
        Assert.Equal(0, (await RunAsync("export", "wxr", "--output", exported)).ExitCode);
        XNamespace wp = "http://wordpress.org/export/1.2/";
        var item = XDocument.Load(exported).Descendants("item").Single(i => i.Element(wp + "post_name")!.Value == "cli-story");
        Assert.Equal(["1", "0"], item.Elements(wp + "comment").Select(c => c.Element(wp + "comment_approved")!.Value));
    }

    [Fact]
    public async Task Bad_usage_and_bad_files_exit_with_2_and_say_why()
    {
        Assert.Equal(2, (await RunAsync("import", "csv", "x")).ExitCode);
        Assert.Equal(2, (await RunAsync("import", "wxr")).ExitCode);
        Assert.Equal(2, (await RunAsync("import", "wxr", "a.xml", "--fast")).ExitCode);
        var missing = await RunAsync("import", "wxr", Path.Combine(_folder, "missing.xml"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("No file at", missing.Errors);

        var bad = WxrFiles.Write(_folder, "bad.xml", WxrFiles.Export("https://bad-cli.example.org", WxrFiles.Post(1, "x", "X", WxrFiles.Comment(1, approved: "maybe"))));
        var (exitCode, _, errors) = await RunAsync("import", "wxr", bad);
        Assert.Equal(2, exitCode);
        Assert.Matches(@"bad\.xml: Line \d+: comment 1: <wp:comment_approved> is ""maybe""; expected 1, 0, spam or trash\. Nothing was imported\.", errors);
    }

    [Fact]
    public async Task Admins_download_the_export_others_do_not()
    {
        var admin = await app.SignedInClientAsync(AdminHost.AdminEmail);
        var response = await admin.GetAsync(WordPressSetup.ExportPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".wxr.xml", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Equal("rss", XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Name.LocalName);

        var moderator = await app.SignedInClientAsync(AdminHost.ModeratorEmail);
        var refused = await moderator.GetAsync(WordPressSetup.ExportPath);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/AccessDenied", refused.Headers.Location!.ToString());
        var guest = app.CreateBrowserClient();
        var anonymous = await guest.GetAsync(WordPressSetup.ExportPath);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Account/Login", anonymous.Headers.Location!.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
