using CommentModeration.Web.Rules;

namespace CommentModeration.Web.Hosting;

/// <summary>CLI verbs run by the same host instead of the web server: `dotnet run --project src/CommentModeration.Web -- VERB …`.</summary>
public static class CommandLine
{
    /// <summary>A verb is the first argument; anything else (--urls …, Key=Value) is host configuration.</summary>
    public static bool IsCommand(IReadOnlyList<string> args) =>
        args.Count > 0 && !args[0].StartsWith('-') && !args[0].Contains('=');

    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        if (!IsCommand(args)) return false;
        var verbs = args;
        switch (verbs[0])
        {
            case "migrate":
                await app.InitializeAsync(seed: false);
                return true;
            case "rules":
                Environment.ExitCode = await RulesCommand.RunAsync(app.Services, verbs[1..], Console.Out, Console.Error);
                return true;
            case "import" or "export":
                Environment.ExitCode = await WordPress.WxrCommand.RunAsync(app.Services, verbs[0], verbs[1..], Console.Out, Console.Error);
                return true;
            case "apikeys":
                Environment.ExitCode = await Api.ApiKeysCommand.RunAsync(app.Services, verbs[1..], Console.Out, Console.Error);
                return true;
            case "webhooks":
                Environment.ExitCode = await Webhooks.WebhooksCommand.RunAsync(app.Services, verbs[1..], Console.Out, Console.Error);
                return true;
            case "seed":
                await Seeding.SeedCommand.RunAsync(app, verbs[1..]);
                return true;
            default:
                Console.Error.WriteLine($"Unknown command '{verbs[0]}'. Commands: migrate, rules, seed, import, export, apikeys, webhooks.");
                Environment.ExitCode = 2;
                return true;
        }
    }
}
