using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CommentModeration.E2E.Infrastructure;

/// <summary>
/// Debian's nginx in front of the app's servers, run as a child process with a prefix of its own in
/// a temporary folder, serving docs/nginx/commentmoderation.conf as a site would (only its listen
/// line is changed, to a free loopback port). Its access log says which server answered each request.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/nginx";
    public const string Template = "docs/nginx/commentmoderation.conf";
    private const string TemplateListen = "    listen 80;";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly string _prefix;

    private NginxProcess(Process process, string prefix, Uri baseUrl)
    {
        _process = process;
        _prefix = prefix;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    private string AccessLog => Path.Combine(_prefix, "access.log");

    /// <summary>Starts nginx in front of <paramref name="servers"/> (each an app's base address).</summary>
    public static async Task<NginxProcess> StartAsync(IEnumerable<Uri> servers)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"nginx is not installed at {Executable}: these tests run Debian's nginx. Install it with `apt-get install -y nginx` (.ci/run does).");
        }
        var prefix = Path.Combine(Path.GetTempPath(), "cm-e2e", "nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(prefix);
        var port = FreePort();
        var site = await File.ReadAllTextAsync(Path.Combine(AppProcess.RepositoryRoot, Template));
        if (!site.Contains(TemplateListen + "\n", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{Template} no longer has the line '{TemplateListen.Trim()}' this test replaces.");
        }
        await File.WriteAllTextAsync(Path.Combine(prefix, "commentmoderation.conf"), site.Replace(TemplateListen + "\n", $"    listen 127.0.0.1:{port};\n"));
        await File.WriteAllLinesAsync(Path.Combine(prefix, "commentmoderation-servers.conf"),
            servers.Select(s => $"server {s.Host}:{s.Port} max_fails=1 fail_timeout=10s;"));
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), MainConfig(prefix));

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-p", prefix, "-c", Path.Combine(prefix, "nginx.conf"), "-e", Path.Combine(prefix, "error.log") })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        var nginx = new NginxProcess(process, prefix, new Uri($"http://127.0.0.1:{port}/"));
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await AcceptsAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var errors = File.Exists(Path.Combine(prefix, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(prefix, "error.log")) : "";
                await nginx.DisposeAsync();
                throw new InvalidOperationException($"nginx did not listen on port {port}:\n{errors}");
            }
            await Task.Delay(50);
        }
        return nginx;
    }

    /// <summary>The address of the server that answered the last request for <paramref name="path"/> (from the access log), or null.</summary>
    public async Task<string?> ServedByAsync(string path)
    {
        if (!File.Exists(AccessLog)) return null;
        string? servedBy = null;
        foreach (var line in await File.ReadAllLinesAsync(AccessLog))
        {
            // "<method> <uri> <status> <upstream address(es)>"
            var fields = line.Split(' ');
            if (fields.Length >= 4 && fields[1] == path && fields[3] != "-") servedBy = fields[^1];
        }
        return servedBy;
    }

    /// <summary>Every upstream address that answered a request for <paramref name="path"/>.</summary>
    public async Task<IReadOnlyList<string>> AllServedByAsync(string path)
    {
        if (!File.Exists(AccessLog)) return [];
        return (await File.ReadAllLinesAsync(AccessLog)).Select(l => l.Split(' ')).Where(f => f.Length >= 4 && f[1] == path).Select(f => f[^1]).ToList();
    }

    /// <summary>
    /// What nginx.conf holds in a site's /etc/nginx, made to run unprivileged-style from the prefix:
    /// in the foreground, its pid, logs and temporary files under the prefix, one worker.
    /// </summary>
    private static string MainConfig(string prefix) => $$"""
        {{(Environment.UserName == "root" ? "user root;" : "")}}
        daemon off;
        worker_processes 1;
        pid {{prefix}}/nginx.pid;
        error_log {{prefix}}/error.log warn;
        events { worker_connections 512; }
        http {
            log_format upstreams '$request_method $uri $status $upstream_addr';
            access_log {{prefix}}/access.log upstreams;
            client_body_temp_path {{prefix}}/client_body;
            proxy_temp_path {{prefix}}/proxy;
            fastcgi_temp_path {{prefix}}/fastcgi;
            uwsgi_temp_path {{prefix}}/uwsgi;
            scgi_temp_path {{prefix}}/scgi;
            include commentmoderation.conf;
        }
        """;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        try { Directory.Delete(_prefix, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
