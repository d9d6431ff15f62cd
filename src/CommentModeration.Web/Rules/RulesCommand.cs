using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.File;
using CommentModeration.Data;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Rules;

/// <summary>
/// The `rules` verbs: check (a rules file over comments, no database), export and import
/// (the site's database). Exit codes: 0 done, 2 bad input or usage.
/// </summary>
public static class RulesCommand
{
    public const string Usage = """
        Usage:
          rules check --rules FILE --input COMMENTS.jsonl   one verdict a line on stdout
          rules export [--output FILE]                      the rule set in force (stdout when no file)
          rules import FILE                                 validate, then save as a new revision
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        var verb = args.Length > 0 ? args[0] : "";
        var options = Options(args.Skip(1).ToArray());
        switch (verb)
        {
            case "check":
                if (options.Get("--rules") is not { } rulesPath || options.Get("--input") is not { } inputPath || options.Unknown.Count > 0)
                {
                    return Fail(errors, options.Unknown.Count > 0 ? $"Unknown argument {options.Unknown[0]}." : "rules check needs --rules FILE and --input FILE.");
                }
                if (!File.Exists(rulesPath)) return Fail(errors, $"No rules file at {rulesPath}.", withUsage: false);
                if (inputPath != "-" && !File.Exists(inputPath)) return Fail(errors, $"No input file at {inputPath}.", withUsage: false);
                using (var input = inputPath == "-" ? Console.In : new StreamReader(inputPath))
                {
                    var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
                    return await RulesCheck.RunAsync(rulesPath, input, inputPath, output, errors, now, cancellationToken);
                }
            case "export":
                if (options.Unknown.Count > 0) return Fail(errors, $"Unknown argument {options.Unknown[0]}.");
                return await ExportAsync(services, options.Get("--output"), output, errors, cancellationToken);
            case "import":
                if (options.Positional.Count != 1 || options.Unknown.Count > 0) return Fail(errors, "rules import needs one FILE.");
                return await ImportAsync(services, options.Positional[0], output, errors, cancellationToken);
            default:
                return Fail(errors, verb.Length == 0 ? "rules needs a verb." : $"Unknown rules verb '{verb}'.");
        }
    }

    private static async Task<int> ExportAsync(IServiceProvider services, string? outputPath, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        await MigrateAsync(services, cancellationToken);
        var definition = await services.GetRequiredService<RuleSetStore>().LoadAsync(cancellationToken);
        var json = RulesFile.Serialize(definition);
        if (outputPath is null)
        {
            await output.WriteAsync(json);
            await output.FlushAsync(cancellationToken);
        }
        else
        {
            await File.WriteAllTextAsync(outputPath, json, cancellationToken);
            await errors.WriteLineAsync($"Exported {definition.Rules.Count} rules and {definition.WordLists.Count} word lists to {outputPath}.");
        }
        return 0;
    }

    private static async Task<int> ImportAsync(IServiceProvider services, string path, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return Fail(errors, $"No rules file at {path}.", withUsage: false);
        try
        {
            var definition = RulesFile.Parse(await File.ReadAllTextAsync(path, cancellationToken));
            await MigrateAsync(services, cancellationToken);
            var revision = await services.GetRequiredService<RuleSetStore>()
                .SaveAsync(definition, "", "command line", $"Imported from {Path.GetFileName(path)}", cancellationToken);
            await output.WriteLineAsync($"Imported {definition.Rules.Count} rules and {definition.WordLists.Count} word lists as revision {revision.Id}"
                + (definition.Discussion is null ? "." : ", with the discussion thresholds."));
            return 0;
        }
        catch (RuleSetValidationException e)
        {
            foreach (var error in e.Errors) await errors.WriteLineAsync($"{path}: {error}");
            await errors.WriteLineAsync("Nothing was imported.");
            return RulesCheck.InvalidInput;
        }
    }

    /// <summary>Brings the database up to date before a verb reads or writes it (also the WordPress verbs').</summary>
    internal static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        await DatabaseMigrator.MigrateAsync(db, cancellationToken);
    }

    private static int Fail(TextWriter errors, string message, bool withUsage = true)
    {
        errors.WriteLine(message);
        if (withUsage) errors.WriteLine(Usage);
        return RulesCheck.InvalidInput;
    }

    private sealed record ParsedOptions(Dictionary<string, string> Named, List<string> Positional, List<string> Unknown)
    {
        public string? Get(string name) => Named.GetValueOrDefault(name);
    }

    private static ParsedOptions Options(string[] args)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--rules" or "--input" or "--output")
            {
                if (i + 1 < args.Length) named[arg] = args[++i];
                else unknown.Add(arg + " (without a value)");
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal)) unknown.Add(arg);
            else positional.Add(arg);
        }
        return new ParsedOptions(named, positional, unknown);
    }
}
