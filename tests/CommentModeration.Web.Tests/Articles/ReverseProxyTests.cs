using System.Net;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>Every request reaches the app from 127.0.0.1, as it would from a reverse proxy on the same machine.</summary>
public class BehindProxyAppFactory : AppFactory
{
    public BehindProxyAppFactory() => Settings["RateLimits:Comments:PermitLimit"] = "100000";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, ConnectionFromLoopback>());
    }

    private sealed class ConnectionFromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public class NamedProxyAppFactory : BehindProxyAppFactory
{
    public NamedProxyAppFactory() => Settings["ForwardedHeaders:KnownProxies"] = "10.0.0.1, 127.0.0.1";
}

public sealed class ReverseProxyTests(NamedProxyAppFactory named, BehindProxyAppFactory unnamed)
    : IClassFixture<NamedProxyAppFactory>, IClassFixture<BehindProxyAppFactory>
{
    private static async Task<string> PostAndReadStoredIpAsync(AppFactory factory, string forwardedFor, string email)
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("proxy"));
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        var response = await client.SubmitFormAsync("/articles/" + article.Slug, "#commentform", ReaderArrange.GuestReply("Posted through the proxy", email: email));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = factory.CreateDbContext();
        return await db.Comments.Where(c => c.ArticleId == article.Id).Select(c => c.Ip).SingleAsync();
    }

    [Fact]
    public async Task Behind_a_named_proxy_the_client_address_comes_from_X_Forwarded_For()
    {
        Assert.Equal("203.0.113.7", await PostAndReadStoredIpAsync(named, "203.0.113.7", "proxied-1@example.com"));
    }

    [Fact]
    public async Task Readers_behind_a_named_proxy_are_not_flood_limited_as_one_address()
    {
        Assert.Equal("203.0.113.8", await PostAndReadStoredIpAsync(named, "203.0.113.8", "proxied-2@example.com"));
        Assert.Equal("203.0.113.9", await PostAndReadStoredIpAsync(named, "203.0.113.9", "proxied-3@example.com"));
    }

    [Fact]
    public async Task Without_named_proxies_X_Forwarded_For_is_ignored()
    {
        Assert.Equal("127.0.0.1", await PostAndReadStoredIpAsync(unnamed, "203.0.113.10", "unproxied@example.com"));
    }
}
