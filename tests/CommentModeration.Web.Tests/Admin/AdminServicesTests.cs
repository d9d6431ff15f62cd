using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Admin;

public abstract class AdminServicesTests<TFactory>(TFactory host) : IClassFixture<TFactory>
    where TFactory : AdminHost
{
    private T Service<T>() where T : notnull => host.Services.GetRequiredService<T>();

    [Fact]
    public async Task Settings_out_of_range_are_refused_and_nothing_changes()
    {
        var editing = Service<DiscussionSettingsEditing>();
        var settings = await editing.LoadAsync() with { ThreadDepth = 11, CommentsPerPage = 0 };

        var outcome = await editing.SaveAsync(settings, host.Admin);

        Assert.Equal(["Thread depth must be between 1 and 10.", "Comments per page must be between 1 and 500."], outcome.Errors);
        var stored = await editing.LoadAsync();
        Assert.Equal(5, stored.ThreadDepth);
        Assert.Equal(50, stored.CommentsPerPage);
    }

    [Fact]
    public async Task Saved_settings_decide_the_next_comment()
    {
        var editing = Service<DiscussionSettingsEditing>();
        var rules = Service<CurrentRuleSet>();
        var candidate = new CommentCandidate
        {
            Body = "A fair point.", AuthorName = "Reader", AuthorEmail = "reader@example.com",
            Author = new AuthorContext { HasPreviouslyApproved = true, ApprovedCount = 1 },
            Activity = new ActivityContext { Now = host.Clock.GetUtcNow() },
        };
        var settings = await editing.LoadAsync() with { ManualApproval = true, ModerationKeys = "  casino \n\n  poker " };

        try
        {
            Assert.True((await editing.SaveAsync(settings, host.Admin)).Succeeded);

            var verdict = RuleEngine.Evaluate(candidate, rules.Current);
            Assert.Equal(VerdictAction.Hold, verdict.Action);
            Assert.Contains(verdict.Hits, h => h.RuleKey == "builtin:manual-approval");
            Assert.Equal("casino\npoker", (await editing.LoadAsync()).ModerationKeys);
        }
        finally
        {
            await editing.SaveAsync(settings with { ManualApproval = false, ModerationKeys = "" }, host.Admin);
        }
        Assert.Equal(VerdictAction.Publish, RuleEngine.Evaluate(candidate, rules.Current).Action);
    }

    [Fact]
    public async Task Article_with_a_taken_slug_is_refused_and_not_stored()
    {
        var articles = Service<ArticleEditing>();
        var first = articles.New();
        first.Title = "Budget vote tonight";
        Assert.True((await articles.SaveAsync(first, host.Admin)).Succeeded);
        Assert.Equal("budget-vote-tonight", first.Slug);

        var second = articles.New();
        second.Title = "Another story";
        second.Slug = "Budget-Vote-Tonight";
        var outcome = await articles.SaveAsync(second, host.Admin);

        Assert.Equal(["Another article already uses the address /articles/budget-vote-tonight; choose another slug."], outcome.Errors);
        Assert.Null(second.Id);
        await using var db = host.CreateDbContext();
        Assert.Equal(1, await db.Articles.CountAsync(a => a.Slug == "budget-vote-tonight"));
    }

    [Fact]
    public async Task Article_fields_are_validated_with_clear_messages()
    {
        var articles = Service<ArticleEditing>();
        var form = articles.New();
        form.Title = new string('t', 301);
        form.Slug = "no spaces allowed";
        form.Excerpt = new string('e', 1001);

        var outcome = await articles.SaveAsync(form, host.Admin);

        Assert.Equal(
        [
            "Title may be at most 300 characters.",
            "Slug may hold only lowercase letters, digits and single hyphens between them (like my-first-story).",
            "Excerpt may be at most 1,000 characters.",
        ], outcome.Errors);
    }

    [Fact]
    public async Task Edited_article_keeps_its_id_and_changes_policy()
    {
        var articles = Service<ArticleEditing>();
        var form = articles.New();
        form.Title = "Storm warning";
        await articles.SaveAsync(form, host.Admin);
        var id = form.Id!.Value;

        var edit = (await articles.GetAsync(id))!;
        edit.CommentPolicy = CommentPolicy.PreModerated;
        edit.Excerpt = "Winds up to 120 km/h.";
        Assert.True((await articles.SaveAsync(edit, host.Admin)).Succeeded);

        var stored = (await articles.GetAsync(id))!;
        Assert.Equal(CommentPolicy.PreModerated, stored.CommentPolicy);
        Assert.Equal("Winds up to 120 km/h.", stored.Excerpt);
        Assert.Equal("storm-warning", stored.Slug);
    }

    [Fact]
    public async Task Last_admin_cannot_lose_the_role_but_one_of_two_can()
    {
        var users = Service<UserRoleAdministration>();
        var second = await host.CreateUserAsync($"second-{Guid.NewGuid():N}@example.com", AdminHost.Password);

        var refused = await users.RevokeAsync(host.AdminUser.Id, Roles.Admin, host.Admin);
        Assert.Equal([$"{AdminHost.AdminEmail} is the last admin; make someone else an admin first."], refused.Errors);
        Assert.Equal(1, await users.CountAdminsAsync());

        Assert.True((await users.GrantAsync(second.Id, Roles.Admin, host.Admin)).Succeeded);
        Assert.Equal(2, await users.CountAdminsAsync());
        Assert.True((await users.RevokeAsync(second.Id, Roles.Admin, host.Admin)).Succeeded);
        Assert.Equal(1, await users.CountAdminsAsync());

        var (rows, _) = await users.ListAsync(second.Email, 0);
        Assert.False(Assert.Single(rows).IsAdmin);
    }

    [Fact]
    public async Task Moderator_role_is_granted_and_listed()
    {
        var users = Service<UserRoleAdministration>();
        var user = await host.CreateUserAsync($"mod-{Guid.NewGuid():N}@example.com", AdminHost.Password);

        Assert.True((await users.GrantAsync(user.Id, Roles.Moderator, host.Admin)).Succeeded);

        var (rows, total) = await users.ListAsync(user.Email, 0);
        Assert.Equal(1, total);
        Assert.Equal([Roles.Moderator], rows[0].Roles);
        Assert.Equal(["'Owner' is not a role this site knows."], (await users.GrantAsync(user.Id, "Owner", host.Admin)).Errors);
    }
}

public sealed class AdminServicesTests(AdminHost host) : AdminServicesTests<AdminHost>(host);

public sealed class AdminServicesTestsOnPostgres(PostgresAdminHost host) : AdminServicesTests<PostgresAdminHost>(host);
