namespace CommentModeration.Web.Moderation;

/// <summary>The Moderation feature's services and endpoints, called from the host's table of contents.</summary>
public static class ModerationSetup
{
    public static IServiceCollection AddModeration(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static WebApplication MapModeration(this WebApplication app)
    {
        return app;
    }
}
