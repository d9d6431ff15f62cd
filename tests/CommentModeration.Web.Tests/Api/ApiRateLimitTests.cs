using System.Net;

namespace CommentModeration.Web.Tests.Api;

/// <summary>A host whose API keys may make three requests a minute each.</summary>
public class RateLimitedApiHost : ApiHost
{
    public RateLimitedApiHost()
    {
        Settings["RateLimits:Api:PermitLimit"] = "3";
        Settings["RateLimits:Api:WindowSeconds"] = "60";
    }
}

public sealed class PostgresRateLimitedApiHost : RateLimitedApiHost
{
    public PostgresRateLimitedApiHost() => UsePostgres();
}

/// <summary>Each key has its own rate limit (RateLimits:Api): past it, 429 with Retry-After as problem details; other keys go on.</summary>
public abstract class ApiRateLimitTests<TFactory>(TFactory host) : IClassFixture<TFactory> where TFactory : ApiHost
{
    [Fact]
    public async Task A_key_past_its_limit_gets_429_with_retry_after_while_another_key_goes_on()
    {
        var busy = await host.ClientAsync("read");
        var other = await host.ClientAsync("read");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/v1/articles")).StatusCode);

        var refused = await busy.GetAsync("/api/v1/articles");

        var problem = await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("more than 3 requests in 60 seconds", problem.Detail());
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/articles")).StatusCode);
    }
}

public sealed class ApiRateLimitTests(RateLimitedApiHost host) : ApiRateLimitTests<RateLimitedApiHost>(host);

public sealed class ApiRateLimitTestsOnPostgres(PostgresRateLimitedApiHost host) : ApiRateLimitTests<PostgresRateLimitedApiHost>(host);
