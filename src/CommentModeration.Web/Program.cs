using CommentModeration.Web.Hosting;

var builder = WebApplication.CreateBuilder(ContentRoot.Options(args));
builder.AddCommentModeration();

// Disposed at the end, so what a command-line verb queued (a rules import told to the other servers) is sent.
await using var app = builder.Build();
app.UseCommentModeration();

if (await CommandLine.TryRunAsync(app, args))
{
    return;
}

await app.InitializeAsync();
await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
