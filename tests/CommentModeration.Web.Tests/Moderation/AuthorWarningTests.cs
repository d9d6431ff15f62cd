using Bunit;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Components.Pages.Moderation;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Components;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Moderation;

/// <summary>The "warn" author action: a moderator's message mailed to the author (a real SMTP server), kept on the author card, and in the audit log.</summary>
public abstract class AuthorWarningTests<TFactory> : IClassFixture<TFactory>
    where TFactory : MailAppFactory
{
    private static readonly Moderator Maria = new("maria-warn-id", "Maria Warner");

    private readonly MailAppFactory _factory;
    private readonly ModerationTestData _data;

    protected AuthorWarningTests(TFactory factory)
    {
        _factory = factory;
        using (factory.CreateDbContext()) { }
        _data = new ModerationTestData(factory.Services, factory.Clock);
        StaffAccounts.EnsureAsync(factory.Services, Maria, Roles.Moderator).GetAwaiter().GetResult();
    }

    private AuthorModeration Authors => _data.Get<AuthorModeration>();

    private static string UniqueEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.org";

    private async Task<Comment> CommentByAsync(string email)
    {
        var article = await _data.AddArticleAsync("Harbour plan");
        return await _data.AddCommentAsync(article.Id, author: "Pat Reader", email: email);
    }

    /// <summary>What was written about the author: warnings stored and warn rows in the audit log.</summary>
    private async Task<(int Warnings, int AuditRows)> WrittenAboutAsync(string authorKey)
    {
        await using var db = _data.CreateDbContext();
        return (await db.AuthorWarnings.CountAsync(w => w.AuthorKey == authorKey),
            await db.ModerationEvents.CountAsync(e => e.AuthorKey == authorKey && e.Action == AuditActions.Warn));
    }

    [Fact]
    public async Task A_warning_is_mailed_to_the_author_shown_on_the_card_with_who_and_when_and_is_in_the_audit_log()
    {
        var email = UniqueEmail("warned");
        var comment = await CommentByAsync(email);
        const string message = "Please keep to the topic: <b>no</b> personal attacks.";

        var result = await Authors.WarnAsync(comment.AuthorKey, $"  {message}\n", Maria);

        Assert.Equal(new AuthorActionResult(true, "Warning sent to Pat Reader."), result);
        var mail = await _factory.Smtp.WaitForMailAsync(email);
        Assert.Equal("A message from the moderators about your comments", mail.Subject);
        Assert.Contains("Hello Pat Reader,", mail.TextBody);
        Assert.Contains($"> {message}", mail.TextBody);
        Assert.Contains("Please keep to the topic: &lt;b&gt;no&lt;/b&gt; personal attacks.", mail.HtmlBody);
        Assert.DoesNotContain("<b>no</b>", mail.HtmlBody);

        var card = await Authors.LoadCardAsync(comment.Id);
        var warning = Assert.Single(card!.Warnings);
        Assert.Equal((message, "Maria Warner", _factory.Clock.GetUtcNow(), true), (warning.Text, warning.CreatedByName, warning.CreatedAt, warning.Mailed));

        var row = (await _data.Get<AuditLog>().GetPageAsync(new AuditLogFilter { AuthorKey = comment.AuthorKey, Action = AuditActions.Warn }, pageSize: 10)).Entries.Single();
        Assert.Equal(("Warn author", "Maria Warner", message, false), (AuditWording.Label(row.Action), row.ActorName, row.Reason, row.Automatic));
    }

    [Fact]
    public async Task An_author_without_an_email_is_warned_on_the_card_and_in_the_log_and_the_moderator_is_told_it_was_not_mailed()
    {
        var comment = await CommentByAsync("");

        var result = await Authors.WarnAsync(comment.AuthorKey, "Tone it down.", Maria);

        Assert.Equal(new AuthorActionResult(true, "Warning recorded; Pat Reader gave no email address, so it was not mailed."), result);
        Assert.False(Assert.Single((await Authors.LoadCardAsync(comment.Id))!.Warnings).Mailed);
        Assert.Equal((1, 1), await WrittenAboutAsync(comment.AuthorKey));
    }

    [Fact]
    public async Task An_empty_or_over_long_message_is_refused_with_a_reason_and_nothing_is_written_or_mailed()
    {
        var email = UniqueEmail("bad-input");
        var comment = await CommentByAsync(email);

        Assert.Equal(new AuthorActionResult(false, "Write the message to the author first."), await Authors.WarnAsync(comment.AuthorKey, "  \n ", Maria));
        var tooLong = new string('x', AuthorModeration.MaxWarningLength + 1);
        Assert.Equal(new AuthorActionResult(false, $"The message is too long ({AuthorModeration.MaxWarningLength + 1} characters; at most {AuthorModeration.MaxWarningLength})."),
            await Authors.WarnAsync(comment.AuthorKey, tooLong, Maria));

        Assert.Equal((0, 0), await WrittenAboutAsync(comment.AuthorKey));
        await _factory.Services.MailsHandledAsync();
        Assert.Empty(_factory.Smtp.MailsTo(email));
    }

    [Fact]
    public async Task A_reader_and_a_revoked_moderator_are_refused_and_nothing_is_written_or_mailed()
    {
        var email = UniqueEmail("not-warned");
        var comment = await CommentByAsync(email);
        var reader = await _factory.CreateUserAsync(UniqueEmail("reader"), ReaderArrange.Password);
        var moderator = await _factory.CreateUserAsync(UniqueEmail("revoked"), ReaderArrange.Password, Roles.Moderator);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.RemoveFromRoleAsync((await users.FindByIdAsync(moderator.Id))!, Roles.Moderator)).Succeeded);
        }

        Assert.Equal(new AuthorActionResult(false, CurrentRoles.Revoked), await Authors.WarnAsync(comment.AuthorKey, "Stop.", new Moderator(reader.Id, "A reader")));
        Assert.Equal(new AuthorActionResult(false, CurrentRoles.Revoked), await Authors.WarnAsync(comment.AuthorKey, "Stop.", new Moderator(moderator.Id, "Once a moderator")));

        Assert.Equal((0, 0), await WrittenAboutAsync(comment.AuthorKey));
        await _factory.Services.MailsHandledAsync();
        Assert.Empty(_factory.Smtp.MailsTo(email));
    }

    [Fact]
    public async Task The_card_sends_the_typed_warning_and_shows_the_authors_warnings_history_with_markup_as_text()
    {
        var email = UniqueEmail("card");
        var comment = await CommentByAsync(email);
        await using var context = new BunitContext();
        context.AddTestServices();
        context.Render<MudBlazor.MudPopoverProvider>();
        Assert.True((await Authors.WarnAsync(comment.AuthorKey, "First: <script>alert(1)</script> mind the tone.", Maria)).Succeeded);
        _factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var card = (await Authors.LoadCardAsync(comment.Id))!;
        IRenderedComponent<AuthorCardView>? cut = null;
        cut = context.Render<AuthorCardView>(p => p
            .Add(c => c.Card, card)
            .Add(c => c.OnWarn, async (string message) =>
            {
                Assert.True((await Authors.WarnAsync(comment.AuthorKey, message, Maria)).Succeeded);
                var reloaded = (await Authors.LoadCardAsync(comment.Id))!;
                cut!.Render(p2 => p2.Add(c => c.Card, reloaded));
            }));
        Assert.True(cut.Find(".author-warn").HasAttribute("disabled"));

        cut.Find(".author-warning-message textarea").Input("Second: last warning before a ban.");
        await cut.InvokeAsync(() => cut.Find(".author-warn").Click());

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".author-warning").Count));
        var shown = cut.FindAll(".author-warning");
        Assert.Equal("Second: last warning before a ban.", shown[0].QuerySelector(".author-warning-text")!.TextContent);
        Assert.Equal("First: <script>alert(1)</script> mind the tone.", shown[1].QuerySelector(".author-warning-text")!.TextContent);
        Assert.Empty(cut.FindAll(".author-warning script"));
        Assert.Equal($"— Maria Warner, {_factory.Clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC", shown[0].QuerySelector(".author-warning-by")!.TextContent.Trim());
        await _factory.Services.MailsHandledAsync();
        Assert.Equal(2, _factory.Smtp.MailsTo(email).Count);
    }
}

public sealed class AuthorWarningTests(MailAppFactory factory) : AuthorWarningTests<MailAppFactory>(factory);

public sealed class AuthorWarningTestsOnPostgres(PostgresMailAppFactory factory) : AuthorWarningTests<PostgresMailAppFactory>(factory);
