using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommentModeration.Web.Moderation;

/// <summary>The Moderation feature's services, called from the host's table of contents.</summary>
public static class ModerationSetup
{
    public static IServiceCollection AddModeration(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IModerationNotifier, InProcessModerationNotifier>();
        services.AddSingleton<CurrentRoles>();
        services.AddSingleton<ModerationQueue>();
        services.AddSingleton<ModeratorDecisions>();
        services.AddSingleton<AuthorModeration>();
        services.AddSingleton<ReaderReports>();
        services.AddSingleton<ReportRateLimit>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<DashboardStats>();
        services.AddSingleton<SpamPurge>();
        services.AddSingleton<DecisionMail>();
        services.AddSingleton<QueueClaims>();
        services.AddSingleton<Desks>();
        services.AddSingleton<NoticeMail>();
        return services;
    }
}
