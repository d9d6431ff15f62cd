using System.Globalization;
using CommentModeration.Web.Hosting;

namespace CommentModeration.Web.Seeding;

/// <summary>
/// `seed demo`: the demo accounts and content (whatever Demo:Seed says).
/// `seed comments --count N [--article SLUG] [--status mixed|approved|pending|spam] [--random-seed K] [--replies P]`: N generated comments,
/// P percent of them (65 unless given) replies to earlier ones.
/// </summary>
public static class SeedCommand
{
    public const string Usage =
        "Usage: seed demo\n" +
        "       seed comments --count N [--article SLUG] [--status mixed|approved|pending|spam] [--random-seed K] [--replies P]";

    public static async Task RunAsync(WebApplication app, string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "demo":
                await app.InitializeAsync(seed: false);
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var report = await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider).SeedAsync();
                    Console.WriteLine(report.ContentSeeded
                        ? $"Seeded {report.Articles} articles with {report.Comments} comments."
                        : "The database already has articles: demo content left as it is.");
                    Console.Write(StartupBanner.Accounts(report.Accounts));
                }
                return;
            case "comments":
                if (!TryParseComments(args[1..], out var options, out var error))
                {
                    Fail(error);
                    return;
                }
                await app.InitializeAsync(seed: false);
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var generator = ActivatorUtilities.CreateInstance<CommentGenerator>(scope.ServiceProvider);
                    try
                    {
                        var result = await generator.GenerateAsync(options.Count, options.Article, options.Mix, options.RandomSeed, options.ReplyPercent,
                            progress: written => Console.WriteLine($"  {written.ToString("N0", CultureInfo.InvariantCulture)} / {options.Count.ToString("N0", CultureInfo.InvariantCulture)}"));
                        var perSecond = result.Count / Math.Max(result.Elapsed.TotalSeconds, 0.001);
                        Console.WriteLine($"Generated {result.Count.ToString("N0", CultureInfo.InvariantCulture)} comments on {string.Join(", ", result.ArticleSlugs)} " +
                            $"in {result.Elapsed.TotalSeconds:F1} s ({perSecond.ToString("N0", CultureInfo.InvariantCulture)}/s).");
                    }
                    catch (ArgumentException e)
                    {
                        Fail(e.Message);
                    }
                }
                return;
            default:
                Fail(args.Length == 0 ? "What should be seeded?" : $"Unknown seed command '{args[0]}'.");
                return;
        }
    }

    internal sealed record CommentsOptions(int Count, string? Article, GeneratedStatusMix Mix, int RandomSeed, int ReplyPercent = CommentGenerator.DefaultReplyPercent);

    internal static bool TryParseComments(string[] args, out CommentsOptions options, out string error)
    {
        options = new CommentsOptions(0, null, GeneratedStatusMix.Mixed, 1);
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--count" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0:
                    options = options with { Count = count };
                    i++;
                    break;
                case "--article" when !string.IsNullOrWhiteSpace(value):
                    options = options with { Article = value };
                    i++;
                    break;
                case "--status" when Enum.TryParse<GeneratedStatusMix>(value, ignoreCase: true, out var mix) && !int.TryParse(value, out _):
                    options = options with { Mix = mix };
                    i++;
                    break;
                case "--random-seed" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed):
                    options = options with { RandomSeed = seed };
                    i++;
                    break;
                case "--replies" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent <= 100:
                    options = options with { ReplyPercent = percent };
                    i++;
                    break;
                default:
                    error = $"Bad or incomplete option '{args[i]}{(value is null ? "" : " " + value)}'.";
                    return false;
            }
        }
        if (options.Count == 0)
        {
            error = "--count N (a positive whole number) is required.";
            return false;
        }
        return true;
    }

    private static void Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(Usage);
        Environment.ExitCode = 2;
    }
}
