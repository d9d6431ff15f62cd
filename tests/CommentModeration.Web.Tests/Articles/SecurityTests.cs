using System.Net;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>Low limits, so a handful of requests shows the limiter at work.</summary>
public class LowRateLimitAppFactory : AppFactory
{
    public LowRateLimitAppFactory()
    {
        Settings["RateLimits:Comments:PermitLimit"] = "2";
        Settings["RateLimits:Comments:WindowSeconds"] = "600";
        Settings["RateLimits:SignIn:PermitLimit"] = "3";
        Settings["RateLimits:SignIn:WindowSeconds"] = "600";
    }
}

public sealed class PostgresLowRateLimitAppFactory : LowRateLimitAppFactory
{
    public PostgresLowRateLimitAppFactory() => UsePostgres();
}

/// <summary>Security headers on every response and rate limits on posting and signing in.</summary>
public abstract class SecurityTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LowRateLimitAppFactory
{
    [Fact]
    public async Task Reader_pages_carry_a_policy_that_blocks_inline_script_and_framing()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("csp"));

        foreach (var url in new[] { "/", "/articles/" + article.Slug, "/articles/missing", "/css/site.css" })
        {
            var response = await factory.CreateBrowserClient().GetAsync(url);
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", policy);
            Assert.DoesNotContain("unsafe-inline", policy);
            Assert.DoesNotContain("unsafe-eval", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.Contains("object-src 'none'", policy);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task Staff_pages_allow_the_circuit_to_the_site_itself_but_still_no_inline_script()
    {
        var response = await factory.CreateBrowserClient().GetAsync("/moderation");

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var scriptSources = policy.Split(';').Single(d => d.Trim().StartsWith("script-src"));
        Assert.DoesNotContain("unsafe-inline", scriptSources);
        // 'self' covers the circuit's WebSocket to this host; a bare ws: or wss: would let a script talk to any host.
        var connectSources = policy.Split(';').Single(d => d.Trim().StartsWith("connect-src"));
        Assert.Equal("connect-src 'self'", connectSources.Trim());
    }

    [Fact]
    public async Task Posting_over_the_rate_limit_is_refused_with_429_Retry_After_and_the_text_kept()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("limited"));
        var url = "/articles/" + article.Slug;
        var client = factory.CreateBrowserClient();
        for (var i = 0; i < 2; i++)
        {
            var allowed = await client.SubmitFormAsync(url, "#commentform", ReaderArrange.GuestReply($"Allowed {i}", email: $"limited{i}@example.com"));
            Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
            factory.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var refused = await client.SubmitFormAsync(url, "#commentform", ReaderArrange.GuestReply("One too many", email: "limited9@example.com"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var page = FormClient.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("too quickly", page.QuerySelector("#respond [role=alert]")!.TextContent);
        Assert.Equal("One too many", page.QuerySelector("textarea#comment")!.TextContent);
        await using var db = factory.CreateDbContext();
        Assert.Equal(2, await db.Comments.CountAsync(c => c.ArticleId == article.Id));

        // Moderators are exempt from posting limits.
        var moderator = await factory.SignedInClientAsync("limited-mod@example.com", Roles.Moderator);
        var staffPost = await moderator.SubmitFormAsync(url, "#commentform", new Dictionary<string, string> { ["comment"] = "Staff are not limited" });
        Assert.Equal(HttpStatusCode.Redirect, staffPost.StatusCode);
        Assert.Equal(CommentStatus.Approved, (await db.Comments.Where(c => c.ArticleId == article.Id).OrderBy(c => c.Id).LastAsync()).Status);
    }

    [Fact]
    public async Task Sign_in_attempts_over_the_rate_limit_are_refused_with_429_and_Retry_After()
    {
        var client = factory.CreateBrowserClient();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6 && last?.StatusCode != HttpStatusCode.TooManyRequests; i++)
        {
            last = await client.SubmitFormAsync("/Account/Login", "form", new Dictionary<string, string>
            {
                ["Input.Email"] = "nobody@example.com",
                ["Input.Password"] = "wrong-password",
            });
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many sign-in attempts", await last.Content.ReadAsStringAsync());
    }
}

public sealed class SecurityTests(LowRateLimitAppFactory factory) : SecurityTests<LowRateLimitAppFactory>(factory);

public sealed class SecurityTestsOnPostgres(PostgresLowRateLimitAppFactory factory) : SecurityTests<PostgresLowRateLimitAppFactory>(factory);
