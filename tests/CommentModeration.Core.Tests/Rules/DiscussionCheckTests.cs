using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.BuiltIn;

namespace CommentModeration.Core.Tests.Rules;

/// <summary>The built-in discussion checks, with the cases WordPress's own tests check for check_comment, the disallowed list, flood, duplicates and field limits.</summary>
public class DiscussionCheckTests
{
    private static CommentCandidate Guest(string body = "Hello there, a fine article.") => Given.Comment(body) with
    {
        Author = new AuthorContext { HasPreviouslyApproved = true },
    };

    [Fact]
    public void Returning_author_with_ordinary_comment_is_published()
    {
        var verdict = Given.Decide(Guest());
        Assert.Equal(VerdictAction.Publish, verdict.Action);
        Assert.Empty(verdict.Hits);
        Assert.True(verdict.Publishes);
    }

    // check_comment: manual moderation.
    [Fact]
    public void Held_when_manual_approval_is_on()
    {
        var verdict = Given.Decide(Guest(), Given.Settings(s => s with { ManualApproval = true }));
        Assert.Equal(VerdictAction.Hold, verdict.Action);
        var hit = Assert.Single(verdict.Hits);
        Assert.Equal(BuiltInRule.ManualApproval, hit.RuleKey);
        Assert.True(hit.IsBuiltIn);
        Assert.Equal("Manual approval", hit.Rule);
    }

    // check_comment: previously approved.
    [Fact]
    public void Held_when_author_has_no_previously_approved_comment()
    {
        var verdict = Given.Decide(Guest() with { Author = new AuthorContext { HasPreviouslyApproved = false } });
        Assert.Equal(VerdictAction.Hold, verdict.Action);
        Assert.Equal([BuiltInRule.PreviouslyApproved], verdict.Keys());
    }

    [Fact]
    public void Previously_approved_counts_only_once_approved()
    {
        // The caller sets HasPreviouslyApproved from approved comments only: a pending earlier comment leaves it false.
        var pendingOnly = Guest() with { Author = new AuthorContext { HasPreviouslyApproved = false, ApprovedCount = 0 } };
        var approved = Guest() with { Author = new AuthorContext { HasPreviouslyApproved = true, ApprovedCount = 1 } };
        Assert.Equal(VerdictAction.Hold, Given.Decide(pendingOnly).Action);
        Assert.Equal(VerdictAction.Publish, Given.Decide(approved).Action);
    }

    [Fact]
    public void Not_held_for_a_new_author_when_previously_approved_is_off()
    {
        var verdict = Given.Decide(Guest() with { Author = new AuthorContext() }, Given.Settings(s => s with { RequirePreviouslyApproved = false }));
        Assert.Equal(VerdictAction.Publish, verdict.Action);
    }

    [Fact]
    public void Trusted_author_skips_previously_approved_and_link_holds()
    {
        var trusted = Guest("See https://a.example and https://b.example") with
        {
            Author = new AuthorContext { Standing = AuthorStandingLevel.Trusted },
        };
        Assert.Equal(VerdictAction.Publish, Given.Decide(trusted).Action);
    }

    // check_comment: max links.
    [Fact]
    public void Held_when_links_reach_the_limit_and_not_below_it()
    {
        var settings = Given.Settings(s => s with { HoldWhenLinksAtLeast = 2 });
        var two = Given.Decide(Guest("Read https://news.example/a and www.other.example/b please."), settings);
        var one = Given.Decide(Guest("Read https://news.example/a please."), settings);
        Assert.Equal(VerdictAction.Hold, two.Action);
        var hit = Assert.Single(two.Hits);
        Assert.Equal(BuiltInRule.Links, hit.RuleKey);
        Assert.Equal(["https://news.example/a", "www.other.example/b"], hit.Spans.Select(s => s.Text));
        Assert.Equal(VerdictAction.Publish, one.Action);
    }

