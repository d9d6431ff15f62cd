using CommentModeration.Web.Hosting;

var builder = WebApplication.CreateBuilder(ContentRoot.Options(args));
builder.AddCommentModeration();

var app = builder.Build();
app.UseCommentModeration();

if (await CommandLine.TryRunAsync(app, args))
{
    return;
}

await app.InitializeAsync();
await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
