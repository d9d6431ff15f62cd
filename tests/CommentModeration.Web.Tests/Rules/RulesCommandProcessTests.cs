using System.Diagnostics;
using System.Text.Json;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Rules;

/// <summary>The built app run as a process, as an operator runs it: stdout carries only the JSONL verdicts, the exit code tells failure.</summary>
public class RulesCommandProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cm-rules-process-").FullName;

    [Fact]
    public async Task Rules_check_writes_only_verdicts_to_stdout_and_problems_to_stderr_with_exit_code_2()
    {
        var input = Path.Combine(_folder, "input.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"id": "a", "body": "What an idiooooot."}""",
            """{"id": "b", "body": """,
            """{"id": "c", "body": "Nothing wrong here."}""",
        ]);
        var rules = Path.Combine(AppContext.BaseDirectory, "Rules", "contract-example.rules.json");

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppFactory.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "CommentModeration.Web.dll"), "rules", "check", "--rules", rules, "--input", input })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(_folder, "cli.db")}";
        start.Environment["DataProtection__KeysFolder"] = Path.Combine(_folder, "keys");
        start.Environment["Logging__LogLevel__Default"] = "Trace";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var verdicts = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a", "c"], verdicts.Select(v => v.GetProperty("id").GetString()));
        Assert.Equal(["hold", "publish"], verdicts.Select(v => v.GetProperty("action").GetString()));
        Assert.Contains($"{input}: line 2, position", await stderr);
        Assert.DoesNotContain("Now listening", await stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
