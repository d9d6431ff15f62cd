namespace CommentModeration.Web.Articles;

/// <summary>The ReaderSite feature's services and endpoints, called from the host's table of contents.</summary>
public static class ReaderSiteSetup
{
    public static IServiceCollection AddReaderSite(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static WebApplication MapReaderSite(this WebApplication app)
    {
        return app;
    }
}
