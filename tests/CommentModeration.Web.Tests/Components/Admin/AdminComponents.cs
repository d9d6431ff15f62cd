using Bunit;
using CommentModeration.Data;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Components.Admin;

/// <summary>
/// A bUnit context for admin pages over the real app's services and its real SQLite file: the
/// host's singletons (rule set in force, store, backtest, articles, kept drafts) and a fresh draft per test.
/// </summary>
public static class AdminComponents
{
    /// <param name="keptDraft">Open what the admin left unsaved before, as a new circuit of theirs does, instead of a fresh draft.</param>
    public static BunitContext Create(AppFactory host, bool keptDraft = false)
    {
        _ = host.Server;
        var context = new BunitContext();
        context.AddTestServices();
        var services = host.Services;
        // The signed-in admin is a real account holding the role: staff services check it where they act.
        var admin = StaffAccounts.EnsureAsync(services, new("component-admin", "admin@example.com"), Roles.Admin).GetAwaiter().GetResult();
        context.AddAuthorization().SetAuthorized(admin.Name).SetRoles(Roles.Admin)
            .SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, admin.UserId));
        context.Services.AddSingleton(services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        context.Services.AddSingleton(services.GetRequiredService<TimeProvider>());
        context.Services.AddSingleton(services.GetRequiredService<CurrentRuleSet>());
        context.Services.AddSingleton(services.GetRequiredService<RuleSetStore>());
        context.Services.AddSingleton(services.GetRequiredService<RuleSetEditing>());
        context.Services.AddSingleton(services.GetRequiredService<Backtest>());
        context.Services.AddSingleton(services.GetRequiredService<ArticleEditing>());
        context.Services.AddSingleton(services.GetRequiredService<DiscussionSettingsEditing>());
        context.Services.AddSingleton(services.GetRequiredService<RuleDrafts>());
        context.Services.AddScoped<RuleSetDraft>();
        // A fresh draft per test: what an earlier test left unsaved is kept for this admin, and would come back.
        if (!keptDraft)
        {
            using var db = services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
            db.RuleDrafts.Where(d => d.UserId == admin.UserId).ExecuteDelete();
        }
        return context;
    }
}
