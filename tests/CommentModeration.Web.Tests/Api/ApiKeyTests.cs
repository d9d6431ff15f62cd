using System.Net;
using System.Security.Cryptography;
using System.Text;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Api;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Api;

/// <summary>Who may call the API: keys, their scopes, their owners' roles, revocation, and the command line that makes them.</summary>
public abstract class ApiKeyTests<TFactory>(TFactory host) : IClassFixture<TFactory> where TFactory : ApiHost
{
    private const string Counts = "/api/v1/moderation/counts";

    [Fact]
    public async Task Without_a_key_the_api_answers_401_with_a_bearer_challenge()
    {
        var response = await host.ClientWith(null).GetAsync("/api/v1/articles");

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("Authorization: Bearer", problem.Detail());
    }

    [Theory]
    [InlineData("cm_abcdefgh_bm90IGEga2V5IG9mIHRoaXMgc2l0ZQ")]
    [InlineData("cm_short_x")]
    [InlineData("not-a-key-at-all")]
    public async Task A_key_this_site_never_made_is_refused_as_an_invalid_token(string key)
    {
        var response = await host.ClientWith(key).GetAsync("/api/v1/articles");

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"invalid_token\"", challenge);
        // Kestrel refuses to send a header value that is not printable ASCII.
        Assert.All(challenge, c => Assert.InRange(c, ' ', '~'));
    }

    [Fact]
    public async Task A_signed_in_admins_cookie_does_not_authenticate_an_api_call()
    {
        var browser = await host.SignedInClientAsync($"cookie-admin-{Guid.NewGuid():N}@example.com", Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/api-keys")).StatusCode);

        var response = await browser.GetAsync(Counts);

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Every_endpoint_refuses_a_key_without_its_scope_with_403_naming_it_and_lets_a_key_with_only_that_scope_through()
    {
        var endpoints = ApiEndpoints.Of(host).ToList();
        Assert.NotEmpty(endpoints);
        var withScope = new Dictionary<string, HttpClient>();
        var withoutScope = new Dictionary<string, HttpClient>();
        foreach (var scope in ApiScopes.All)
        {
            withScope[scope] = await host.ClientAsync(scope);
            withoutScope[scope] = await host.ClientAsync(string.Join(",", ApiScopes.All.Where(s => s != scope)));
        }

        foreach (var endpoint in endpoints)
        {
            Assert.True(endpoint.Scope is not null, $"{endpoint} needs no scope");
            var refused = await withoutScope[endpoint.Scope!].SendAsync(endpoint.Request());
            var problem = await refused.ProblemAsync(HttpStatusCode.Forbidden);
            Assert.Contains($"lacks the '{endpoint.Scope}' scope", problem.Detail());

            var allowed = await withScope[endpoint.Scope!].SendAsync(endpoint.Request());
            Assert.True(allowed.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{endpoint} with the '{endpoint.Scope}' scope answered {(int)allowed.StatusCode}");
        }
    }

    [Fact]
    public async Task A_revoked_key_is_refused_from_its_next_request()
    {
        var key = await host.NewKeyAsync("moderate");
        var client = host.ClientWith(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Counts)).StatusCode);

        var revoked = await host.Service<ApiKeys>().RevokeAsync(key.Row.Prefix, host.AdminActor);

        Assert.True(revoked.Succeeded);
        var problem = await (await client.GetAsync(Counts)).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("was revoked", problem.Detail());
        Assert.NotNull((await host.Service<ApiKeys>().ListAsync()).Single(k => k.Prefix == key.Row.Prefix).RevokedAt);
    }

    [Fact]
    public async Task A_key_whose_owner_lost_a_role_loses_the_scopes_that_need_it_at_once_and_keeps_the_others()
    {
        var owner = await host.StaffAsync(Roles.Admin);
        var client = host.ClientWith((await host.NewKeyAsync("read,moderate,admin", owner)).Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Counts)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/audit")).StatusCode);

        await host.RemoveRoleAsync(owner, Roles.Admin);

        var moderate = await (await client.GetAsync(Counts)).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("'moderate' scope needs its key's owner to hold the Admin or Moderator role", moderate.Detail());
        Assert.Contains(owner.Name, moderate.Detail());
        await (await client.GetAsync("/api/v1/audit")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles")).StatusCode);
    }

    [Fact]
    public async Task Only_a_hash_of_the_key_is_stored_and_its_last_use_moves_at_most_once_a_minute()
    {
        var key = await host.NewKeyAsync("read");
        var client = host.ClientWith(key.Key);
        async Task<ApiKey> StoredAsync()
        {
            await using var db = host.CreateDbContext();
            return await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Prefix == key.Row.Prefix);
        }

        var stored = await StoredAsync();
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(key.Key)), stored.SecretHash);
        Assert.DoesNotContain(key.Key.Split('_', 3)[2], string.Join("|", stored.Name, stored.Prefix, stored.Scopes));
        Assert.Null(stored.LastUsedAt);

        await client.GetAsync("/api/v1/articles");
        var first = (await StoredAsync()).LastUsedAt;
        Assert.Equal(host.Clock.GetUtcNow(), first);

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        await client.GetAsync("/api/v1/articles");
        Assert.Equal(first, (await StoredAsync()).LastUsedAt);

        host.Clock.Advance(TimeSpan.FromSeconds(31));
        await client.GetAsync("/api/v1/articles");
        Assert.Equal(host.Clock.GetUtcNow(), (await StoredAsync()).LastUsedAt);
    }

    [Fact]
    public async Task Only_an_admin_makes_keys_and_a_key_needs_a_name_and_known_scopes()
    {
        var keys = host.Service<ApiKeys>();
        var moderator = await host.StaffAsync(Roles.Moderator);

        Assert.Equal([CommentModeration.Web.Moderation.CurrentRoles.Revoked], (await keys.CreateAsync("CMS", "read", moderator)).Errors);
        Assert.Contains("Give the key a name", (await keys.CreateAsync(" ", "read", host.AdminActor)).Errors.Single());
        Assert.Contains("Unknown scope 'write'", (await keys.CreateAsync("CMS", "read,write", host.AdminActor)).Errors.Single());
        Assert.Contains("control characters", (await keys.CreateAsync("CMS\u0007", "read", host.AdminActor)).Errors.Single());
        Assert.Contains("Give at least one scope", (await keys.CreateAsync("CMS", "", host.AdminActor)).Errors.Single());
    }

    [Fact]
    public async Task Keys_are_made_listed_and_revoked_on_the_command_line_and_the_audit_trail_says_by_whom()
    {
        async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
        {
            var output = new StringWriter();
            var errors = new StringWriter();
            var code = await ApiKeysCommand.RunAsync(host.Services, args, output, errors);
            return (code, output.ToString(), errors.ToString());
        }
        var name = $"CLI {Guid.NewGuid():N}";

        var created = await RunAsync("create", "--name", name, "--scopes", "read,comment", "--owner", host.Admin.Email!);

        Assert.Equal(0, created.Code);
        var key = created.Output.Trim();
        Assert.True(ApiKeys.TryParse(key, out var prefix));
        Assert.Contains("shown this once", created.Errors);
        Assert.Equal(HttpStatusCode.OK, (await host.ClientWith(key).GetAsync("/api/v1/articles")).StatusCode);
        var listed = await RunAsync("list");
        var line = listed.Output.Split('\n').Single(l => l.StartsWith(prefix));
        Assert.Contains(name, line);
        Assert.Contains("read,comment", line);
        Assert.DoesNotContain(key, listed.Output);

        var revoked = await RunAsync("revoke", prefix, "--owner", host.Admin.Email!);

        Assert.Equal(0, revoked.Code);
        await (await host.ClientWith(key).GetAsync("/api/v1/articles")).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(2, (await RunAsync("revoke", prefix)).Code);
        Assert.Equal(2, (await RunAsync("create", "--name", "x", "--scopes", "everything")).Code);
        Assert.Equal(2, (await RunAsync("create", "--name", "x", "--scopes", "read", "--owner", "nobody@example.com")).Code);
        Assert.Equal(2, (await RunAsync("rotate")).Code);
        await using var db = host.CreateDbContext();
        var audit = await db.ModerationEvents.AsNoTracking().Where(e => e.Reason!.Contains(prefix)).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditActions.ApiKeyCreate, AuditActions.ApiKeyRevoke], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal(host.Admin.UserName, e.ActorName));
    }
}

public sealed class ApiKeyTests(ApiHost host) : ApiKeyTests<ApiHost>(host);

public sealed class ApiKeyTestsOnPostgres(PostgresApiHost host) : ApiKeyTests<PostgresApiHost>(host);

/// <summary>The app's /api/v1 endpoints as mapped (its EndpointDataSource), with a request each can be sent.</summary>
public sealed record ApiEndpoints(string Method, string Pattern, string? Scope)
{
    public static IEnumerable<ApiEndpoints> Of(AppFactory host) =>
        host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(ApiSetup.Prefix, StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new ApiEndpoints(method, e.RoutePattern.RawText!, e.Metadata.GetMetadata<ApiScopeMetadata>()?.Scope)));

    /// <summary>The address with every route value filled (a queue name, or an id).</summary>
    public string Url => System.Text.RegularExpressions.Regex.Replace(Pattern, @"\{([^}:]+)[^}]*\}", m => m.Groups[1].Value == "queue" ? "pending" : "1");

    public HttpRequestMessage Request() => new(new HttpMethod(Method), Url);

    public override string ToString() => $"{Method} {Pattern}";
}
