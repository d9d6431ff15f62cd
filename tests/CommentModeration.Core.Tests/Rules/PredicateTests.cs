using Stopwatch = System.Diagnostics.Stopwatch;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;

namespace CommentModeration.Core.Tests.Rules;

/// <summary>Each predicate of the rules file, firing and not firing.</summary>
public class PredicateTests
{
    private static CommentCandidate Comment(string body = "An ordinary reply.") => Given.Comment(body);

    private static IReadOnlyList<MatchSpan> Spans(string when, CommentCandidate candidate, string lists = "") =>
        Given.Check(Given.Rule(when, extraLists: lists), candidate).Hits.SelectMany(h => h.Spans).ToList();

    // words
    [Fact]
    public void Words_from_a_named_list_and_inline_terms_both_match()
    {
        const string lists = """ "suspect": ["liar"] """;
        Assert.True(Given.Fires("""{ "words": { "list": "suspect" } }""", Comment("What a liar."), lists));
        Assert.True(Given.Fires("""{ "words": { "terms": ["fraud"] } }""", Comment("A fraud, plainly.")));
        Assert.False(Given.Fires("""{ "words": { "list": "suspect", "terms": ["fraud"] } }""", Comment("Honest words."), lists));
    }

    [Fact]
    public void Trailing_wildcard_matches_words_that_start_with_the_term()
    {
        var when = """{ "words": { "terms": ["scum*"] } }""";
        Assert.Equal(["scum", "Scumbags", "SCUMMY"], Spans(when, Comment("scum, Scumbags and SCUMMY but not obscure")).Select(s => s.Text));
    }

    [Fact]
    public void Leading_wildcard_matches_endings_and_both_ends_match_inside()
    {
        Assert.Equal(["moneyhole", "hole"], Spans("""{ "words": { "terms": ["*hole"] } }""", Comment("a moneyhole, a hole, a holes")).Select(s => s.Text));
        Assert.Equal(["superspammer"], Spans("""{ "words": { "terms": ["*spam*"] } }""", Comment("a superspammer here")).Select(s => s.Text));
    }

    [Fact]
    public void Wildcard_on_a_phrase_applies_to_its_last_word()
    {
        var spans = Spans("""{ "words": { "terms": ["buy cheap*"] } }""", Comment("Buy cheapest pills, buy now cheap"));
        Assert.Equal("Buy cheapest", Assert.Single(spans).Text);
    }

    [Fact]
    // A span covers whole letter runs: "SPAAAMm" ends with the run of m the term's last letter falls in.
    public void Substring_match_fires_inside_words_with_normalization()
    {
        var when = """{ "words": { "terms": ["spam"], "match": "substring" } }""";
        Assert.Equal(["SPAAAMm", "5pam"], Spans(when, Comment("antiSPAAAMming and 5pam")).Select(s => s.Text.Trim()));
        Assert.False(Given.Fires("""{ "words": { "terms": ["ass"], "match": "substring" } }""", Comment("He has as much as she has")));
        Assert.True(Given.Fires("""{ "words": { "terms": ["ass"], "match": "substring" } }""", Comment("The assassin")));
    }

    [Fact]
    public void Phrase_match_needs_the_words_in_order()
    {
        var when = """{ "words": { "terms": ["go away"], "match": "phrase" } }""";
        Assert.True(Given.Fires(when, Comment("Just GO, away!")));
        Assert.False(Given.Fires(when, Comment("away go")));
        Assert.False(Given.Fires(when, Comment("go far away")));
    }

    [Fact]
    public void Words_look_in_the_chosen_fields_only()
    {
        var nameOnly = """{ "words": { "terms": ["casino"], "in": ["authorName"] } }""";
        Assert.False(Given.Fires(nameOnly, Comment("casino")));
        var hit = Given.Check(Given.Rule(nameOnly), Comment() with { AuthorName = "Casino King" }).Hits.Single();
        Assert.Equal("authorName", hit.Field);
        Assert.True(Given.Fires("""{ "words": { "terms": ["casino"], "in": ["authorUrl"] } }""", Comment() with { AuthorUrl = "https://casino.example" }));
        Assert.True(Given.Fires("""{ "words": { "terms": ["203"], "in": ["ip"] } }""", Comment()));
        Assert.True(Given.Fires("""{ "words": { "terms": ["casino"] } }""", Comment() with { AuthorName = "casino" }), "default fields include the author's name");
    }

