using System.Net;
using AngleSharp.Html.Dom;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Admin;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>An author editing their own comment within the edit window, through the edit page as a browser without JavaScript does.</summary>
public abstract class CommentEditingTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ReaderAppFactory
{
    private const string HoldingWord = "zebracorn";
    private const string SpamWord = "quokkaspam";

    private static string Url(Article article) => "/articles/" + article.Slug;

    private static string EditUrl(Comment comment) => $"/comments/{comment.Id}/edit";

    private async Task<Comment> ReloadAsync(Comment comment)
    {
        await using var db = factory.CreateDbContext();
        return await db.Comments.SingleAsync(c => c.Id == comment.Id);
    }

    private async Task<List<CommentRevision>> RevisionsOfAsync(Comment comment)
    {
        await using var db = factory.CreateDbContext();
        return await db.CommentRevisions.Where(r => r.CommentId == comment.Id).OrderBy(r => r.Id).ToListAsync();
    }

    /// <summary>A guest with an earlier approved comment posts through the article page: published, and their browser remembers it.</summary>
    private async Task<(Article Article, HttpClient Author, Comment Comment)> PublishedGuestCommentAsync(string prefix, string text)
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug(prefix));
        var email = $"{article.Slug}@example.com";
        await factory.AddCommentAsync(article, "An earlier approved reply", author: "Regular Reader", email: email, at: factory.Clock.GetUtcNow().AddDays(-2));
        var author = factory.CreateBrowserClient();
        var posted = await author.SubmitFormAsync(Url(article), "#commentform", ReaderArrange.GuestReply(text, author: "Regular Reader", email: email));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await using var db = factory.CreateDbContext();
        var comment = await db.Comments.Where(c => c.ArticleId == article.Id).OrderBy(c => c.Id).LastAsync();
        Assert.Equal((text, CommentStatus.Approved), (comment.BodyText, comment.Status));
        return (article, author, comment);
    }

    private static Task<HttpResponseMessage> EditAsync(HttpClient client, Comment comment, string text, bool includeAntiforgery = true) =>
        client.SubmitFormAsync(EditUrl(comment), "#editform", new Dictionary<string, string> { ["comment"] = text }, includeAntiforgery);

    /// <summary>Posts the edit form of a page fetched earlier, as a browser does when its reader took a while.</summary>
    private static Task<HttpResponseMessage> PostEditFormAsync(HttpClient client, Comment comment, IHtmlDocument editPage, string text)
    {
        var fields = editPage.QuerySelectorAll("#editform input[type=hidden]")
            .Select(input => new KeyValuePair<string, string>(input.GetAttribute("name")!, input.GetAttribute("value") ?? ""))
            .Append(new("comment", text));
        return client.PostAsync(EditUrl(comment), new FormUrlEncodedContent(fields));
    }

    private static async Task<IHtmlDocument> ReadAsync(HttpResponseMessage response) => FormClient.Parse(await response.Content.ReadAsStringAsync());

    [Fact]
    public async Task Guest_edits_own_published_comment_within_the_window_and_every_reader_sees_the_new_text()
    {
        var (article, author, comment) = await PublishedGuestCommentAsync("edit-guest", "Teh harbour plan is sound.");
        var reader = factory.CreateBrowserClient();

        // The author's page, written after the post emptied the cache, is not kept for anyone else;
        // the reader's page is, and the edit must evict it.
        var own = await author.GetDocumentAsync(Url(article));
        Assert.Equal(EditUrl(comment), own.QuerySelector($"li#comment-{comment.Id} a.comment-edit-link")?.GetAttribute("href"));
        var others = await reader.GetDocumentAsync(Url(article));
        Assert.Contains("Teh harbour plan", others.QuerySelector($"li#comment-{comment.Id}")!.TextContent);
        Assert.Null(others.QuerySelector(".comment-edit-link"));

        var form = await author.GetDocumentAsync(EditUrl(comment));
        Assert.Equal("Teh harbour plan is sound.", form.QuerySelector("#editform textarea#comment")!.TextContent);

        var response = await EditAsync(author, comment, "The harbour plan is *sound*.");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{Url(article)}?cpage=1#comment-{comment.Id}", response.Headers.Location!.PathAndQuery + response.Headers.Location.Fragment);
        var item = (await reader.GetDocumentAsync(Url(article))).QuerySelector($"li#comment-{comment.Id}")!;
        Assert.Equal("sound", item.QuerySelector(".comment-content em")?.TextContent);
        Assert.DoesNotContain("Teh harbour plan", item.TextContent);
        Assert.NotNull(item.QuerySelector(".comment-edited"));
        Assert.Null(item.QuerySelector(".comment-edit-link"));

        var stored = await ReloadAsync(comment);
        Assert.Equal((CommentStatus.Approved, factory.Clock.GetUtcNow()), (stored.Status, stored.EditedAt));
        var revision = Assert.Single(await RevisionsOfAsync(comment));
        Assert.Equal(("Teh harbour plan is sound.", "Regular Reader"), (revision.BodyText, revision.EditedByName));
        await using var db = factory.CreateDbContext();
        var audit = await db.ModerationEvents.Where(e => e.CommentId == comment.Id).OrderBy(e => e.Id).LastAsync();
        Assert.Equal((AuditActions.AuthorEdit, "Regular Reader", false), (audit.Action, audit.ActorName, audit.Automatic));
    }

    [Fact]
    public async Task Signed_in_author_edits_own_comment_and_another_account_cannot()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("edit-member"));
        var author = await factory.SignedInClientAsync("edit-member@example.com");
        var posted = await author.SubmitFormAsync(Url(article), "#commentform", new Dictionary<string, string> { ["comment"] = "Member's first thought" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Comment comment;
        await using (var db = factory.CreateDbContext()) comment = await db.Comments.SingleAsync(c => c.ArticleId == article.Id);
        Assert.NotNull(comment.UserId);

        Assert.NotNull((await author.GetDocumentAsync(Url(article))).QuerySelector($"li#comment-{comment.Id} a.comment-edit-link"));
        var response = await EditAsync(author, comment, "Member's second thought");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Member's second thought", (await ReloadAsync(comment)).BodyText);
        Assert.Equal("edit-member", Assert.Single(await RevisionsOfAsync(comment)).EditedByName);

        var other = await factory.SignedInClientAsync("edit-other-member@example.com");
        var refused = await other.GetAsync(EditUrl(comment));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var page = await ReadAsync(refused);
        Assert.Contains("You can only edit your own comments", page.QuerySelector("#edit-error")!.TextContent);
        Assert.Null(page.QuerySelector("#editform"));
        Assert.DoesNotContain("second thought", page.Body!.TextContent);
    }

    [Fact]
    public async Task Guest_holding_the_held_comment_cookie_edits_the_held_comment_and_it_stays_held()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("edit-held"));
        var held = await factory.AddCommentAsync(article, "Held frist words", CommentStatus.Pending, author: "New Reader", email: "edit-held@example.com",
            at: factory.Clock.GetUtcNow().AddMinutes(-1));
        var protector = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("CommentModeration.HeldComments.v1");
        var author = factory.CreateBrowserClient();
        author.DefaultRequestHeaders.Add("Cookie", $"{HeldCommentCookie.Name}={protector.Protect($"{article.Id}:{held.Id}")}");

        var own = await author.GetDocumentAsync(Url(article));
        Assert.NotNull(own.QuerySelector($"li#comment-{held.Id} em.comment-awaiting-moderation"));
        Assert.NotNull(own.QuerySelector($"li#comment-{held.Id} a.comment-edit-link"));

        var response = await EditAsync(author, held, "Held first words");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await ReloadAsync(held);
        Assert.Equal(("Held first words", CommentStatus.Pending), (stored.BodyText, stored.Status));
        var item = (await author.GetDocumentAsync(Url(article))).QuerySelector($"li#comment-{held.Id}")!;
        Assert.Contains("Held first words", item.TextContent);
        Assert.NotNull(item.QuerySelector("em.comment-awaiting-moderation"));
        Assert.Null((await factory.CreateBrowserClient().GetDocumentAsync(Url(article))).QuerySelector($"#comment-{held.Id}"));
    }

    [Theory]
    [InlineData(HoldingWord, CommentStatus.Pending)]
    [InlineData(SpamWord, CommentStatus.Spam)]
    public async Task Edit_adding_a_word_the_rules_catch_takes_the_published_comment_off_the_page_into_its_queue(string word, CommentStatus queued)
    {
        await factory.ConfigureDiscussionAsync(s => s with { ModerationKeys = HoldingWord, DisallowedKeys = SpamWord });
        var (article, author, comment) = await PublishedGuestCommentAsync("edit-recheck", "A harmless remark");
        var queue = factory.Services.GetRequiredService<ModerationQueue>();
        var countsBefore = await queue.GetCountsAsync();
        var reader = factory.CreateBrowserClient();
        Assert.NotNull((await reader.GetDocumentAsync(Url(article))).QuerySelector($"#comment-{comment.Id}"));

        var response = await EditAsync(author, comment, $"A harmless remark, {word} included");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await ReloadAsync(comment);
        Assert.Equal(queued, stored.Status);
        Assert.Contains(word, stored.VerdictJson);
        var page = await reader.GetDocumentAsync(Url(article));
        Assert.Null(page.QuerySelector($"#comment-{comment.Id}"));
        Assert.DoesNotContain("harmless remark", page.Body!.TextContent);
        await using (var db = factory.CreateDbContext())
        {
            Assert.Equal(1, (await db.Articles.SingleAsync(a => a.Id == article.Id)).ApprovedCommentCount);
        }
        var countsAfter = await queue.GetCountsAsync();
        Assert.Equal(-1, countsAfter.Approved - countsBefore.Approved);
        Assert.Equal(1, countsAfter.Of(queued == CommentStatus.Pending ? QueueKind.Pending : QueueKind.Spam) - countsBefore.Of(queued == CommentStatus.Pending ? QueueKind.Pending : QueueKind.Spam));
        var detail = await queue.GetItemAsync(comment.Id);
        Assert.Equal("A harmless remark", Assert.Single(detail!.Revisions).BodyText);
        if (queued == CommentStatus.Pending)
        {
            // Its author still sees it, awaiting moderation.
            Assert.NotNull((await author.GetDocumentAsync(Url(article))).QuerySelector($"li#comment-{comment.Id} em.comment-awaiting-moderation"));
        }
    }

    [Fact]
    public async Task Edit_of_a_first_comment_a_moderator_approved_goes_back_to_the_queue_as_the_approval_was_of_other_words()
    {
        var article = await factory.AddArticleAsync(ReaderArrange.UniqueSlug("edit-approved-first"));
        var author = factory.CreateBrowserClient();
        await author.SubmitFormAsync(Url(article), "#commentform", ReaderArrange.GuestReply("Innocent first words", author: "Newcomer", email: "edit-newcomer@example.com"));
        Comment comment;
        await using (var db = factory.CreateDbContext()) comment = await db.Comments.SingleAsync(c => c.ArticleId == article.Id);
        Assert.Equal(CommentStatus.Pending, comment.Status);
        var approved = await factory.Services.GetRequiredService<ModeratorDecisions>()
            .ApproveAsync([new CommentRef(comment.Id, comment.Version)], await StaffAccounts.EnsureAsync(factory.Services, new Moderator("mod-id", "mod@example.com"), Roles.Moderator));
        Assert.True(approved.Succeeded);

        var response = await EditAsync(author, comment, "Buy cheap watches at my shop");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await ReloadAsync(comment);
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.Contains("builtin:previously-approved", stored.VerdictJson);
        Assert.DoesNotContain("cheap watches", (await factory.CreateBrowserClient().GetDocumentAsync(Url(article))).Body!.TextContent);
    }

    [Fact]
    public async Task Edit_after_the_window_has_passed_is_refused_and_changes_nothing()
    {
        var (article, author, comment) = await PublishedGuestCommentAsync("edit-late", "Said in haste");
        var form = await author.GetDocumentAsync(EditUrl(comment));

        factory.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Null((await author.GetDocumentAsync(Url(article))).QuerySelector(".comment-edit-link"));
        var late = await author.GetAsync(EditUrl(comment));
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        var latePage = await ReadAsync(late);
        Assert.Equal("The time to edit this comment has passed: a comment can be edited for 5 minutes after it is posted.", latePage.QuerySelector("#edit-error")!.TextContent);
        Assert.Null(latePage.QuerySelector("#editform"));

        var posted = await PostEditFormAsync(author, comment, form, "Said with care");
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Contains("The time to edit this comment has passed", (await ReadAsync(posted)).QuerySelector("#edit-error")!.TextContent);
        var stored = await ReloadAsync(comment);
        Assert.Equal(("Said in haste", (DateTimeOffset?)null), (stored.BodyText, stored.EditedAt));
        Assert.Empty(await RevisionsOfAsync(comment));
    }

    [Fact]
    public async Task Another_browser_cannot_edit_the_comment_even_with_a_forged_post()
    {
        var (article, _, comment) = await PublishedGuestCommentAsync("edit-forged", "My own words");
        var other = factory.CreateBrowserClient();

        var refused = await other.GetAsync(EditUrl(comment));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Null((await ReadAsync(refused)).QuerySelector("#editform"));
        Assert.Null((await other.GetDocumentAsync(Url(article))).QuerySelector(".comment-edit-link"));

        // A valid token of its own (from the reply form) and the edit form's name: still not the author.
        var token = (await other.GetDocumentAsync(Url(article))).QuerySelector("#commentform input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await other.PostAsync(EditUrl(comment), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "edit-comment",
            ["__RequestVerificationToken"] = token,
            ["comment"] = "Words put in my mouth",
        }));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("You can only edit your own comments", (await ReadAsync(forged)).QuerySelector("#edit-error")!.TextContent);
        Assert.Equal("My own words", (await ReloadAsync(comment)).BodyText);
        Assert.Empty(await RevisionsOfAsync(comment));
    }

    [Fact]
    public async Task Edit_without_antiforgery_token_is_refused_and_changes_nothing()
    {
        var (_, author, comment) = await PublishedGuestCommentAsync("edit-token", "Unforged words");

        var response = await EditAsync(author, comment, "Forged words", includeAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("form has expired", await response.Content.ReadAsStringAsync());
        Assert.Equal("Unforged words", (await ReloadAsync(comment)).BodyText);
        Assert.Empty(await RevisionsOfAsync(comment));
    }

    public static TheoryData<string, string> BadTexts => new()
    {
        { "", "Please type your comment." },
        { "\u200B\u200D \u2060", "Please type your comment." },
        { new string('a', 65_526), "Your comment is too long: 65,526 characters, at most 65,525 are allowed." },
        { "Kept as it was", "You have not changed the text." },
    };

    [Theory]
    [MemberData(nameof(BadTexts))]
    public async Task Empty_invisible_too_long_or_unchanged_edit_is_refused_with_a_message_and_changes_nothing(string text, string message)
    {
        var (_, author, comment) = await PublishedGuestCommentAsync("edit-bad", "Kept as it was");

        var response = await EditAsync(author, comment, text);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await ReadAsync(response);
        Assert.Equal(message, page.QuerySelector("#edit-error")!.TextContent);
        Assert.NotNull(page.QuerySelector("#editform"));
        var stored = await ReloadAsync(comment);
        Assert.Equal(("Kept as it was", (DateTimeOffset?)null, CommentStatus.Approved), (stored.BodyText, stored.EditedAt, stored.Status));
        Assert.Empty(await RevisionsOfAsync(comment));
    }

    [Fact]
    public async Task An_edit_window_of_zero_saved_by_an_admin_turns_editing_off()
    {
        var settings = factory.Services.GetRequiredService<DiscussionSettingsEditing>();
        var admin = await StaffAccounts.EnsureAsync(factory.Services, new("edit-window-admin", "Admin"), Roles.Admin);
        var edited = await settings.LoadAsync() with { EditWindowMinutes = 0 };
        Assert.True((await settings.SaveAsync(edited, admin)).Succeeded);
        try
        {
            Assert.Equal(0, (await settings.LoadAsync()).EditWindowMinutes);
            var (article, author, comment) = await PublishedGuestCommentAsync("edit-off", "Final words");

            Assert.Null((await author.GetDocumentAsync(Url(article))).QuerySelector(".comment-edit-link"));
            var refused = await author.GetAsync(EditUrl(comment));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Comments cannot be edited on this site.", (await ReadAsync(refused)).QuerySelector("#edit-error")!.TextContent);
        }
        finally
        {
            await settings.SaveAsync(edited with { EditWindowMinutes = 5 }, admin);
        }
    }
}

public sealed class CommentEditingTests(ReaderAppFactory factory) : CommentEditingTests<ReaderAppFactory>(factory);

public sealed class CommentEditingTestsOnPostgres(PostgresReaderAppFactory factory) : CommentEditingTests<PostgresReaderAppFactory>(factory);
