namespace CommentModeration.Web.Appeals;

/// <summary>The Appeals feature's services (EU Digital Services Act notice-and-action), called from the host's table of contents.</summary>
public static class AppealsSetup
{
    public static IServiceCollection AddAppeals(this IServiceCollection services)
    {
        services.AddSingleton<AppealLinks>();
        services.AddSingleton<AuthorAppeals>();
        services.AddSingleton<AppealDecisions>();
        services.AddSingleton<TransparencyReport>();
        return services;
    }
}
