using Bunit;
using CommentModeration.Core.Comments;
using CommentModeration.Web.Components.Pages.Moderation;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Components;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;
using Microsoft.AspNetCore.Components.Web;

namespace CommentModeration.Web.Tests.Postgres;

/// <summary>The open queue page while its server cannot reach the database, over the real moderation services on PostgreSQL reached through a relay.</summary>
public sealed class ModerationDuringOutageTests : IClassFixture<RelayedPostgresReaderAppFactory>, IAsyncLifetime
{
    // The first page of a fresh server on a busy machine takes longer than bUnit's second.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly BunitContext _context = new();
    private readonly RelayedPostgresReaderAppFactory _factory;
    private readonly ModerationTestData _data;

    public ModerationDuringOutageTests(RelayedPostgresReaderAppFactory factory)
    {
        _factory = factory;
        _data = new ModerationTestData(factory.Services, factory.Clock);
        _context.AddQueuePage(factory.Services, ModerationTestData.Alice);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task A_moderator_approving_while_the_database_is_unreachable_is_told_in_place_it_was_not_saved_and_approves_once_it_is_back()
    {
        var article = await _data.AddArticleAsync();
        var held = await _data.AddCommentAsync(article.Id, body: "Held while the database restarts");
        var snackbars = _context.Render<MudBlazor.MudSnackbarProvider>();
        var queue = _context.Render<QueueWorkspace>();
        queue.WaitForAssertion(() => queue.Find($"#queue-item-{held.Id}").Click(), Patience);
        queue.WaitForAssertion(() => Assert.Equal($"queue-item-{held.Id}", queue.Find("li.queue-item[aria-selected=true]").Id), Patience);

        using (_factory.Relay!.Cut())
        {
            // Awaited: an exception out of the handler would be what ends a moderator's circuit.
            await queue.Find(".queue-keyboard").TriggerEventAsync("onkeydown", new KeyboardEventArgs { Key = "a" });

            snackbars.WaitForAssertion(() => Assert.Contains($"Comment #{held.Id}: {ModeratorDecisions.NotSaved}", snackbars.Markup), Patience);
            Assert.Equal($"queue-item-{held.Id}", queue.Find("li.queue-item[aria-selected=true]").Id);
        }
        Assert.Equal(CommentStatus.Pending, (await _data.ReloadAsync(held.Id)).Status);

        await queue.Find(".queue-keyboard").TriggerEventAsync("onkeydown", new KeyboardEventArgs { Key = "a" });

        Assert.Equal(CommentStatus.Approved, (await _data.ReloadAsync(held.Id)).Status);
        queue.WaitForAssertion(() => Assert.DoesNotContain(queue.FindAll("li.queue-item"), li => li.Id == $"queue-item-{held.Id}"), Patience);
    }
}
