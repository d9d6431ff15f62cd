using Bunit;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Components.Pages.Moderation;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;
using Microsoft.Extensions.DependencyInjection;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Components.Moderation;

/// <summary>The log page (/moderation/log) over the real app's audit trail.</summary>
public abstract class AuditLogPageTests<TFactory> : IClassFixture<TFactory>, IAsyncDisposable
    where TFactory : AppFactory
{
    private static readonly Moderator Maria = new("maria-log-page-id", "Maria (moderator)");

    private readonly ModerationTestData _data;
    private readonly BunitContext _context = new();

    protected AuditLogPageTests(TFactory factory)
    {
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
        StaffAccounts.EnsureAsync(factory.Services, Maria, Roles.Moderator).GetAwaiter().GetResult();
        _context.AddTestServices();
        _context.Services.AddSingleton(factory.Services.GetRequiredService<AuditLog>());
    }

    [Fact]
    public async Task An_edit_shows_who_made_it_by_name_with_the_old_and_the_new_text()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, body: "Teh council met.");
        Assert.True((await _data.Get<ModeratorDecisions>().EditAsync(Ref(comment), "The council met.", Maria)).Succeeded);

        var cut = _context.Render<Log>();
        cut.WaitForState(() => cut.FindAll(".audit-entry").Count > 0);

        var row = cut.FindAll(".audit-entry").Single(r => r.QuerySelector(".audit-old-text") is not null && r.TextContent.Contains($"#{comment.Id}"));
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(("Maria (moderator)", "Edit", $"#{comment.Id}"), (cells[1], cells[2], cells[3]));
        Assert.Equal("Was: Teh council met.", row.QuerySelector(".audit-old-text")!.TextContent.Trim());
        Assert.Equal("Now: The council met.", row.QuerySelector(".audit-new-text")!.TextContent.Trim());
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}

public sealed class AuditLogPageTests(AppFactory factory) : AuditLogPageTests<AppFactory>(factory);

public sealed class AuditLogPageTestsOnPostgres(PostgresAppFactory factory) : AuditLogPageTests<PostgresAppFactory>(factory);
