using CommentModeration.Data;
using CommentModeration.Web.Seeding;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

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
            // Servers starting together on one PostgreSQL database take turns: the first migrates and
            // seeds, the others find it done (and find its data-protection key rather than make their own).
            await using var startupLock = await StartupLock.TakeAsync(db);
            await DatabaseMigrator.MigrateAsync(db);
            if (db.Database.IsNpgsql()) app.Services.GetDataProtector("CommentModeration.Startup").Protect([]);
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
