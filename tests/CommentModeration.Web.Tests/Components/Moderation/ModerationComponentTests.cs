using Bunit;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Components.Pages.Moderation;
using CommentModeration.Web.Moderation;
using Microsoft.AspNetCore.Components;

namespace CommentModeration.Web.Tests.Components.Moderation;

/// <summary>The moderation workspace's parts, rendered with MudBlazor's test services and a signed-in moderator.</summary>
public sealed class ModerationComponentTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public ModerationComponentTests()
    {
        _context.AddTestServices();
        _context.AddAuthorization().SetAuthorized("mod@example.com").SetRoles("Moderator");
        _context.Render<MudBlazor.MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static QueueItemDetail Detail(string body, IReadOnlyList<RuleHit> hits, CommentStatus status = CommentStatus.Pending, QueueParent? parent = null, DateTimeOffset? editedAt = null) =>
        new(7, Guid.NewGuid(), status, body, "<p>" + System.Net.WebUtility.HtmlEncode(body) + "</p>", new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), editedAt,
            false, 0, false, null, hits.Count > 0 ? hits.Max(h => h.Action) : VerdictAction.Publish, hits, 3, "Harbour plan", "harbour-plan", parent, [], "Pat");

    [Fact]
    public void Item_view_marks_the_matched_spans_and_names_each_fired_rule_with_its_reason()
    {
        const string body = "<b>Total</b> idiot and a spammer";
        var hits = new[]
        {
            new RuleHit { RuleKey = "builtin:moderation-keys", Rule = "Moderation words", Action = VerdictAction.Hold, Reason = "Contains a moderation word", IsBuiltIn = true, Field = "body",
                Spans = [new MatchSpan(body.IndexOf("idiot"), 5, "idiot")] },
            new RuleHit { RuleKey = "rule-4", Rule = "Spam talk", Action = VerdictAction.Flag, Reason = "Mentions spam", Field = "body",
                Spans = [new MatchSpan(body.IndexOf("spammer"), 7, "spammer")] },
        };

        var cut = _context.Render<CommentItemView>(p => p.Add(c => c.Detail, Detail(body, hits, parent: new QueueParent(2, "Sam", "Parent text", CommentStatus.Approved))));

        Assert.Equal(["idiot", "spammer"], cut.FindAll(".comment-body mark").Select(m => m.TextContent));
        // The user's markup is shown as text, never as live elements.
        Assert.Empty(cut.FindAll(".comment-body b"));
        Assert.Contains("<b>Total</b>", cut.Find(".comment-body").TextContent);
        var rules = cut.FindAll(".verdict-hit").Select(li => li.TextContent).ToList();
        Assert.Contains(rules, r => r.Contains("Moderation words") && r.Contains("Contains a moderation word"));
        Assert.Contains(rules, r => r.Contains("Spam talk") && r.Contains("Mentions spam"));
        Assert.Contains("Sam", cut.Find(".comment-parent").TextContent);
        Assert.Equal("/articles/harbour-plan#comment-7", cut.Find("a.comment-article").GetAttribute("href"));
    }

    [Fact]
    public void Item_view_names_the_rule_set_revision_that_decided_each_hit()
    {
        var hits = new[]
        {
            new RuleHit { RuleKey = "builtin:links", Rule = "Too many links", Action = VerdictAction.Hold, IsBuiltIn = true, RuleRevision = 12 },
            // Stored before hits carried their revision: the comment's verdict names it.
            new RuleHit { RuleKey = "rule-4", Rule = "Spam talk", Action = VerdictAction.Flag },
        };

        var cut = _context.Render<CommentItemView>(p => p.Add(c => c.Detail, Detail("Two links", hits) with { RuleSetRevision = 9 }));

        Assert.Equal(["Too many links (check, hold) · decided by rules revision 12", "Spam talk (rule, flag) · decided by rules revision 9"],
            cut.FindAll(".verdict-hit").Select(li => string.Join(" ", li.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
    }

    [Fact]
    public void Item_view_skips_spans_that_no_longer_match_an_edited_text_and_says_it_was_edited()
    {
        var hits = new[] { new RuleHit { RuleKey = "k", Rule = "Words", Action = VerdictAction.Hold, Field = "body", Spans = [new MatchSpan(0, 5, "idiot")] } };

        var cut = _context.Render<CommentItemView>(p => p.Add(c => c.Detail, Detail("Kind words now", hits, editedAt: DateTimeOffset.UnixEpoch)));

        Assert.Empty(cut.FindAll(".comment-body mark"));
        Assert.Contains("Edited", cut.Find(".comment-edited").TextContent);
    }

    [Fact]
    public void Item_view_of_an_edited_comment_shows_each_earlier_version_with_who_replaced_it_and_when()
    {
        var detail = Detail("Third wording", [], editedAt: new DateTimeOffset(2026, 11, 1, 9, 10, 0, TimeSpan.Zero)) with
        {
            Revisions =
            [
                new QueueRevision("First <i>wording</i>\nover two lines", "Pat", new DateTimeOffset(2026, 11, 1, 9, 2, 0, TimeSpan.Zero)),
                new QueueRevision("Second wording", "alice@example.com", new DateTimeOffset(2026, 11, 1, 9, 10, 0, TimeSpan.Zero)),
            ],
        };

        var cut = _context.Render<CommentItemView>(p => p.Add(c => c.Detail, detail));

        Assert.Equal("Show earlier versions (2)", cut.Find(".comment-revisions summary").TextContent);
        var versions = cut.FindAll(".comment-revision");
        Assert.Equal(2, versions.Count);
        // The author's markup is shown as text, never as live elements.
        Assert.Equal("First <i>wording</i>\nover two lines", versions[0].QuerySelector(".revision-text")!.TextContent);
        Assert.Empty(cut.FindAll(".revision-text i"));
        Assert.Equal("Replaced by Pat on 2026-11-01 09:02 UTC:", versions[0].QuerySelector(".revision-meta")!.TextContent.Trim());
        Assert.Equal("Second wording", versions[1].QuerySelector(".revision-text")!.TextContent);
        Assert.Equal("Replaced by alice@example.com on 2026-11-01 09:10 UTC:", versions[1].QuerySelector(".revision-meta")!.TextContent.Trim());
    }

    [Fact]
    public void Item_view_of_a_comment_never_edited_offers_no_earlier_versions()
    {
        var cut = _context.Render<CommentItemView>(p => p.Add(c => c.Detail, Detail("As first written", [])));

        Assert.Empty(cut.FindAll(".comment-revisions"));
        Assert.Empty(cut.FindAll(".comment-edited"));
    }

    [Fact]
    public void Action_bar_for_a_held_comment_offers_approve_reject_spam_and_sends_the_chosen_reason()
    {
        var approved = 0;
        string? rejectedWith = null;
        var cut = _context.Render<ActionBar>(p => p
            .Add(b => b.Status, CommentStatus.Pending)
            .Add(b => b.OnApprove, () => approved++)
            .Add(b => b.OnReject, (string reason) => rejectedWith = reason)
            .Add(b => b.ShowReasons, true));

        Assert.Empty(cut.FindAll(".action-unapprove"));
        cut.Find(".action-approve").Click();
        Assert.Equal(1, approved);
        cut.FindAll(".reject-reason")[1].Click();
        Assert.Equal(ModeratorDecisions.RejectionReasons[1], rejectedWith);
    }

    [Fact]
    public void Action_bar_for_an_approved_comment_offers_moving_it_back_and_no_approve()
    {
        var unapproved = false;
        var cut = _context.Render<ActionBar>(p => p
            .Add(b => b.Status, CommentStatus.Approved)
            .Add(b => b.OnUnapprove, () => unapproved = true));

        Assert.Empty(cut.FindAll(".action-approve"));
        cut.Find(".action-unapprove").Click();
        Assert.True(unapproved);

        cut.Render(p => p.Add(b => b.NeedsReview, true));
        Assert.Equal("Keep (reviewed)", cut.Find(".action-approve").TextContent.Trim());
    }

    [Fact]
    public void Author_card_shows_the_author_and_sends_ban_and_notes()
    {
        (AuthorStandingLevel Level, DateTimeOffset? Until, string? Reason)? standing = null;
        string? note = null;
        var card = new AuthorCard("email:pat@example.org", "Pat", "pat@example.org", "https://pat.example", "203.0.113.9", false,
            new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), 4, 1, 2, AuthorStandingLevel.Normal, null,
            [new AuthorRecentComment(5, 3, "Harbour plan", "Earlier remark", DateTimeOffset.UnixEpoch, CommentStatus.Rejected)],
            [new AuthorNoteView(1, "Warned once", "alice", DateTimeOffset.UnixEpoch)]);

        var cut = _context.Render<AuthorCardView>(p => p
            .Add(c => c.Card, card)
            .Add(c => c.OnSetStanding, ((AuthorStandingLevel, DateTimeOffset?, string?) s) => standing = s)
            .Add(c => c.OnAddNote, (string text) => note = text));

        Assert.Equal("pat@example.org", cut.Find(".author-email").TextContent);
        Assert.Equal("203.0.113.9", cut.Find(".author-ip").TextContent);
        Assert.Equal("Guest", cut.Find(".author-registered").TextContent);
        Assert.Equal("4 approved · 1 rejected · 2 spam", cut.Find(".author-counts").TextContent);
        Assert.Contains("Earlier remark", cut.Find(".author-recent").TextContent);
        Assert.Contains("Warned once", cut.Find(".author-note").TextContent);
        Assert.Empty(cut.FindAll(".author-reinstate"));

        cut.Find(".author-ban").Click();
        Assert.Equal(AuthorStandingLevel.Banned, standing?.Level);

        cut.Find(".author-note-text textarea").Input("Second warning");
        cut.Find(".author-add-note").Click();
        Assert.Equal("Second warning", note);
    }

    [Fact]
    public void Author_card_suspends_until_the_day_typed_with_the_reason()
    {
        (AuthorStandingLevel Level, DateTimeOffset? Until, string? Reason)? standing = null;
        var card = new AuthorCard("email:pat@example.org", "Pat", "pat@example.org", "", "", false,
            new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), 0, 0, 0, AuthorStandingLevel.Normal, null, [], []);
        var cut = _context.Render<AuthorCardView>(p => p
            .Add(c => c.Card, card)
            .Add(c => c.OnSetStanding, ((AuthorStandingLevel, DateTimeOffset?, string?) s) => standing = s));
        Assert.True(cut.Find(".author-suspend").HasAttribute("disabled"));

        cut.Find(".author-suspend-until input").Change("2030-05-17");
        cut.Find(".author-reason input").Change("Cooling off");
        cut.Find(".author-suspend").Click();

        Assert.Equal(AuthorStandingLevel.Suspended, standing?.Level);
        Assert.Equal(new DateTimeOffset(2030, 5, 17, 0, 0, 0, TimeSpan.Zero), standing?.Until);
        Assert.Equal("Cooling off", standing?.Reason);
    }

    [Fact]
    public void Queue_list_marks_the_current_row_and_opens_a_clicked_one()
    {
        long? opened = null;
        QueueItem Item(long id) => new(id, Guid.NewGuid(), DateTimeOffset.UnixEpoch, CommentStatus.Pending, 1, "Article", $"Author {id}", "k", $"Text {id}", false, 0, false, VerdictAction.Hold, ["Links"]);
        var cut = _context.Render<QueueList>(p => p
            .Add(l => l.Items, [Item(1), Item(2), Item(3)])
            .Add(l => l.CurrentId, 2L)
            .Add(l => l.OnOpen, (long id) => opened = id));

        Assert.Equal(3, cut.FindAll("li.queue-item").Count);
        Assert.Equal("queue-item-2", cut.Find("li[aria-selected=true]").Id);
        Assert.Contains("Links", cut.Find("#queue-item-1 .queue-meta").TextContent);
        cut.Find("#queue-item-3").Click();
        Assert.Equal(3, opened);
    }

    [Fact]
    public void Queue_list_counts_reports_as_said_and_reject_reasons_are_numbered_once()
    {
        QueueItem Item(long id, int reports) => new(id, Guid.NewGuid(), DateTimeOffset.UnixEpoch, CommentStatus.Approved, 1, "Article", $"Author {id}", "k", $"Text {id}", true, reports, false, VerdictAction.Approve, []);
        var list = _context.Render<QueueList>(p => p.Add(l => l.Items, [Item(1, 1), Item(2, 3)]));

        Assert.Contains("1 report", list.Find("#queue-item-1").TextContent);
        Assert.DoesNotContain("1 reports", list.Find("#queue-item-1").TextContent);
        Assert.Contains("3 reports", list.Find("#queue-item-2").TextContent);

        var bar = _context.Render<ActionBar>(p => p.Add(b => b.Status, CommentStatus.Pending).Add(b => b.ShowReasons, true));
        Assert.Empty(bar.FindAll("ol.reason-list"));
        Assert.Equal("1", bar.Find(".reject-reason kbd").TextContent);
    }
}
