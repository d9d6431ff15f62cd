using CommentModeration.Data;
using CommentModeration.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CommentModeration.Web.Tests.Infrastructure;

/// <summary>
/// PostgreSQL databases at the schema the app's migrations give. The migrations run once per test
/// process, on a template database (dropped when the process ends); each test host gets a copy of
/// it, which PostgreSQL makes faster than the migrations run.
/// </summary>
public static class MigratedDatabase
{
    private static readonly Lazy<TestDatabase> Template = new(() => Task.Run(MigrateTemplateAsync).GetAwaiter().GetResult());

    public static TestDatabase Create() => TestDatabase.CopyOf(Template.Value);

    private static async Task<TestDatabase> MigrateTemplateAsync()
    {
        var template = TestDatabase.Create();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => template.Drop();
        // Unpooled, so that no session stays on it: PostgreSQL copies only a database nobody is connected to.
        var unpooled = new NpgsqlConnectionStringBuilder(template.ConnectionString) { Pooling = false }.ConnectionString;
        await using var app = AppOn(unpooled);
        await using var scope = app.Services.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        return template;
    }

    /// <summary>The host Program.cs builds, configured for the PostgreSQL database at <paramref name="connectionString"/>, not started.</summary>
    public static WebApplication AppOn(string connectionString)
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
            ["ConnectionStrings:Default"] = connectionString,
        });
        builder.AddCommentModeration();
        var app = builder.Build();
        app.UseCommentModeration();
        return app;
    }
}
