using System.Security.Claims;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Accounts;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommentModeration.Web.Tests.Moderation.ModerationTestData;

namespace CommentModeration.Web.Tests.Moderation;

/// <summary>Every staff action and every refused post leaves a row in the audit log, in strict time order, naming each person one way.</summary>
public abstract class CompleteAuditLogTests<TFactory> : IClassFixture<TFactory>
    where TFactory : AppFactory
{
    private static readonly Moderator Maria = new("maria-audit-id", "Maria (moderator)");
    private static readonly Moderator Sam = new("sam-audit-id", "Sam Admin");

    private readonly AppFactory _factory;
    private readonly ModerationTestData _data;

    protected CompleteAuditLogTests(TFactory factory)
    {
        _factory = factory;
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
        StaffAccounts.EnsureAsync(factory.Services, Maria, Roles.Moderator).GetAwaiter().GetResult();
        StaffAccounts.EnsureAsync(factory.Services, Sam, Roles.Admin).GetAwaiter().GetResult();
    }

    private AuditLog Log => _data.Get<AuditLog>();

    private async Task<List<AuditLogEntry>> EntriesAsync(AuditLogFilter filter) => (await Log.GetPageAsync(filter, pageSize: 200)).Entries.ToList();

    private async Task<AuditLogEntry> NewestAsync(string action) => (await Log.GetPageAsync(new AuditLogFilter { Action = action }, pageSize: 1)).Entries.Single();

    private async Task<CommentPostResult> PostAsync(long articleId, string body, string email, string name = "Refused Reader")
    {
        return await _factory.PostAsync(new CommentSubmission
        {
            ArticleId = articleId, Body = body, AuthorName = name, AuthorEmail = email, Ip = "198.51.100.77", UserAgent = "AuditTest/1.0",
        });
    }

    [Fact]
    public async Task A_note_on_an_author_is_a_row_with_the_note_and_the_moderators_name()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id);

        Assert.True((await _data.Get<AuthorModeration>().AddNoteAsync(comment.AuthorKey, "Writes from a shared library computer.", Maria)).Succeeded);

        var note = Assert.Single(await EntriesAsync(new AuditLogFilter { AuthorKey = comment.AuthorKey, Action = AuditActions.AuthorNote }));
        Assert.Equal(("Note on author", "Maria (moderator)", "Writes from a shared library computer.", false),
            (AuditWording.Label(note.Action), note.ActorName, note.Reason, note.Automatic));
    }

    [Fact]
    public async Task Rule_saves_and_reverts_are_rows_naming_the_revisions()
    {
        var editing = _data.Get<RuleSetEditing>();
        var loaded = await editing.LoadAsync();

        var first = (await editing.SaveAsync(RuleSetEditing.Copy(loaded.Definition), Sam, "Stricter links")).Revision!.Value;
        var second = (await editing.SaveAsync(RuleSetEditing.Copy(loaded.Definition), Sam, "")).Revision!.Value;
        var reverted = (await editing.RevertAsync(first, Sam)).Revision!.Value;

        var saves = (await EntriesAsync(new AuditLogFilter { Action = AuditActions.RulesSave })).Take(2).ToList();
        var replacedFirst = loaded.Revision == 0 ? "(the first)" : $"(replaces revision {loaded.Revision})";
        Assert.Equal([$"Revision {second} (replaces revision {first})", $"Revision {first} {replacedFirst}: Stricter links"], saves.Select(e => e.Reason));
        Assert.All(saves, e => Assert.Equal(("Save rules", "Sam Admin"), (AuditWording.Label(e.Action), e.ActorName)));
        var revert = await NewestAsync(AuditActions.RulesRevert);
        Assert.Equal(("Revert rules", "Sam Admin", $"Revision {reverted} restores revision {first} (replaces revision {second})"),
            (AuditWording.Label(revert.Action), revert.ActorName, revert.Reason));
    }

    [Fact]
    public async Task A_settings_change_is_a_row_saying_which_settings_changed_from_what_to_what()
    {
        var editing = _data.Get<DiscussionSettingsEditing>();
        var stored = await editing.LoadAsync();
        var before = await EntriesAsync(new AuditLogFilter { Action = AuditActions.SettingsChange });

        Assert.True((await editing.SaveAsync(stored with { FloodIntervalSeconds = stored.FloodIntervalSeconds + 5, ModerationKeys = stored.ModerationKeys + "\nmiracle cure" }, Sam)).Succeeded);
        var change = await NewestAsync(AuditActions.SettingsChange);
        // Saving what is stored changes nothing and says nothing.
        Assert.True((await editing.SaveAsync(await editing.LoadAsync(), Sam)).Succeeded);
        var unchanged = await EntriesAsync(new AuditLogFilter { Action = AuditActions.SettingsChange });
        Assert.True((await editing.SaveAsync(stored, Sam)).Succeeded);

        var keys = DiscussionSettingsKeyCount(stored.ModerationKeys);
        Assert.Equal(("Change settings", "Sam Admin"), (AuditWording.Label(change.Action), change.ActorName));
        Assert.Equal($"Moderation keys: {keys} → {keys + 1} terms, added miracle cure; Flood interval seconds: {stored.FloodIntervalSeconds} → {stored.FloodIntervalSeconds + 5}", change.Reason);
        Assert.Equal(before.Count + 1, unchanged.Count);
    }

    private static int DiscussionSettingsKeyCount(string keys) => Core.Discussion.DiscussionSettings.KeyLines(keys).Count;

    [Fact]
    public async Task Creating_closing_and_opening_an_article_are_rows_with_what_changed()
    {
        var articles = _data.Get<ArticleEditing>();
        var form = articles.New();
        form.Title = $"Harbour plan {Guid.NewGuid():N}"[..24];
        form.Body = "The council met.";

        Assert.True((await articles.SaveAsync(form, Sam)).Succeeded);
        var created = await NewestAsync(AuditActions.ArticleCreate);
        form.CommentPolicy = CommentPolicy.Closed;
        Assert.True((await articles.SaveAsync(form, Sam)).Succeeded);
        var closed = await NewestAsync(AuditActions.ArticleClose);
        form.CommentPolicy = CommentPolicy.Open;
        form.Body = "The council met again.";
        Assert.True((await articles.SaveAsync(form, Sam)).Succeeded);
        var opened = await NewestAsync(AuditActions.ArticleOpen);

        var name = $"\u201C{form.Title}\u201D (/articles/{form.Slug})";
        Assert.Equal(("Create article", $"{name}, comments open"), (AuditWording.Label(created.Action), created.Reason));
        Assert.Equal(("Close comments", $"{name}: comments open → closed", "Sam Admin"), (AuditWording.Label(closed.Action), closed.Reason, closed.ActorName));
        Assert.Equal(("Open comments", $"{name}: comments closed → open; changed body"), (AuditWording.Label(opened.Action), opened.Reason));
    }

    [Fact]
    public async Task Role_grants_and_revocations_are_rows_naming_the_account_without_its_email()
    {
        var user = await _factory.CreateUserAsync($"new-mod-{Guid.NewGuid():N}"[..16] + "@example.com", ReaderArrange.Password);
        var roles = _data.Get<UserRoleAdministration>();

        Assert.True((await roles.GrantAsync(user.Id, Roles.Moderator, Sam)).Succeeded);
        Assert.True((await roles.RevokeAsync(user.Id, Roles.Moderator, Sam)).Succeeded);

        var rows = await EntriesAsync(new AuditLogFilter { AuthorKey = AuthorKeys.ForUser(user.Id) });
        Assert.Equal([("Revoke role", $"Moderator: {user.DisplayName}"), ("Grant role", $"Moderator: {user.DisplayName}")],
            rows.Select(e => (AuditWording.Label(e.Action), e.Reason)));
        Assert.All(rows, e => Assert.DoesNotContain("@", e.Reason + e.ActorName));
    }

    [Fact]
    public async Task A_refused_post_is_an_automatic_row_naming_the_check_that_refused_it()
    {
        var article = await _data.AddArticleAsync();
        var email = $"flooder-{Guid.NewGuid():N}@example.org";

        Assert.NotEqual(PostingOutcome.Refused, (await PostAsync(article.Id, "First thoughts on the plan.", email)).Outcome);
        var refused = await PostAsync(article.Id, "Second thoughts, seconds later.", email);

        Assert.Equal(PostingOutcome.Refused, refused.Outcome);
        var row = Assert.Single(await EntriesAsync(new AuditLogFilter { AuthorKey = AuthorKeys.ForEmail(email), Action = AuditActions.Refused }));
        Assert.Equal(("Post refused", "automatic", true, (long?)null, CommentStatus.Rejected), (AuditWording.Label(row.Action), row.ActorName, row.Automatic, row.CommentId, row.ToStatus));
        Assert.Equal(["Flood control"], row.FiredChecks);
        Assert.Contains(refused.Message!, row.Reason);
    }

    [Fact]
    public async Task The_dashboard_counts_refused_posts_and_charts_the_checks_that_refused_them()
    {
        var article = await _data.AddArticleAsync();
        var stats = _data.Get<DashboardStats>();
        var before = await stats.LoadAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(PostingOutcome.Refused, (await PostAsync(article.Id, $"Refusal number {i} {Guid.NewGuid():N}", "not-an-email", $"Nameless {i}")).Outcome);
        }
        var after = await stats.LoadAsync();

        Assert.Equal(before.Today.AutoRejected + 5, after.Today.AutoRejected);
        Assert.Equal(before.ThisWeek.AutoRejected + 5, after.ThisWeek.AutoRejected);
        var hitsBefore = before.TopRules.FirstOrDefault(r => r.Rule == "Name and email required")?.Hits ?? 0;
        Assert.Contains(after.TopRules, r => r.Rule == "Name and email required" && r.Hits == hitsBefore + 5);
    }

    [Fact]
    public async Task Rows_come_newest_first_by_time_with_ties_broken_by_id_across_pages()
    {
        var key = $"email:order-{Guid.NewGuid():N}@example.org";
        var now = _factory.Clock.GetUtcNow();
        // Written in this order, so ids and times disagree: the first row written is the newest.
        var at = new[] { now.AddMinutes(5), now, now, now.AddMinutes(-5) };
        var ids = new List<long>();
        await using (var db = _data.CreateDbContext())
        {
            foreach (var time in at)
            {
                var row = AuditTrail.OfAuthor(key, AuditActions.Trust, $"at {time:HH:mm}", Maria.Actor, time);
                db.ModerationEvents.Add(row);
                await db.SaveChangesAsync();
                ids.Add(row.Id);
            }
        }

        var seen = new List<long>();
        AuditLogCursor? cursor = null;
        while (true)
        {
            var (entries, more) = await Log.GetPageAsync(new AuditLogFilter { AuthorKey = key }, cursor, pageSize: 1);
            seen.AddRange(entries.Select(e => e.Id));
            if (!more) break;
            cursor = entries[^1].Cursor;
        }

        Assert.Equal([ids[0], ids[2], ids[1], ids[3]], seen);
    }

    [Fact]
    public async Task An_account_has_one_name_in_the_log_whatever_name_its_rows_were_written_with()
    {
        var key = $"email:names-{Guid.NewGuid():N}@example.org";
        var now = _factory.Clock.GetUtcNow();
        await using (var db = _data.CreateDbContext())
        {
            // As rows were written before: the sign-in email, the display name, and the email through an API key.
            db.ModerationEvents.Add(AuditTrail.OfAuthor(key, AuditActions.Trust, null, new AuditActor(Maria.UserId, "moderator@example.com"), now));
            db.ModerationEvents.Add(AuditTrail.OfAuthor(key, AuditActions.Ban, null, new AuditActor(Maria.UserId, "Maria (moderator)"), now));
            db.ModerationEvents.Add(AuditTrail.OfAuthor(key, AuditActions.Reinstate, null, new AuditActor(Maria.UserId, "moderator@example.com via API key Newsroom"), now));
            await db.SaveChangesAsync();
        }

        var rows = await EntriesAsync(new AuditLogFilter { AuthorKey = key });
        var byName = await EntriesAsync(new AuditLogFilter { AuthorKey = key, Actor = "maria (MOD" });

        Assert.Equal(["Maria (moderator) via API key Newsroom", "Maria (moderator)", "Maria (moderator)"], rows.Select(e => e.ActorName));
        Assert.Equal(3, byName.Count);
        // A signed-in moderator's rows are written with the display name of their cookie, not the email Identity signs in with.
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, Maria.UserId), new Claim(ClaimTypes.Name, "moderator@example.com"), new Claim(ReaderNames.ClaimType, "Maria (moderator)")], "test"));
        Assert.Equal(Maria, Moderator.Of(principal));
    }

    [Fact]
    public async Task An_edit_row_shows_the_old_and_the_new_text()
    {
        var article = await _data.AddArticleAsync();
        var comment = await _data.AddCommentAsync(article.Id, body: "As first written");
        var decisions = _data.Get<ModeratorDecisions>();

        Assert.True((await decisions.EditAsync(Ref(comment), "As edited once", Maria)).Succeeded);
        Assert.True((await decisions.EditAsync(Ref(await _data.ReloadAsync(comment.Id)), "As edited twice", Maria)).Succeeded);

        var edits = await EntriesAsync(new AuditLogFilter { CommentId = comment.Id, Action = AuditActions.Edit });
        Assert.Equal([("As edited once", "As edited twice"), ("As first written", "As edited once")], edits.Select(e => (e.OldText!, e.NewText!)));
        Assert.All(edits, e => Assert.Equal(("Edit", "Maria (moderator)"), (AuditWording.Label(e.Action), e.ActorName)));
    }
}

public sealed class CompleteAuditLogTests(AppFactory factory) : CompleteAuditLogTests<AppFactory>(factory);

public sealed class CompleteAuditLogTestsOnPostgres(PostgresAppFactory factory) : CompleteAuditLogTests<PostgresAppFactory>(factory);
