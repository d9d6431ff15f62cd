using CommentModeration.Web.Hosting;
using CommentModeration.Web.Rules;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommentModeration.Web.Articles;

/// <summary>The ReaderSite feature's services and endpoints, called from the host's table of contents.</summary>
public static class ReaderSiteSetup
{
    public static IServiceCollection AddReaderSite(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CommentBodyRenderer>();
        services.AddSingleton<HeldCommentCookie>();
        services.AddSingleton<ArticlePageCache>();
        services.AddScoped<ArticleReader>();
        services.AddScoped<CommentPosting>();
        services.TryAddSingleton<CurrentRuleSet>();
        services.AddOutputCache(options => options.AddPolicy(ReaderPageCachePolicy.Name, new ReaderPageCachePolicy()));
        services.AddRateLimits(configuration);
        return services;
    }

    public static WebApplication MapReaderSite(this WebApplication app)
    {
        return app;
    }
}