    [Fact]
    public void Markdown_and_html_links_are_counted_once_each()
    {
        var settings = Given.Settings(s => s with { HoldWhenLinksAtLeast = 3 });
        var verdict = Given.Decide(Guest("[one](https://a.example) <a href=\"http://b.example\">two</a> and http://c.example."), settings);
        Assert.Equal(VerdictAction.Hold, verdict.Action);
        Assert.Equal(3, verdict.Hits.Single().Spans.Count);
    }

    [Fact]
    public void Website_field_does_not_count_as_a_link_and_zero_turns_the_check_off()
    {
        var withSite = Guest("Only https://a.example here.") with { AuthorUrl = "https://me.example" };
        Assert.Equal(VerdictAction.Publish, Given.Decide(withSite, Given.Settings(s => s with { HoldWhenLinksAtLeast = 2 })).Action);
        var many = Guest("https://a.example https://b.example https://c.example");
        Assert.Equal(VerdictAction.Publish, Given.Decide(many, Given.Settings(s => s with { HoldWhenLinksAtLeast = 0 })).Action);
    }

    // check_comment: moderation keys in every field.
    [Theory]
    [InlineData("body")]
    [InlineData("authorName")]
    [InlineData("authorEmail")]
    [InlineData("authorUrl")]
    [InlineData("ip")]
    [InlineData("userAgent")]
    public void Held_when_a_moderation_key_is_in_any_field(string field)
    {
        var candidate = Put(Guest(), field, "xyzzy");
        var verdict = Given.Decide(candidate, Given.Settings(s => s with { ModerationKeys = "foo\nxyzzy\n" }));
        Assert.Equal(VerdictAction.Hold, verdict.Action);
        var hit = Assert.Single(verdict.Hits);
        Assert.Equal(BuiltInRule.ModerationKeys, hit.RuleKey);
        Assert.Equal(field, hit.Field);
        Assert.Equal("xyzzy", Assert.Single(hit.Spans).Text, ignoreCase: true);
    }

    [Fact]
    public void Not_held_when_no_moderation_key_matches()
    {
        var verdict = Given.Decide(Guest("Nothing to see."), Given.Settings(s => s with { ModerationKeys = "xyzzy\nplugh" }));
        Assert.Equal(VerdictAction.Publish, verdict.Action);
    }

    [Fact]
    public void Moderation_keys_match_any_case_and_inside_words_as_wordpress_does()
    {
        var verdict = Given.Decide(Guest("Such a SPAMMY offer"), Given.Settings(s => s with { ModerationKeys = "spam" }));
        var span = Assert.Single(Assert.Single(verdict.Hits).Spans);
        Assert.Equal(new MatchSpan(7, 4, "SPAM"), span);
    }

    [Fact]
    public void Non_latin_moderation_word_matches_its_capitalised_form()
    {
        var verdict = Given.Decide(Guest("Поздравляем с победой!"), Given.Settings(s => s with { ModerationKeys = "поздравляем" }));
        Assert.Equal(VerdictAction.Hold, verdict.Action);
        Assert.Equal("Поздравляем", verdict.Hits.Single().Spans.Single().Text);
    }

    [Fact]
    public void Blank_lines_in_the_key_list_match_nothing()
    {
        var verdict = Given.Decide(Guest(), Given.Settings(s => s with { ModerationKeys = "\n  \n\r\n" }));
        Assert.Equal(VerdictAction.Publish, verdict.Action);
    }

    // wp_check_comment_disallowed_list.
    [Theory]
    [InlineData("body")]
    [InlineData("authorName")]
    [InlineData("authorEmail")]
    [InlineData("authorUrl")]
    [InlineData("ip")]
    [InlineData("userAgent")]
    public void Spam_when_a_disallowed_key_is_in_any_field(string field)
    {
        var candidate = Put(Guest(), field, "casino");
        var verdict = Given.Decide(candidate, Given.Settings(s => s with { DisallowedKeys = "casino" }));
        Assert.Equal(VerdictAction.Spam, verdict.Action);
        Assert.Equal(field, Assert.Single(verdict.Hits).Field);
    }

