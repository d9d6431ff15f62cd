using System.Diagnostics;
using CommentModeration.Data.Comments;

namespace CommentModeration.Web.WordPress;

/// <summary>
/// `import wxr FILE [--dry-run] [--skip-pings]` and `export wxr [--output FILE]`.
/// Exit codes: 0 done, 2 bad usage or a file that is not a WordPress export as expected (nothing imported).
/// </summary>
public static class WxrCommand
{
    public const string Usage = """
        Usage:
          import wxr FILE [--dry-run] [--skip-pings]   a WordPress export: its published posts and pages with their comments
          export wxr [--output FILE]                   the site's articles and comments as WXR 1.2 (stdout when no file)
        """;

    /// <summary>Who the audit trail names for an import from the command line.</summary>
    public static readonly AuditActor CommandLineActor = new(null, "command line");

    public static async Task<int> RunAsync(IServiceProvider services, string verb, string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        if (args.FirstOrDefault() != "wxr") return Fail(errors, $"{verb} knows one format: wxr.");
        var flags = args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var positional = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (verb == "import")
        {
            var unknown = flags.Except(["--dry-run", "--skip-pings"]).ToList();
            if (positional.Count != 1 || unknown.Count > 0) return Fail(errors, unknown.Count > 0 ? $"Unknown argument {unknown[0]}." : "import wxr needs one FILE.");
            return await ImportAsync(services, positional[0], new WxrImportOptions(flags.Contains("--dry-run"), flags.Contains("--skip-pings")), output, errors, cancellationToken);
        }
        string? outputPath = null;
        var rest = args.Skip(1).ToList();
        if (rest is ["--output", var path]) outputPath = path;
        else if (rest.Count > 0) return Fail(errors, $"Unknown argument {rest[0]}.");
        return await ExportAsync(services, outputPath, output, cancellationToken);
    }

    private static async Task<int> ImportAsync(IServiceProvider services, string path, WxrImportOptions options, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return Fail(errors, $"No file at {path}.", withUsage: false);
        await Rules.RulesCommand.MigrateAsync(services, cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        var lastReport = -1;
        var progress = new InlineProgress(p =>
        {
            var percent = (int)(p.Fraction * 100);
            if (percent / 10 == lastReport / 10 && p.Fraction < 1) return;
            lastReport = percent;
            errors.WriteLine($"  {(p.Importing ? "importing" : "checking")} {percent}%");
        });
        try
        {
            var summary = await services.GetRequiredService<WxrImport>().ImportAsync(path, options, CommandLineActor, progress, cancellationToken);
            foreach (var line in summary.Lines()) await output.WriteLineAsync(line);
            await output.WriteLineAsync($"  in {stopwatch.Elapsed.TotalSeconds:F1} s");
            return 0;
        }
        catch (WxrFormatException e)
        {
            return Fail(errors, $"{path}: {e.Message} Nothing was imported.", withUsage: false);
        }
    }

    private static async Task<int> ExportAsync(IServiceProvider services, string? outputPath, TextWriter output, CancellationToken cancellationToken)
    {
        await Rules.RulesCommand.MigrateAsync(services, cancellationToken);
        var export = services.GetRequiredService<WxrExport>();
        if (outputPath is not null)
        {
            await using var file = File.Create(outputPath);
            await export.WriteAsync(file, cancellationToken);
            return 0;
        }
        await output.FlushAsync(cancellationToken);
        await using (var stdout = Console.OpenStandardOutput())
        {
            await export.WriteAsync(stdout, cancellationToken);
        }
        return 0;
    }

    private static int Fail(TextWriter errors, string message, bool withUsage = true)
    {
        errors.WriteLine(message);
        if (withUsage) errors.WriteLine(Usage);
        return 2;
    }
}
