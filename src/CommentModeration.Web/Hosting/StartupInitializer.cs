using CommentModeration.Data;
using CommentModeration.Web.Seeding;

namespace CommentModeration.Web.Hosting;

public static class StartupInitializer
{
    /// <summary>
    /// Applies migrations, then (when Demo:Seed is true, the default) seeds the demo accounts and
    /// content once, and prints where the site listens and how to sign in as soon as the server is up.
    /// </summary>
    public static async Task InitializeAsync(this WebApplication app, bool seed = true)
    {
        DemoSeedReport? report = null;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await DatabaseMigrator.MigrateAsync(db);
            if (seed && app.Configuration.GetValue("Demo:Seed", true))
            {
                report = await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider).SeedAsync();
            }
        }
        if (seed)
        {
            app.Lifetime.ApplicationStarted.Register(() => Console.Out.Write(StartupBanner.Text(app.Services, report)));
        }
    }
}