    [Fact]
    public void Disallowed_ip_prefix_matches_the_commenters_ip()
    {
        var verdict = Given.Decide(Guest() with { Ip = "192.0.2.44" }, Given.Settings(s => s with { DisallowedKeys = "192.0.2." }));
        Assert.Equal(VerdictAction.Spam, verdict.Action);
        Assert.Equal("ip", verdict.Hits.Single().Field);
    }

    [Fact]
    public void Disallowed_user_agent_matches()
    {
        var verdict = Given.Decide(Guest() with { UserAgent = "EvilBot/2.0" }, Given.Settings(s => s with { DisallowedKeys = "evilbot" }));
        Assert.Equal(VerdictAction.Spam, verdict.Action);
        Assert.Equal("userAgent", verdict.Hits.Single().Field);
    }

    [Fact]
    public void Held_on_a_premoderated_article_and_for_a_premoderated_author()
    {
        var article = Guest() with { Article = new ArticleContext { ArticleId = 1, Policy = CommentPolicy.PreModerated } };
        var author = Guest() with { Author = new AuthorContext { HasPreviouslyApproved = true, Standing = AuthorStandingLevel.PreModerated } };
        Assert.Equal([BuiltInRule.PreModeratedArticle], Given.Decide(article).Keys());
        Assert.Equal([BuiltInRule.PreModeratedAuthor], Given.Decide(author).Keys());
    }

    [Fact]
    public void Staff_skip_holds_spam_keys_and_flood_but_not_duplicates_or_limits()
    {
        var settings = Given.Settings(s => s with { ManualApproval = true, DisallowedKeys = "casino", ModerationKeys = "xyzzy" });
        var staff = Guest("casino xyzzy https://a.example https://b.example") with
        {
            Author = new AuthorContext { IsStaff = true, IsRegistered = true },
            Activity = new ActivityContext { Now = Given.Now, RecentCommentTimes = [Given.Now.AddSeconds(-2)] },
        };
        Assert.Equal(VerdictAction.Publish, Given.Decide(staff, settings).Action);

        var duplicate = staff with { Activity = staff.Activity with { IsDuplicate = true } };
        Assert.Equal(VerdictAction.Reject, Given.Decide(duplicate, settings).Action);

        var tooLong = staff with { Body = new string('a', DiscussionSettings.MaxCommentLength + 1) };
        Assert.Equal(VerdictAction.Reject, Given.Decide(tooLong, settings).Action);
    }

    // Flood control.
    [Fact]
    public void Refused_as_flood_inside_the_interval()
    {
        var candidate = Guest() with { Activity = new ActivityContext { Now = Given.Now, RecentCommentTimes = [Given.Now.AddSeconds(-10)] } };
        var verdict = Given.Decide(candidate);
        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.True(verdict.IsFlood);
        Assert.Equal("You are posting comments too quickly. Slow down.", verdict.RefusalReason);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(60)]
    public void Not_a_flood_at_or_after_the_interval(int secondsAgo)
    {
        var candidate = Guest() with { Activity = new ActivityContext { Now = Given.Now, RecentCommentTimes = [Given.Now.AddSeconds(-secondsAgo)] } };
        var verdict = Given.Decide(candidate);
        Assert.Equal(VerdictAction.Publish, verdict.Action);
        Assert.False(verdict.IsFlood);
    }

    [Fact]
    public void Flood_interval_zero_turns_flood_control_off()
    {
        var candidate = Guest() with { Activity = new ActivityContext { Now = Given.Now, RecentCommentTimes = [Given.Now.AddSeconds(-1)] } };
        Assert.Equal(VerdictAction.Publish, Given.Decide(candidate, Given.Settings(s => s with { FloodIntervalSeconds = 0 })).Action);
    }

    [Fact]
    public void Duplicate_is_refused_with_wordpress_message()
    {
        var verdict = Given.Decide(Guest() with { Activity = new ActivityContext { Now = Given.Now, IsDuplicate = true } });
        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Equal("Duplicate comment detected; it looks as though you\u2019ve already said that!", verdict.RefusalReason);
        Assert.False(verdict.IsFlood);
    }

