using CommentModeration.Data;

namespace CommentModeration.Web.Hosting;

public static class StartupInitializer
{
    /// <summary>Applies migrations, then (when Demo:Seed is true) seeds demo content and accounts once.</summary>
    public static async Task InitializeAsync(this WebApplication app, bool seed = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await DatabaseMigrator.MigrateAsync(db);
    }
}
