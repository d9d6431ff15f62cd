using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Api;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Api;

/// <summary>The real app with an admin who owns API keys; its rate limits out of the way (the per-key limit has a host of its own).</summary>
public class ApiHost : AppFactory, IAsyncLifetime
{
    private static int _sequence;

    public ApiHost()
    {
        Settings["RateLimits:Api:PermitLimit"] = "100000";
        Settings["RateLimits:SignIn:PermitLimit"] = "100000";
    }

    public ApplicationUser Admin { get; private set; } = null!;

    public Moderator AdminActor => new(Admin.Id, Admin.UserName!);

    public virtual async Task InitializeAsync() => Admin = await CreateUserAsync($"api-admin-{Guid.NewGuid():N}@example.com", ReaderArrange.Password, Roles.Admin);

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A new key with these scopes (comma-separated), owned by <paramref name="owner"/> (the admin when none), named <paramref name="name"/>.</summary>
    public async Task<NewApiKey> NewKeyAsync(string scopes, Moderator? owner = null, string? name = null)
    {
        var (key, errors) = await Service<ApiKeys>().CreateAsync(name ?? $"Test key {Interlocked.Increment(ref _sequence)}", scopes, owner ?? AdminActor);
        return key ?? throw new InvalidOperationException(string.Join(" ", errors));
    }

    /// <summary>A client that sends <paramref name="key"/> as its bearer token, and no cookies.</summary>
    public HttpClient ClientWith(string? key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task<HttpClient> ClientAsync(string scopes) => ClientWith((await NewKeyAsync(scopes)).Key);

    /// <summary>An admin (or moderator) account of its own, to take roles from.</summary>
    public async Task<Moderator> StaffAsync(string role)
    {
        var user = await CreateUserAsync($"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com", ReaderArrange.Password, role);
        return new Moderator(user.Id, user.UserName!);
    }

    public async Task RemoveRoleAsync(Moderator who, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var result = await users.RemoveFromRoleAsync((await users.FindByIdAsync(who.UserId))!, role);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}

public sealed class PostgresApiHost : ApiHost
{
    public PostgresApiHost() => UsePostgres();
}

/// <summary>Calls and answers as a client of the API sees them.</summary>
public static class ApiCalls
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) => client.PutAsJsonAsync(url, body, Json);

    /// <summary>A body sent as it is (malformed JSON, forged fields) with a JSON content type.</summary>
    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string body, string contentType = "application/json") =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, contentType) });

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }

    /// <summary>The problem details of an error answer, checked to be one (RFC 9457) with this status.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static string Detail(this JsonElement problem) => problem.GetProperty("detail").GetString() ?? "";

    /// <summary>The messages a 400 problem gives for <paramref name="field"/>.</summary>
    public static IReadOnlyList<string> ErrorsOf(this JsonElement problem, string field) =>
        problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var messages)
            ? messages.EnumerateArray().Select(m => m.GetString()!).ToList()
            : [];
}
