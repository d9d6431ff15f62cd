using CommentModeration.Web.Rules;

namespace CommentModeration.Web.Admin;

/// <summary>The admin workspace's services (settings, articles, users; the rules editor's own live in Rules/), called from the host's table of contents.</summary>
public static class AdminSetup
{
    public static IServiceCollection AddAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DiscussionSettingsEditing>();
        services.AddSingleton<ArticleEditing>();
        services.AddSingleton<UserRoleAdministration>();
        services.AddSingleton<RuleSetEditing>();
        services.AddSingleton<Backtest>();
        services.AddSingleton<RuleDrafts>();
        // One draft per circuit: what the admin edits, tries and backtests before saving.
        services.AddScoped<RuleSetDraft>();
        return services;
    }
}
