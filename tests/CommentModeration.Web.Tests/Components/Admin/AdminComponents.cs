using Bunit;
using CommentModeration.Data;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Components.Admin;

/// <summary>
/// A bUnit context for admin pages over the real app's services and its real SQLite file: the
/// host's singletons (rule set in force, store, backtest, articles) and a fresh draft per test.
/// </summary>
public static class AdminComponents
{
    public static BunitContext Create(AppFactory host)
    {
        _ = host.Server;
        var context = new BunitContext();
        context.AddTestServices();
        context.AddAuthorization().SetAuthorized("admin@example.com").SetRoles("Admin");
        var services = host.Services;
        context.Services.AddSingleton(services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        context.Services.AddSingleton(services.GetRequiredService<TimeProvider>());
        context.Services.AddSingleton(services.GetRequiredService<CurrentRuleSet>());
        context.Services.AddSingleton(services.GetRequiredService<RuleSetStore>());
        context.Services.AddSingleton(services.GetRequiredService<RuleSetEditing>());
        context.Services.AddSingleton(services.GetRequiredService<Backtest>());
        context.Services.AddSingleton(services.GetRequiredService<ArticleEditing>());
        context.Services.AddSingleton(services.GetRequiredService<DiscussionSettingsEditing>());
        context.Services.AddScoped<RuleSetDraft>();
        return context;
    }
}