    [Fact]
    public void Term_without_letters_or_digits_is_refused_at_compile()
    {
        var e = Assert.Throws<RuleSetValidationException>(() => Given.Rules(Given.Rule("""{ "words": { "terms": ["---"] } }""")));
        Assert.Contains("---", e.Errors.Single().Message);
    }

    // regex
    [Fact]
    public void Regex_matches_with_spans_and_ignores_case_by_default()
    {
        var spans = Spans("""{ "regex": { "pattern": "free\\s+money" } }""", Comment("Get FREE  money and free money"));
        Assert.Equal(["FREE  money", "free money"], spans.Select(s => s.Text));
        Assert.False(Given.Fires("""{ "regex": { "pattern": "free money", "ignoreCase": false } }""", Comment("FREE MONEY")));
    }

    [Fact]
    public void Regex_looks_in_chosen_fields()
    {
        Assert.True(Given.Fires("""{ "regex": { "pattern": "^203\\.0\\.113\\.", "in": ["ip"] } }""", Comment()));
        Assert.False(Given.Fires("""{ "regex": { "pattern": "^203\\.0\\.113\\." } }""", Comment()));
        Assert.True(Given.Fires("""{ "regex": { "pattern": "linux", "in": ["userAgent"] } }""", Comment()));
    }

    [Fact]
    public void Pattern_with_a_required_literal_still_matches_in_any_case_and_through_case_traps()
    {
        var when = """{ "regex": { "pattern": "bitcoin\\s+doubler" } }""";
        Assert.True(Given.Fires(when, Comment("Try the BITCOIN   Doubler today")));
        Assert.False(Given.Fires(when, Comment("Try the bitcoin today")));
        // The Kelvin sign matches k in a case-insensitive regex though an ordinal comparison says otherwise.
        Assert.True(Given.Fires("""{ "regex": { "pattern": "kelvin\\d" } }""", Comment("\u212Aelvin9")));
    }

    [Fact]
    public void Pattern_needing_a_digit_matches_any_unicode_digit_and_skips_texts_without_one()
    {
        var when = """{ "regex": { "pattern": "\\b\\d{3}[- ]\\d{4}\\b" } }""";
        Assert.True(Given.Fires(when, Comment("call 555-1234")));
        Assert.True(Given.Fires(when, Comment("call \u0665\u0665\u0665-\u0661\u0662\u0663\u0664")));
        Assert.False(Given.Fires(when, Comment("call five five five")));
    }

