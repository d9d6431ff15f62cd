using CommentModeration.Web.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Routing;

namespace CommentModeration.Web.Articles;

/// <summary>The ReaderSite feature's services and endpoints, called from the host's table of contents.</summary>
public static class ReaderSiteSetup
{
    public static IServiceCollection AddReaderSite(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CommentBodyRenderer>();
        services.AddSingleton<HeldCommentCookie>();
        services.AddSingleton<OwnCommentCookie>();
        services.AddSingleton<ArticlePageCache>();
        services.AddSingleton<ReaderFragmentCache>();
        services.AddScoped<ArticleReader>();
        services.AddScoped<ThreadViews>();
        services.AddScoped<CommentPosting>();
        services.AddScoped<CommentEditing>();
        // Before AddOutputCache, which adds its own store only when none is registered.
        services.AddHttpContextAccessor();
        services.AddSingleton<ReaderPageStore>();
        services.AddSingleton<IOutputCacheStore>(provider => provider.GetRequiredService<ReaderPageStore>());
        services.AddOutputCache(options => options.AddPolicy(ReaderPageCachePolicy.Name, new ReaderPageCachePolicy()));
        services.AddRateLimits(configuration);
        return services;
    }

    private const string ConfiguredRenderModesMetadataName = "ConfiguredRenderModesMetadata";

    /// <summary>
    /// Reader pages are static and never become interactive, so they persist no component state.
    /// Without this the framework would write the antiforgery token into every page's persisted
    /// state (issuing a cookie and no-store), making the page uncacheable. Reader pages also answer HEAD.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder WithStaticReaderPages(this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            if (!endpoint.Metadata.OfType<OutputCacheAttribute>().Any(a => a.PolicyName == ReaderPageCachePolicy.Name)) return;
            // The framework's record of the app's interactive render modes is internal; an empty
            // one (the last added wins) tells it this page can never become interactive.
            var configured = endpoint.Metadata.LastOrDefault(m => m.GetType().Name == ConfiguredRenderModesMetadataName)
                ?? throw new InvalidOperationException($"No {ConfiguredRenderModesMetadataName} on a reader page: the framework changed, revisit {nameof(WithStaticReaderPages)}.");
            endpoint.Metadata.Add(Activator.CreateInstance(configured.GetType(), [Array.Empty<IComponentRenderMode>()])!);
            // HEAD answers as GET does, without the body (the server drops it): uptime monitors and
            // link checkers ask with HEAD, and a 404 tells them the article is gone.
            endpoint.Metadata.Add(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head, HttpMethods.Post]));
        });
        return builder;
    }
}
