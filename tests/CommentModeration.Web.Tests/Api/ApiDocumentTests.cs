using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommentModeration.Web.Api;

namespace CommentModeration.Web.Tests.Api;

/// <summary>
/// The OpenAPI document describes every endpoint the app maps under /api/v1, each with the bearer
/// scheme and its scope; the reference page serves; no error under /api is an HTML page.
/// (No database is read here beyond the host's start, so no PostgreSQL twin.)
/// </summary>
public sealed class ApiDocumentTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task Every_mapped_api_endpoint_is_in_the_document_with_the_bearer_scheme_and_its_scope()
    {
        var response = await host.ClientWith(null).GetAsync(ApiSetup.DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        var paths = document.GetProperty("paths");

        var endpoints = ApiEndpoints.Of(host).ToList();
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} endpoints found");
        foreach (var endpoint in endpoints)
        {
            // The document writes route parameters without their constraints: {id:long} is {id}.
            var path = Regex.Replace(endpoint.Pattern, @"\{([^}:]+):[^}]*\}", "{$1}").TrimEnd('/');
            Assert.True(paths.TryGetProperty(path, out var item), $"{endpoint} is not in the document");
            Assert.True(item.TryGetProperty(endpoint.Method.ToLowerInvariant(), out var operation), $"{endpoint}: its method is not in the document");
            var requirement = Assert.Single(operation.GetProperty("security").EnumerateArray());
            var scopes = requirement.GetProperty("Bearer").EnumerateArray().Select(s => s.GetString()).ToList();
            Assert.Equal([endpoint.Scope], scopes);
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{endpoint} has no summary");
            Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), $"{endpoint} does not document 401");
        }
        var documented = paths.EnumerateObject().Sum(p => p.Value.EnumerateObject().Count());
        Assert.Equal(endpoints.Count, documented);
    }

    [Fact]
    public async Task The_reference_page_serves_with_its_scripts_allowed_by_a_nonce_only()
    {
        var response = await host.ClientWith(null).GetAsync(ApiSetup.ReferencePath + "/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.DoesNotContain("'unsafe-inline'", policy.Split(';').Single(d => d.Trim().StartsWith("script-src")));
        Assert.All(Regex.Matches(html, "<script[^>]*>").Select(m => m.Value), tag => Assert.Contains($"nonce=\"{nonce}\"", tag));
        Assert.Contains("openapi/v1.json", html);
    }

    [Theory]
    [InlineData("GET", "/api/v1/no-such-thing", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v2/articles", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/moderation/comments/1/approve", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/api/v1/articles/1", HttpStatusCode.MethodNotAllowed)]
    public async Task An_error_under_api_is_problem_details_never_an_html_page(string method, string url, HttpStatusCode expected)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.Authorization = new("Bearer", (await host.NewKeyAsync("read,moderate")).Key);

        var response = await host.ClientWith(null).SendAsync(request);

        await response.ProblemAsync(expected);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
