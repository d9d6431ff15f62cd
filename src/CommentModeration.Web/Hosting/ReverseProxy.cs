using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CommentModeration.Web.Hosting;

/// <summary>
/// Behind a reverse proxy or CDN every request arrives from the proxy's address: rate limits,
/// flood control and the IP moderators see would all be the proxy's. Naming the proxies
/// (ForwardedHeaders:KnownProxies, addresses, and/or ForwardedHeaders:KnownNetworks, CIDR
/// ranges, comma-separated) makes the site take the client's address and scheme from
/// X-Forwarded-For and X-Forwarded-Proto, from those proxies only. Unset, the headers are
/// ignored: anyone could send them.
/// </summary>
public static class ReverseProxy
{
    public static IServiceCollection AddReverseProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Parse(configuration["ForwardedHeaders:KnownProxies"], "KnownProxies", IPAddress.Parse);
        var networks = Parse(configuration["ForwardedHeaders:KnownNetworks"], "KnownNetworks", System.Net.IPNetwork.Parse);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) options.KnownProxies.Add(proxy);
            foreach (var network in networks) options.KnownIPNetworks.Add(network);
        });
        return services;
    }

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["ForwardedHeaders:KnownProxies"]) || !string.IsNullOrWhiteSpace(configuration["ForwardedHeaders:KnownNetworks"]);

    private static List<T> Parse<T>(string? value, string key, Func<string, T> parse)
    {
        var parsed = new List<T>();
        foreach (var item in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                parsed.Add(parse(item));
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"ForwardedHeaders:{key} has \"{item}\", which is not {(key == "KnownProxies" ? "an IP address" : "a CIDR range such as 10.0.0.0/8")}.");
            }
        }
        return parsed;
    }
}
