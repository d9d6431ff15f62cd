using CommentModeration.Data;
using CommentModeration.Web.Hosting;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
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
            await using var app = MigratedDatabase.AppOn(database.ConnectionString);
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

            await using var again = MigratedDatabase.AppOn(database.ConnectionString);
            Assert.True(await CommandLine.TryRunAsync(again, ["migrate"]));
            Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync());
        }
        finally
        {
            database.Drop();
        }
    }

    private static Task<string> IndexDefinitionAsync(AppDbContext db, string index) =>
        db.Database.SqlQuery<string>($"SELECT indexdef AS \"Value\" FROM pg_indexes WHERE indexname = {index}").SingleAsync();
}
