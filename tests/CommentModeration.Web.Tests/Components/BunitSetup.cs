using System.Runtime.CompilerServices;
using Bunit;
using CommentModeration.Web.Moderation;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace CommentModeration.Web.Tests.Components;

public static class BunitSetup
{
    /// <summary>
    /// A wait that names no timeout waits as long as a page's first load can take on PostgreSQL on a busy
    /// two-core machine, not bUnit's default second: a wait that passes never waits longer for it.
    /// </summary>
    [ModuleInitializer]
    internal static void WaitWithPatience() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The one setup every component test starts from: MudBlazor's services, loose JS interop, snackbars without delay.</summary>
    public static BunitContext AddTestServices(this BunitContext context)
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        return context;
    }

    /// <summary>
    /// What the queue page (<c>QueueWorkspace</c>) needs, rendered interactive: the real moderation services of a
    /// running app (over its database), and <paramref name="moderator"/> signed in with the Moderator role.
    /// </summary>
    public static BunitContext AddQueuePage(this BunitContext context, IServiceProvider app, Moderator moderator)
    {
        context.AddTestServices();
        context.AddAuthorization().SetAuthorized(moderator.Name).SetRoles("Moderator")
            .SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, moderator.UserId));
        foreach (var type in new[] { typeof(ModerationQueue), typeof(ModeratorDecisions), typeof(AuthorModeration), typeof(SpamPurge), typeof(IModerationNotifier), typeof(QueueClaims), typeof(Desks), typeof(TimeProvider) })
        {
            context.Services.AddSingleton(type, app.GetRequiredService(type));
        }
        context.Services.AddLogging();
        context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        context.Render<MudPopoverProvider>();
        return context;
    }
}
