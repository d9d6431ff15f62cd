using CommentModeration.Data;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Moderation;

namespace CommentModeration.Web.Servers;

/// <summary>
/// What crosses servers, called from the host's table of contents before the features: on SQLite
/// nothing (one server); on PostgreSQL the live moderation pages, reader page evictions and rule
/// saves, over LISTEN/NOTIFY on the shared database.
/// </summary>
public static class ServersSetup
{
    public static IServiceCollection AddServers(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        if (provider != DatabaseProvider.Postgres)
        {
            services.AddSingleton<IOtherServers, NoOtherServers>();
            return services;
        }
        services.AddSingleton(sp => new PostgresNotifications(connectionString, sp.GetRequiredService<PostgresConnections>()));
        services.AddSingleton<PostgresOtherServers>();
        services.AddSingleton<IOtherServers>(sp => sp.GetRequiredService<PostgresOtherServers>());
        services.AddSingleton<InProcessModerationNotifier>();
        services.AddSingleton<IModerationNotifier, PostgresModerationNotifier>();
        services.AddHostedService<ServerMessageListener>();
        return services;
    }
}
