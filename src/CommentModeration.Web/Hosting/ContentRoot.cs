namespace CommentModeration.Web.Hosting;

/// <summary>
/// The host's content root (where appsettings.json and wwwroot stand). A published folder
/// (`dotnet publish -o out`) carries its own and is its content root, wherever it is started from.
/// Otherwise it is the repository root, whether started with `dotnet run --project src/CommentModeration.Web`
/// from the root, from the project folder, or from the build output. An explicit --contentRoot still wins.
/// </summary>
public static class ContentRoot
{
    public const string Marker = "CommentModeration.sln";

    public static WebApplicationOptions Options(string[] args)
    {
        var explicitRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"));
        return new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = explicitRoot ? null : Find(),
        };
    }

    public static string? Find()
    {
        // Only a publish puts appsettings.json beside the app (see the web project): the build output runs from the repository.
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))) return AppContext.BaseDirectory;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Marker))) return dir.FullName;
            }
        }
        return null;
    }
}
