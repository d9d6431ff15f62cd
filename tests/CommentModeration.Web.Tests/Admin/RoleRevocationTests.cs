using System.Net;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using CommentModeration.Web.Tests.Moderation;
using Microsoft.Extensions.DependencyInjection;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Admin;

/// <summary>
/// A role taken away ends access within seconds: the cookie the person holds, and every staff
/// action they try from a page opened before, whatever that page's claims still say.
/// </summary>
public abstract class RoleRevocationTests<TFactory>(TFactory host) : IClassFixture<TFactory>
    where TFactory : AdminHost
{
    /// <summary>Past the interval at which sign-ins are checked again (ten seconds).</summary>
    private static readonly TimeSpan PastRevalidation = TimeSpan.FromSeconds(11);

    private T Service<T>() where T : notnull => host.Services.GetRequiredService<T>();

    private async Task<(ApplicationUser User, Moderator Actor)> StaffAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var user = await host.CreateUserAsync(email, AdminHost.Password, role);
        return (user, new Moderator(user.Id, email));
    }

    [Fact]
    public async Task A_revoked_moderators_cookie_no_longer_opens_the_queue()
    {
        var (user, _) = await StaffAsync(Roles.Moderator);
        var client = await host.SignedInClientAsync(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/moderation/queue")).StatusCode);

        Assert.True((await Service<UserRoleAdministration>().RevokeAsync(user.Id, Roles.Moderator, host.Admin)).Succeeded);
        host.Clock.Advance(PastRevalidation);

        var response = await client.GetAsync("/moderation/queue");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_client_resending_its_first_cookie_is_checked_once_per_interval_not_per_request_and_refused_once_revoked()
    {
        var (user, _) = await StaffAsync(Roles.Moderator);
        var signIn = await host.CreateBrowserClient().SubmitFormAsync("/Account/Login", "form",
            new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = AdminHost.Password });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(IdentityCookie + "=")).Split(';')[0];
        var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        host.Clock.Advance(PastRevalidation);

        var checkedOnce = await client.GetAsync("/moderation/queue");
        var remembered = await client.GetAsync("/moderation/queue");

        Assert.Equal((HttpStatusCode.OK, true), (checkedOnce.StatusCode, RenewsIdentityCookie(checkedOnce)));
        Assert.Equal((HttpStatusCode.OK, false), (remembered.StatusCode, RenewsIdentityCookie(remembered)));
        Assert.True((await Service<UserRoleAdministration>().RevokeAsync(user.Id, Roles.Moderator, host.Admin)).Succeeded);
        host.Clock.Advance(PastRevalidation);
        var refused = await client.GetAsync("/moderation/queue");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/Login", refused.Headers.Location!.AbsolutePath);
    }

    private const string IdentityCookie = ".AspNetCore.Identity.Application";

    private static bool RenewsIdentityCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(IdentityCookie + "=") && !c.Contains("expires=Thu, 01 Jan 1970"));

    [Fact]
    public async Task A_granted_role_reaches_the_cookie_the_person_already_has()
    {
        var email = $"reader-{Guid.NewGuid():N}@example.com";
        var user = await host.CreateUserAsync(email, AdminHost.Password);
        var client = await host.SignedInClientAsync(email);
        Assert.StartsWith("/Account/AccessDenied", (await client.GetAsync("/moderation/queue")).Headers.Location!.AbsolutePath);

        Assert.True((await Service<UserRoleAdministration>().GrantAsync(user.Id, Roles.Moderator, host.Admin)).Succeeded);
        host.Clock.Advance(PastRevalidation);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/moderation/queue")).StatusCode);
    }

    [Fact]
    public async Task A_demoted_admin_cannot_give_himself_admin_back()
    {
        var (ben, benActor) = await StaffAsync(Roles.Admin);
        var browser = await host.SignedInClientAsync(ben.Email!);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/users")).StatusCode);
        var users = Service<UserRoleAdministration>();
        Assert.True((await users.RevokeAsync(ben.Id, Roles.Admin, host.Admin)).Succeeded);

        // His open users page still shows the switches; what it sends is refused.
        var outcome = await users.GrantAsync(ben.Id, Roles.Admin, benActor);

        Assert.Equal([CurrentRoles.Revoked], outcome.Errors);
        var (rows, _) = await users.ListAsync(ben.Email, 0);
        Assert.Empty(Assert.Single(rows).Roles);
        await using var db = host.CreateDbContext();
        Assert.False(await db.ModerationEvents.AnyAsync(e => e.ActorUserId == ben.Id));
        // Nor can he take the role from the admin who demoted him.
        Assert.Equal([CurrentRoles.Revoked], (await users.RevokeAsync(host.AdminUser.Id, Roles.Admin, benActor)).Errors);
        // And the same browser no longer opens the users page.
        host.Clock.Advance(PastRevalidation);
        var reopened = await browser.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        Assert.StartsWith("/Account/Login", reopened.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_revoked_moderators_open_page_changes_no_comment_and_no_author()
    {
        var data = new ModerationTestData(host.Services, host.Clock);
        var (user, actor) = await StaffAsync(Roles.Moderator);
        var article = await data.AddArticleAsync();
        var held = await data.AddCommentAsync(article.Id);
        var approved = await data.AddCommentAsync(article.Id, CommentStatus.Approved);
        var actions = Service<ModeratorDecisions>();
        var done = await actions.RejectAsync([Ref(approved)], "Off-topic", actor);
        Assert.True(done.Succeeded);

        Assert.True((await Service<UserRoleAdministration>().RevokeAsync(user.Id, Roles.Moderator, Ada)).Succeeded);

        var results = new[]
        {
            await actions.ApproveAsync([Ref(held)], actor),
            await actions.RejectAsync([Ref(held)], "Off-topic", actor),
            await actions.SpamAsync([Ref(held)], actor),
            await actions.EditAsync(Ref(held), "Rewritten by someone without the role.", actor),
            await actions.UndoAsync(done.Changed, actor),
        };
        Assert.All(results, r => Assert.Equal([CurrentRoles.Revoked], r.Refused.Select(x => x.Message)));
        var authors = Service<AuthorModeration>();
        Assert.Equal(new AuthorActionResult(false, CurrentRoles.Revoked), await authors.SetStandingAsync(held.AuthorKey, AuthorStandingLevel.Banned, null, null, actor));
        Assert.Equal(new AuthorActionResult(false, CurrentRoles.Revoked), await authors.AddNoteAsync(held.AuthorKey, "Watch this one.", actor));

        var stored = await data.ReloadAsync(held.Id);
        Assert.Equal((CommentStatus.Pending, held.Version, held.BodyText), (stored.Status, stored.Version, stored.BodyText));
        Assert.Equal(CommentStatus.Rejected, (await data.ReloadAsync(approved.Id)).Status);
        await using var db = data.CreateDbContext();
        Assert.Equal(1, await db.ModerationEvents.CountAsync(e => e.ActorUserId == user.Id));
        Assert.Equal(AuthorStandingLevel.Normal, (await db.AuthorStandings.SingleAsync(a => a.AuthorKey == held.AuthorKey)).Level);
        Assert.False(await db.AuthorNotes.AnyAsync(n => n.CreatedByUserId == user.Id));
    }

    [Fact]
    public async Task A_demoted_admins_open_pages_save_no_settings_article_or_rules_and_purge_nothing()
    {
        var (user, actor) = await StaffAsync(Roles.Admin);
        Assert.True((await Service<UserRoleAdministration>().RevokeAsync(user.Id, Roles.Admin, host.Admin)).Succeeded);

        var settings = Service<DiscussionSettingsEditing>();
        var loaded = await settings.LoadAsync();
        var edited = loaded with { ManualApproval = !loaded.ManualApproval };
        Assert.Equal([CurrentRoles.Revoked], (await settings.SaveAsync(edited, actor)).Errors);
        Assert.NotEqual(edited.ManualApproval, (await settings.LoadAsync()).ManualApproval);

        var articles = Service<ArticleEditing>();
        var form = articles.New();
        form.Title = "Written by a former admin";
        Assert.Equal([CurrentRoles.Revoked], (await articles.SaveAsync(form, actor)).Errors);

        var rules = Service<RuleSetEditing>();
        var revisions = (await rules.ListRevisionsAsync()).Count;
        var definition = new RuleSetDefinition
        {
            Rules = { new RuleDefinition { Name = "Everything", Action = VerdictAction.Reject, Reason = "No", When = new WordsCondition { Terms = ["the"] } } },
        };
        Assert.Equal([CurrentRoles.Revoked], (await rules.SaveAsync(definition, actor, "")).Errors.Select(e => e.Message));

        Assert.Null(await Service<SpamPurge>().PurgeAsync(actor));

        await using var db = host.CreateDbContext();
        Assert.False(await db.Articles.AnyAsync(a => a.Title == form.Title));
        Assert.Equal(revisions, (await rules.ListRevisionsAsync()).Count);
        Assert.False(await db.ModerationEvents.AnyAsync(e => e.ActorUserId == user.Id));
    }

    [Fact]
    public async Task Role_grants_and_revocations_are_in_the_audit_log()
    {
        var email = $"ben-{Guid.NewGuid():N}@example.com";
        var ben = await host.CreateUserAsync(email, AdminHost.Password);
        var users = Service<UserRoleAdministration>();
        Assert.True((await users.GrantAsync(ben.Id, Roles.Moderator, host.Admin)).Succeeded);
        Assert.True((await users.RevokeAsync(ben.Id, Roles.Moderator, host.Admin)).Succeeded);

        var client = await host.SignedInClientAsync(AdminHost.ModeratorEmail);
        var log = await client.GetDocumentAsync($"/moderation/log");

        var rows = log.QuerySelectorAll("tr.audit-entry")
            .Select(row => row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray())
            .Where(cells => cells[6] == $"Moderator: {ben.DisplayName}")
            .Select(cells => (Who: cells[1], Action: cells[2], Whom: cells[3]))
            .ToList();
        // People are shown by their display names, never by their email addresses.
        string adminName;
        await using (var db = host.CreateDbContext()) adminName = db.Users.Single(u => u.Id == host.Admin.UserId).DisplayName;
        Assert.Equal(
        [
            (adminName, "Revoke role", $"user:{ben.Id}"),
            (adminName, "Grant role", $"user:{ben.Id}"),
        ], rows);
        Assert.DoesNotContain("@", string.Concat(rows.Select(r => r.Who)));
    }
}

public sealed class RoleRevocationTests(AdminHost host) : RoleRevocationTests<AdminHost>(host);

public sealed class RoleRevocationTestsOnPostgres(PostgresAdminHost host) : RoleRevocationTests<PostgresAdminHost>(host);
