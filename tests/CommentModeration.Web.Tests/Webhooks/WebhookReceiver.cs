using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommentModeration.Web.Tests.Webhooks;

/// <summary>One request as the receiver got it: its path, headers and body.</summary>
public sealed record ReceivedHook(string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;

    public long EventId => Json.GetProperty("id").GetInt64();

    public JsonElement Comment => Json.GetProperty("data").GetProperty("comment");

    /// <summary>
    /// Checks the signature header as docs/webhooks.md tells a receiver to: t and v1 from the header,
    /// HMAC-SHA256 with the secret over "t.body", compared in constant time.
    /// </summary>
    public bool IsSignedWith(string secret)
    {
        if (!Headers.TryGetValue("X-CommentModeration-Signature", out var header)) return false;
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1)) return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{Body}"));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1));
    }
}

/// <summary>
/// A real HTTP receiver on Kestrel, on a free port of this machine, recording every request. Each
/// path answers as the test says: 200 unless told otherwise, by the attempt's number (a receiver
/// that fails twice, then succeeds), or never (it holds the request until the sender gives up).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>What a path answers its nth request with: a status code, or <see cref="Never"/>.</summary>
    public const int Never = -1;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedHook> _received = new();
    private readonly ConcurrentDictionary<string, Func<int, int>> _answers = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The receiver's address, e.g. http://127.0.0.1:40123/.</summary>
    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";

    /// <summary>A fresh path of this receiver, so tests sharing it do not see each other's requests.</summary>
    public string NewUrl(string name, Func<int, int>? answer = null)
    {
        var path = $"/{name}-{Guid.NewGuid():N}";
        if (answer is not null) _answers[path] = answer;
        return BaseUrl.TrimEnd('/') + path;
    }

    public IReadOnlyList<ReceivedHook> ReceivedAt(string url)
    {
        var path = new Uri(url).AbsolutePath;
        return _received.Where(r => r.Path == path).ToList();
    }

    /// <summary>Waits until the requests to <paramref name="url"/> satisfy <paramref name="enough"/>, and returns them.</summary>
    public Task<IReadOnlyList<ReceivedHook>> WaitForAsync(string url, Func<IReadOnlyList<ReceivedHook>, bool> enough) =>
        Eventually.ReadAsync(() => Task.FromResult(ReceivedAt(url)), enough, Patience,
            received => $"{url} got {received.Count} request(s): {string.Join(", ", received.Select(r => r.Type))}.");

    public Task<IReadOnlyList<ReceivedHook>> WaitForAsync(string url, int count) => WaitForAsync(url, r => r.Count >= count);

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value!;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new ReceivedHook(path, headers, body));
        var attempt = _counts.AddOrUpdate(path, 1, (_, n) => n + 1);
        var status = _answers.TryGetValue(path, out var answer) ? answer(attempt) : StatusCodes.Status200OK;
        if (status == Never)
        {
            // Holds the request until the sender hangs up.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(status < 300 ? "thanks" : $"receiver says no ({status})");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
