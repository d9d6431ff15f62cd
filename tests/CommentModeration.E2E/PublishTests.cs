using System.Diagnostics;
using System.Net;
using CommentModeration.E2E.Infrastructure;

namespace CommentModeration.E2E;

/// <summary>What `dotnet publish` makes is the site: a folder that starts anywhere with `dotnet CommentModeration.Web.dll`.</summary>
public sealed class PublishTests
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_published_folder_started_from_elsewhere_serves_the_seeded_site_from_its_own_settings_and_files()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cm-e2e", Guid.NewGuid().ToString("N"));
        var published = Path.Combine(folder, "out");
        await PublishAsync(published);

        // Started from outside the repository, with no setting passed: the folder's appsettings.json and wwwroot serve.
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>(), folder, published);
        using var client = new HttpClient { BaseAddress = app.BaseUrl };

        var home = await client.GetStringAsync("/");
        Assert.Contains($"href=\"{DemoArticles.NewsStory}\"", home);
        Assert.True(File.Exists(Path.Combine(published, "App_Data", "commentmoderation.db")), "The database is not under the published folder.");
        foreach (var file in new[] { "/css/site.css", "/favicon.png", "/_content/MudBlazor/MudBlazor.min.css", "/_framework/blazor.web.js" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(file)).StatusCode);
        }
    }

    /// <summary>Publishes the web project as built for this test run (dotnet test built it): what a Release publish lays out, without compiling again.</summary>
    private static async Task PublishAsync(string output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppProcess.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", Path.Combine("src", "CommentModeration.Web"), "--no-build", "-c", AppProcess.Configuration, "-o", output, "-v", "q" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(PublishTimeout);
        Assert.True(process.ExitCode == 0, $"dotnet publish exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
