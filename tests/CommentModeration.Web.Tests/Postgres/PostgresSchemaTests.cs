using CommentModeration.Data;
using CommentModeration.Web.Hosting;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Postgres;

public sealed class PostgresSchemaTests
{
    [Fact]
    public async Task Migrate_verb_gives_an_empty_database_the_whole_schema_and_a_second_run_changes_nothing()
    {
        var database = TestDatabase.Create();
        try
        {
            await using var app = AppOn(database);
            Assert.True(await CommandLine.TryRunAsync(app, ["migrate"]));

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var all = db.Database.GetMigrations().ToList();
            Assert.NotEmpty(all);
            Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync());
            // The PostgreSQL migrations describe the model as it is: a model change without one fails here.
            Assert.False(db.Database.HasPendingModelChanges());
            Assert.Equal(0, await db.Comments.CountAsync());
            // The moderation queue's small queues keep their partial indexes.
            Assert.EndsWith("WHERE ((\"Status\" = 1) AND \"NeedsReview\")", await IndexDefinitionAsync(db, "IX_Comments_Flagged"));
            Assert.EndsWith("WHERE ((\"Status\" = 1) AND (\"OpenReportCount\" > 0))", await IndexDefinitionAsync(db, "IX_Comments_Reported"));

            await using var again = AppOn(database);
            Assert.True(await CommandLine.TryRunAsync(again, ["migrate"]));
            Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync());
        }
        finally
        {
            database.Drop();
        }
    }

    /// <summary>The host Program.cs builds, configured for this database, to run the command line in process.</summary>
    private static WebApplication AppOn(TestDatabase database)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            ContentRootPath = AppFactory.RepositoryRoot,
            EnvironmentName = "Testing",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Default"] = database.ConnectionString,
        });
        builder.AddCommentModeration();
        var app = builder.Build();
        app.UseCommentModeration();
        return app;
    }

    private static Task<string> IndexDefinitionAsync(AppDbContext db, string index) =>
        db.Database.SqlQuery<string>($"SELECT indexdef AS \"Value\" FROM pg_indexes WHERE indexname = {index}").SingleAsync();
}
