using System.Collections.Concurrent;
using System.Diagnostics;
using CommentModeration.Web.Hosting;

namespace CommentModeration.E2E.Infrastructure;

/// <summary>
/// The real app, as `dotnet run` would start it: its own build output run as a child process on
/// real Kestrel, on a free loopback port (Kestrel picks it: --urls http://127.0.0.1:0), with its
/// own SQLite file and keys folder in a temporary directory that is deleted afterwards.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly string _folder;
    private readonly ConcurrentQueue<string> _output;

    private AppProcess(Process process, string folder, Uri baseUrl, ConcurrentQueue<string> output)
    {
        _process = process;
        _folder = folder;
        _output = output;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The folder holding this run's database file and data-protection keys.</summary>
    public string DataFolder => _folder;

    /// <summary>Everything the app wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output => string.Join('\n', _output);

    /// <param name="settings">Configuration passed as environment variables (Section__Key = value), over the defaults below.</param>
    /// <param name="folder">Where the database and keys live (deleted on dispose); a new temporary folder when null.</param>
    /// <param name="published">
    /// A published folder to run instead of the build output, started from <paramref name="folder"/>: it then reads
    /// its own appsettings.json (database and keys under it), and only <paramref name="settings"/> are passed.
    /// </param>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string? folder = null, string? published = null)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "cm-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var start = StartInfo(settings, folder, published, "--urls", "http://127.0.0.1:0");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        void Read(string? line)
        {
            if (line is null) return;
            output.Enqueue(line);
            if (line.StartsWith(StartupBanner.ListeningPrefix, StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(line[StartupBanner.ListeningPrefix.Length..].Trim()));
            }
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"The app exited with code {process.ExitCode} before it listened:\n{string.Join('\n', output)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var baseUrl = await listening.Task.WaitAsync(StartTimeout);
            return new AppProcess(process, folder, baseUrl, output);
        }
        catch (TimeoutException)
        {
            Stop(process);
            throw new InvalidOperationException($"The app did not print '{StartupBanner.ListeningPrefix}…' within {StartTimeout.TotalSeconds} s:\n{string.Join('\n', output)}");
        }
    }

    /// <summary>Runs a CLI verb of the app (e.g. "migrate") with the same settings and waits for it to finish.</summary>
    public static async Task RunCommandAsync(IReadOnlyDictionary<string, string> settings, string folder, params string[] verb)
    {
        var start = StartInfo(settings, folder, published: null, verb);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(StartTimeout);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{string.Join(' ', verb)}` exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> settings, string folder, string? published, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = published is null ? RepositoryRoot : folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(published is null ? WebAssemblyPath() : Path.Combine(published, "CommentModeration.Web.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_NOLOGO"] = "1",
        };
        if (published is null)
        {
            environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(folder, "e2e.db")}";
            environment["DataProtection__KeysFolder"] = Path.Combine(folder, "keys");
            environment["Demo__Seed"] = "true";
        }
        foreach (var (key, value) in settings) environment[key] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }

    public ValueTask DisposeAsync()
    {
        Stop(_process);
        _process.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The configuration (Debug, Release) this test project was built in, and so the web project (dotnet test builds it first).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The web project's own build output in <see cref="Configuration"/>.</summary>
    private static string WebAssemblyPath()
    {
        var targetFramework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var path = Path.Combine(RepositoryRoot, "src", "CommentModeration.Web", "bin", Configuration, targetFramework, "CommentModeration.Web.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The web app is not built at {path}; build the solution first.", path);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ContentRoot.Marker))) return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (CommentModeration.sln) was not found above " + AppContext.BaseDirectory);
    }
}
