namespace CommentModeration.Web.Rules;

/// <summary>The Rules feature's services and endpoints, called from the host's table of contents.</summary>
public static class RulesSetup
{
    public static IServiceCollection AddRules(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CurrentRuleSet>();
        services.AddHostedService<RuleSetLoader>();
        return services;
    }

    public static WebApplication MapRules(this WebApplication app)
    {
        return app;
    }
}
