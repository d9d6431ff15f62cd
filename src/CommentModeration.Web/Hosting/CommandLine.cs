namespace CommentModeration.Web.Hosting;

/// <summary>CLI verbs run by the same host instead of the web server: `dotnet run --project src/CommentModeration.Web -- VERB …`.</summary>
public static class CommandLine
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        // A verb is the first argument; anything else (--urls …, Key=Value) is host configuration.
        if (args.Length == 0 || args[0].StartsWith('-') || args[0].Contains('=')) return false;
        var verbs = args;
        switch (verbs[0])
        {
            case "migrate":
                await app.InitializeAsync(seed: false);
                return true;
            case "seed":
                await Seeding.SeedCommand.RunAsync(app, verbs[1..]);
                return true;
            default:
                Console.Error.WriteLine($"Unknown command '{verbs[0]}'. Commands: migrate, seed.");
                Environment.ExitCode = 2;
                return true;
        }
    }
}