    // Field limits: at the limit accepted, one over refused with a message naming field and limit.
    [Theory]
    [InlineData("authorName", 245, "name")]
    [InlineData("authorEmail", 100, "email")]
    [InlineData("authorUrl", 200, "website")]
    [InlineData("body", 65_525, "comment")]
    public void Field_at_its_limit_is_accepted_and_one_over_is_refused(string field, int limit, string named)
    {
        var atLimit = Given.Decide(WithLength(Guest(), field, limit));
        Assert.DoesNotContain(BuiltInRule.FieldLength, atLimit.Keys());

        var over = Given.Decide(WithLength(Guest(), field, limit + 1));
        Assert.Equal(VerdictAction.Reject, over.Action);
        var hit = Assert.Single(over.Hits, h => h.RuleKey == BuiltInRule.FieldLength);
        Assert.Equal(field, hit.Field);
        Assert.Contains(named, over.RefusalReason);
        Assert.Contains(limit.ToString("N0", System.Globalization.CultureInfo.CurrentCulture), over.RefusalReason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("\u200B\u200B")]
    [InlineData(" \u200D\uFEFF\n\u2060\u00AD ")]
    public void Empty_comment_is_refused(string body)
    {
        var verdict = Given.Decide(Guest(body));
        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Equal("Please type your comment.", verdict.RefusalReason);
    }

    [Fact]
    public void Guest_without_name_or_email_is_refused_when_required()
    {
        Assert.Equal("Please enter your name.", Given.Decide(Guest() with { AuthorName = " " }).RefusalReason);
        Assert.Equal("Please enter your email address.", Given.Decide(Guest() with { AuthorEmail = "" }).RefusalReason);
        Assert.Equal("Please enter a valid email address.", Given.Decide(Guest() with { AuthorEmail = "not-an-email" }).RefusalReason);
        var notRequired = Given.Settings(s => s with { RequireNameAndEmail = false });
        Assert.Equal(VerdictAction.Publish, Given.Decide(Guest() with { AuthorName = "", AuthorEmail = "" }, notRequired).Action);
    }

    [Fact]
    public void Signed_in_user_needs_no_name_or_email_fields()
    {
        var user = Guest() with { AuthorName = "", AuthorEmail = "", Author = new AuthorContext { IsRegistered = true, HasPreviouslyApproved = true } };
        Assert.Equal(VerdictAction.Publish, Given.Decide(user).Action);
    }

    [Fact]
    public void Guests_are_refused_when_only_signed_in_users_may_comment()
    {
        var verdict = Given.Decide(Guest(), Given.Settings(s => s with { GuestsMayComment = false }));
        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Equal([BuiltInRule.GuestsNotAllowed], verdict.Keys());
    }

    [Fact]
    public void Closed_article_refuses_with_comments_are_closed()
    {
        var closed = Guest() with { Article = new ArticleContext { Policy = CommentPolicy.Closed } };
        Assert.Equal("Comments are closed.", Given.Decide(closed).RefusalReason);
    }

    [Fact]
    public void Article_older_than_the_close_after_days_is_closed_and_younger_is_open()
    {
        var settings = Given.Settings(s => s with { CloseCommentsAfterDays = 14 });
        var old = Guest() with { Article = new ArticleContext { AgeDays = 14.5 } };
        var young = Guest() with { Article = new ArticleContext { AgeDays = 13.9 } };
        Assert.Equal("Comments are closed.", Given.Decide(old, settings).RefusalReason);
        Assert.Equal(VerdictAction.Publish, Given.Decide(young, settings).Action);
        Assert.Equal(VerdictAction.Publish, Given.Decide(old).Action);
    }

    [Theory]
    [InlineData(ParentState.NotApproved, "Sorry, replies to unapproved comments are not allowed.")]
    [InlineData(ParentState.OtherArticle, "The comment you are replying to belongs to another article.")]
    [InlineData(ParentState.Missing, "The comment you are replying to no longer exists.")]
    public void Reply_to_a_comment_that_cannot_be_answered_is_refused(ParentState parent, string message)
    {
        var verdict = Given.Decide(Guest() with { Activity = new ActivityContext { Now = Given.Now, Parent = parent } });
        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Equal(message, verdict.RefusalReason);
    }

    [Fact]
    public void Reply_to_an_approved_comment_is_allowed()
    {
        var verdict = Given.Decide(Guest() with { Activity = new ActivityContext { Now = Given.Now, Parent = ParentState.Approved } });
        Assert.Equal(VerdictAction.Publish, verdict.Action);
    }

    [Fact]
    public void Banned_author_is_refused_with_a_clear_message()
    {
        var verdict = Given.Decide(Guest() with { Author = new AuthorContext { Standing = AuthorStandingLevel.Banned } });
        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Equal("You have been banned from commenting on this site.", verdict.RefusalReason);
    }

    [Fact]
    public void Suspended_author_is_refused_until_the_date_named_in_the_message()
    {
        var until = Given.Now.AddDays(3);
        var suspended = Guest() with { Author = new AuthorContext { HasPreviouslyApproved = true, Standing = AuthorStandingLevel.Suspended, SuspendedUntil = until } };
        var verdict = Given.Decide(suspended);
        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Equal("Your commenting is suspended until 1 December 2026, 12:00 UTC.", verdict.RefusalReason);

        var lapsed = suspended with { Author = suspended.Author with { SuspendedUntil = Given.Now.AddMinutes(-1) } };
        Assert.Equal(VerdictAction.Publish, Given.Decide(lapsed).Action);
    }

    [Fact]
    public void First_refusal_in_wordpress_order_gives_the_reason_and_every_hit_is_kept()
    {
        var candidate = Guest("") with
        {
            Article = new ArticleContext { Policy = CommentPolicy.Closed },
            Activity = new ActivityContext { Now = Given.Now, IsDuplicate = true },
        };
        var verdict = Given.Decide(candidate);
        Assert.Equal("Comments are closed.", verdict.RefusalReason);
        Assert.Equal([BuiltInRule.Closed, BuiltInRule.EmptyBody, BuiltInRule.Duplicate], verdict.Keys());
    }

    [Fact]
    public void Spam_outranks_hold_and_reject_outranks_spam()
    {
        var settings = Given.Settings(s => s with { DisallowedKeys = "casino", ManualApproval = true });
        Assert.Equal(VerdictAction.Spam, Given.Decide(Guest("casino"), settings).Action);
        var flood = Guest("casino") with { Activity = new ActivityContext { Now = Given.Now, RecentCommentTimes = [Given.Now.AddSeconds(-1)] } };
        var verdict = Given.Decide(flood, settings);
        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Equal([BuiltInRule.Flood, BuiltInRule.DisallowedKeys, BuiltInRule.ManualApproval], verdict.Keys());
    }

    [Fact]
    public void Verdict_records_the_rule_set_revision()
    {
        var rules = CompiledRuleSet.FromSettings(Given.Settings(s => s with { ManualApproval = true }), revision: 42);
        var verdict = RuleEngine.Evaluate(Guest(), rules);
        Assert.Equal(42, verdict.RuleSetRevision);
        Assert.Equal(42, verdict.Hits.Single().RuleRevision);
    }

    private static CommentCandidate Put(CommentCandidate c, string field, string value) => field switch
    {
        "body" => c with { Body = "Text with " + value + " inside" },
        "authorName" => c with { AuthorName = "Mr " + value },
        "authorEmail" => c with { AuthorEmail = value + "@example.org" },
        "authorUrl" => c with { AuthorUrl = "https://" + value + ".example" },
        "ip" => c with { Ip = value },
        "userAgent" => c with { UserAgent = "Agent " + value },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    private static CommentCandidate WithLength(CommentCandidate c, string field, int length) => field switch
    {
        "authorName" => c with { AuthorName = new string('n', length) },
        "authorEmail" => c with { AuthorEmail = new string('e', length - "@example.org".Length) + "@example.org" },
        "authorUrl" => c with { AuthorUrl = "https://" + new string('u', length - "https://".Length) },
        "body" => c with { Body = new string('b', length) },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}