    [Fact]
    public void Catastrophic_pattern_runs_in_linear_time()
    {
        var rules = Given.Rules(Given.Rule("""{ "regex": { "pattern": "(a+)+$" } }"""));
        var evil = Comment(new string('a', 50_000) + "!");
        var clock = Stopwatch.StartNew();
        var verdict = RuleEngine.Evaluate(evil, rules);
        clock.Stop();
        Assert.Equal(VerdictAction.Publish, verdict.Action);
        // A backtracking engine would run for ages; linear time finishes far inside the guard.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("(\\w+\\s)+\\1")]          // repeated group with a backreference
    [InlineData("((?=a)a+)+b")]               // repeated group with a lookahead
    [InlineData("(?<=x)(a|ab)*c")]            // lookbehind and a repeated alternation
    [InlineData("(?>a+)\\w+\\s+z")]           // atomic group and two open-ended repeats
    public void Pattern_that_could_backtrack_and_uses_constructs_the_linear_engine_lacks_is_refused(string pattern)
    {
        var json = Given.Rule($$"""{ "regex": { "pattern": {{System.Text.Json.JsonSerializer.Serialize(pattern)}} } }""");
        var e = Assert.Throws<RuleSetValidationException>(() => Given.Rules(json));
        Assert.Contains("could backtrack catastrophically", e.Errors.Single().Message);
    }

    [Fact]
    public void Backreferences_and_lookarounds_work_in_patterns_that_cannot_backtrack_badly()
    {
        Assert.Equal(["the the"], Spans("""{ "regex": { "pattern": "\\b(\\w+) \\1\\b" } }""", Comment("Read the the article")).Select(s => s.Text));
        Assert.True(Given.Fires("""{ "regex": { "pattern": "pay(?=pal)" } }""", Comment("my PayPal account")));
        Assert.False(Given.Fires("""{ "regex": { "pattern": "pay(?=pal)" } }""", Comment("pay me")));
    }

    [Fact]
    public void Invalid_pattern_is_refused_with_the_reason()
    {
        var e = Assert.Throws<RuleSetValidationException>(() => Given.Rules(Given.Rule("""{ "regex": { "pattern": "[a-" } }""")));
        Assert.StartsWith("Not a valid regular expression", e.Errors.Single().Message);
    }

    // links
    [Fact]
    public void Links_at_least_counts_body_links_with_spans()
    {
        var when = """{ "links": { "atLeast": 2 } }""";
        Assert.Equal(["http://a.example/x", "www.b.example"], Spans(when, Comment("See http://a.example/x, and www.b.example.")).Select(s => s.Text));
        Assert.False(Given.Fires(when, Comment("Only http://a.example")));
    }

    [Theory]
    [InlineData("https://example.com/page", true)]
    [InlineData("https://www.example.com", true)]
    [InlineData("http://deep.sub.EXAMPLE.com/x", true)]
    [InlineData("https://attacker-example.com", false)]
    [InlineData("https://example.com.evil.net", false)]
    [InlineData("https://notexample.com", false)]
    [InlineData("https://user@example.com:8080/", true)]
    public void Linked_domains_match_on_label_boundaries(string link, bool matches)
    {
        Assert.Equal(matches, Given.Fires("""{ "links": { "domains": ["example.com"] } }""", Comment($"Visit {link} now")));
    }

    [Fact]
    public void Linked_domains_look_at_the_website_field_and_domain_lists()
    {
        var when = """{ "links": { "domainList": "shady" } }""";
        const string lists = """ "shady": ["pills.example", "*.casino.example"] """;
        var hit = Given.Check(Given.Rule(when, extraLists: lists), Comment() with { AuthorUrl = "www.pills.example/buy" }).Hits.Single();
        Assert.Equal("authorUrl", hit.Field);
        Assert.True(Given.Fires(when, Comment("go to https://vip.casino.example"), lists));
        Assert.False(Given.Fires(when, Comment("go to https://casino-example.org"), lists));
    }

    // length, capitals, repeated characters
    [Fact]
    public void Body_length_range()
    {
        Assert.True(Given.Fires("""{ "length": { "atMost": 5 } }""", Comment("Hi.")));
        Assert.False(Given.Fires("""{ "length": { "atMost": 5 } }""", Comment("Hello there.")));
        Assert.True(Given.Fires("""{ "length": { "atLeast": 10, "atMost": 12 } }""", Comment("Hello there.")));
    }

    [Fact]
    public void Shouting_is_a_share_of_capitals_over_enough_letters()
    {
        var when = """{ "capitals": { "shareAtLeast": 0.7, "minLetters": 10 } }""";
        Assert.True(Given.Fires(when, Comment("THIS IS OUTRAGEOUS, really")));
        Assert.False(Given.Fires(when, Comment("This is outrageous, REALLY")));
        Assert.False(Given.Fires(when, Comment("OK FINE")));
    }

    [Fact]
    public void Repeated_characters_fire_from_the_threshold_with_spans()
    {
        var when = """{ "repeatedCharacters": { "atLeast": 5 } }""";
        Assert.Equal(["!!!!!", "ooooooo"], Spans(when, Comment("Wow!!!!! sooooooo good!!!!")).Select(s => s.Text));
        Assert.False(Given.Fires(when, Comment("Hmm....  fine       spaces")));
    }

    // author
    [Fact]
    public void Author_registered_and_new()
    {
        var guest = Comment() with { Author = new AuthorContext() };
        var member = Comment() with { Author = new AuthorContext { IsRegistered = true, ApprovedCount = 2, HasPreviouslyApproved = true } };
        Assert.True(Given.Fires("""{ "author": { "isRegistered": false } }""", guest));
        Assert.False(Given.Fires("""{ "author": { "isRegistered": false } }""", member));
        Assert.True(Given.Fires("""{ "author": { "isNew": true } }""", guest));
        Assert.False(Given.Fires("""{ "author": { "isNew": true } }""", member));
        var previouslyApproved = guest with { Author = new AuthorContext { HasPreviouslyApproved = true } };
        Assert.False(Given.Fires("""{ "author": { "isNew": true } }""", previouslyApproved));
    }

    [Fact]
    public void Author_account_age_and_counts()
    {
        var young = Comment() with { Author = new AuthorContext { IsRegistered = true, AccountAgeDays = 0.5, ApprovedCount = 1, RejectedCount = 3, SpamCount = 1 } };
        Assert.True(Given.Fires("""{ "author": { "accountAgeDays": { "atMost": 1 } } }""", young));
        Assert.False(Given.Fires("""{ "author": { "accountAgeDays": { "atLeast": 1 } } }""", young));
        Assert.False(Given.Fires("""{ "author": { "accountAgeDays": { "atMost": 1 } } }""", Comment() with { Author = new AuthorContext() }), "a guest has no account age");
        Assert.True(Given.Fires("""{ "author": { "approved": { "atMost": 1 }, "rejected": { "atLeast": 3 }, "spam": { "atLeast": 1 } } }""", young));
        Assert.False(Given.Fires("""{ "author": { "rejected": { "atLeast": 4 } } }""", young));
    }

    [Fact]
    public void Author_rejection_rate_counts_rejected_and_spam_over_decided()
    {
        var when = """{ "author": { "rejectionRate": { "atLeast": 0.5 } } }""";
        Assert.True(Given.Fires(when, Comment() with { Author = new AuthorContext { ApprovedCount = 2, RejectedCount = 1, SpamCount = 1 } }));
        Assert.False(Given.Fires(when, Comment() with { Author = new AuthorContext { ApprovedCount = 3, RejectedCount = 1, SpamCount = 1 } }));
        Assert.False(Given.Fires(when, Comment() with { Author = new AuthorContext() }), "no decided comment, no rate");
    }

    [Fact]
    public void Author_standing()
    {
        var when = """{ "author": { "standing": ["trusted", "pre-moderated"] } }""";
        Assert.True(Given.Fires(when, Comment() with { Author = new AuthorContext { Standing = AuthorStandingLevel.PreModerated } }));
        Assert.True(Given.Fires(when, Comment() with { Author = new AuthorContext { Standing = AuthorStandingLevel.Trusted } }));
        Assert.False(Given.Fires(when, Comment() with { Author = new AuthorContext { Standing = AuthorStandingLevel.Normal } }));
    }

    // activity
    [Fact]
    public void Recent_comments_by_the_same_author_or_ip_within_minutes()
    {
        var when = """{ "recentComments": { "atLeast": 3, "withinMinutes": 10 } }""";
        var now = Given.Now;
        CommentCandidate With(params int[] minutesAgo) => Comment() with { Activity = new ActivityContext { Now = now, RecentCommentTimes = minutesAgo.Select(m => now.AddMinutes(-m)).ToList() } };
        Assert.True(Given.Fires(when, With(1, 5, 9)));
        Assert.False(Given.Fires(when, With(1, 5, 11)));
        Assert.False(Given.Fires(when, With(1, 2)));
    }

    [Fact]
    // Posting reads only that many of the author's newest comments, so a rule must never count more.
    public void A_rule_set_needs_the_newest_comments_its_largest_count_reads_and_one_for_the_flood_check()
    {
        Assert.Equal(1, Given.Rules("""{ "rules": [ { "name": "Links", "action": "hold", "when": { "links": { "atLeast": 2 } } } ] }""").NewestCommentsNeeded);
        var nested = Given.Rules("""
            { "rules": [
              { "name": "Few", "action": "flag", "when": { "recentComments": { "atLeast": 3, "withinMinutes": 10 } } },
              { "name": "Nested", "action": "hold", "when": { "any": [ { "links": { "atLeast": 1 } },
                { "not": { "all": [ { "recentComments": { "atLeast": 12, "withinMinutes": 60 } } ] } } ] } }
            ] }
            """);
        Assert.Equal(12, nested.NewestCommentsNeeded);
    }

    [Fact]
    public void Same_text_as_recent_comments_by_anyone()
    {
        var when = """{ "sameText": { "atLeast": 2 } }""";
        Assert.True(Given.Fires(when, Comment() with { Activity = new ActivityContext { Now = Given.Now, RecentSameTextCount = 2 } }));
        Assert.False(Given.Fires(when, Comment() with { Activity = new ActivityContext { Now = Given.Now, RecentSameTextCount = 1 } }));
    }

    [Fact]
    public void Article_age_and_policy()
    {
        var old = Comment() with { Article = new ArticleContext { ArticleId = 1, AgeDays = 40, Policy = CommentPolicy.PreModerated } };
        Assert.True(Given.Fires("""{ "article": { "ageDays": { "atLeast": 30 } } }""", old));
        Assert.False(Given.Fires("""{ "article": { "ageDays": { "atLeast": 30 } } }""", Comment()));
        Assert.True(Given.Fires("""{ "article": { "policy": ["premoderated"] } }""", old));
        Assert.False(Given.Fires("""{ "article": { "policy": ["open"] } }""", old));
    }

    // combinators
    [Fact]
    public void All_any_and_not_combine_and_not_keeps_no_spans()
    {
        var body = Comment("idiot here");
        Assert.True(Given.Fires("""{ "all": [ { "words": { "terms": ["idiot"] } }, { "length": { "atLeast": 5 } } ] }""", body));
        Assert.False(Given.Fires("""{ "all": [ { "words": { "terms": ["idiot"] } }, { "length": { "atLeast": 500 } } ] }""", body));
        Assert.True(Given.Fires("""{ "any": [ { "words": { "terms": ["nope"] } }, { "length": { "atLeast": 5 } } ] }""", body));
        Assert.False(Given.Fires("""{ "not": { "words": { "terms": ["idiot"] } } }""", body));
        var verdict = Given.Check(Given.Rule("""{ "not": { "words": { "terms": ["fool"] } } }"""), body);
        var hit = Assert.Single(verdict.Hits);
        Assert.Null(hit.Field);
        Assert.Empty(hit.Spans);
    }

    [Fact]
    public void Any_keeps_the_spans_of_every_branch_that_fired()
    {
        var verdict = Given.Check(Given.Rule("""{ "any": [ { "words": { "terms": ["idiot"] } }, { "regex": { "pattern": "\\d{4}" } } ] }"""), Comment("idiot 2024"));
        Assert.Equal(["idiot", "2024"], verdict.Hits.Single().Spans.Select(s => s.Text));
    }

    [Fact]
    public void Disabled_rule_and_rule_scoped_to_other_articles_do_not_fire()
    {
        var disabled = """{ "rules": [ { "name": "Off", "enabled": false, "action": "hold", "when": { "length": { "atLeast": 1 } } } ] }""";
        Assert.Equal(VerdictAction.Publish, Given.Check(disabled, Comment()).Action);
        var scoped = """{ "rules": [ { "name": "Scoped", "action": "hold", "scope": { "articles": [5] }, "when": { "length": { "atLeast": 1 } } } ] }""";
        Assert.Equal(VerdictAction.Publish, Given.Check(scoped, Comment()).Action);
        Assert.Equal(VerdictAction.Hold, Given.Check(scoped, Comment() with { Article = new ArticleContext { ArticleId = 5 } }).Action);
    }
}
