using CommentModeration.Core.Rules;

namespace CommentModeration.Core.Tests.Rules;

/// <summary>Word matching after normalization: every trick matches, ordinary words stay clean, spans point at the original text.</summary>
public class NormalizationTests
{
    private static readonly string Banned = Given.Rule("""{ "words": { "list": "banned" } }""", extraLists: """ "banned": ["idiot", "ass", "dick", "rapist", "cunt", "kill yourself"] """);

    private static Verdict Check(string body) => Given.Check(Banned, Given.Comment(body));

    private static string? Matched(string body) => Check(body).Hits.SingleOrDefault()?.Spans.Single().Text;

    [Theory]
    [InlineData("You IDIOT.", "IDIOT")]                                 // case
    [InlineData("You ｉｄｉｏｔ.", "ｉｄｉｏｔ")]                          // fullwidth
    [InlineData("You ídíòt.", "ídíòt")]                                 // diacritics, precomposed
    [InlineData("You i\u0301dio\u0300t.", "i\u0301dio\u0300t")]         // diacritics, combining marks
    [InlineData("You іdіоt.", "іdіоt")]                                 // Cyrillic і and о
    [InlineData("You ιdιοt.", "ιdιοt")]                                 // Greek iota and omicron
    [InlineData("You 1d10t.", "1d10t")]                                 // digit stand-ins
    [InlineData("You !d!ot.", "!d!ot")]                                 // '!' inside a word stands for i
    [InlineData("You idiot!", "idiot")]                                 // at its end it is punctuation
    [InlineData("Wow!Idiot", "Idiot")]                                  // and between a small letter and a capital
    [InlineData("You &#105;d&#x69;ot.", "&#105;d&#x69;ot")]             // character references, as the page shows them
    [InlineData("You id<b>io</b>t.", "id<b>io</b>t")]                   // an inline tag inside a word
    [InlineData("What an *id*iot.", "id*iot")]                          // Markdown emphasis inside a word
    [InlineData("You c*nt.", "c*nt")]                                   // one masked letter
    [InlineData("What a |)ick.", "|)ick")]                              // a symbol drawn as a letter
    [InlineData("Two idiots.", "idiots")]                               // a regular plural
    [InlineData("You \u24D8\u24D3\u24D8\u24DE\u24E3.", "\u24D8\u24D3\u24D8\u24DE\u24E3")] // circled letters
    [InlineData("You are a d i c k", "d i c k")]                        // spelled out after a one-letter word
    [InlineData("Just killyourself.", "killyourself")]                  // a phrase written as one word
    [InlineData("What an @ss.", "@ss")]                                 // @ for a
    [InlineData("What an a$$.", "a$$")]                                 // $ for s
    [InlineData("What an 4ss.", "4ss")]                                 // 4 for a
    [InlineData("The r4p1$7 again", "r4p1$7")]                          // 4 1 $ 7
    [InlineData("You 1d1\u200Bot.", "1d1\u200Bot")]                    // zero-width space
    [InlineData("You id\u00ADiot.", "id\u00ADiot")]                     // soft hyphen
    [InlineData("You i\u200Dd\u2060i\uFEFFot.", "i\u200Dd\u2060i\uFEFFot")] // joiners and BOM
    [InlineData("You i.d.i.o.t now", "i.d.i.o.t")]                      // dots between letters
    [InlineData("You i d i o t now", "i d i o t")]                      // spaces between letters
    [InlineData("You i-d-i-o-t now", "i-d-i-o-t")]                      // hyphens between letters
    [InlineData("You i_d_1_0_t now", "i_d_1_0_t")]                      // underscores and stand-ins
    [InlineData("You idiooooot!", "idiooooot")]                         // repeated letters
    [InlineData("You IIIDDDIIIOOOTTT!", "IIIDDDIIIOOOTTT")]             // repeated everything
    [InlineData("Just kill   yourself.", "kill   yourself")]            // phrase across spaces
    [InlineData("Just KILL\nyour5elf.", "KILL\nyour5elf")]              // phrase across a line break, stand-in
    [InlineData("You 𝐢𝐝𝐢𝐨𝐭.", "𝐢𝐝𝐢𝐨𝐭")]                                 // mathematical bold letters
    public void Obfuscated_banned_word_matches_and_span_covers_the_original(string body, string? expected)
    {
        Assert.Equal(expected, Matched(body));
    }

    [Theory]
    [InlineData("A classic mistake.")]
    [InlineData("The assassin left.")]
    [InlineData("Reading Dickens tonight.")]
    [InlineData("My therapist agrees.")]
    [InlineData("Greetings from Scunthorpe.")]
    [InlineData("As I said, it was a pass.")]       // "as" and "pass" are not "ass"
    [InlineData("Idiotic is another word.")]         // whole word by default
    [InlineData("Moby-Dick's whale")]               // hyphenated name: "moby", "dick", "s" — see the next test
    public void Scunthorpe_words_stay_clean_under_whole_word_matching(string body)
    {
        var matched = Matched(body);
        if (body.StartsWith("Moby", StringComparison.Ordinal)) Assert.Equal("Dick", matched);
        else Assert.Null(matched);
    }

    [Theory]
    [InlineData("a s s e s s m e n t")]             // spelled out, but a different word
    [InlineData("I am a b c d")]                    // single letters joined make "iamabcd", no banned word
    [InlineData("10 20 30 and 4 5")]                // numbers alone are not stand-ins
    [InlineData("id iot")]                          // split words are two words
    public void Ordinary_text_with_tricky_shapes_stays_clean(string body)
    {
        Assert.Null(Matched(body));
    }

    [Fact]
    public void Email_field_keeps_at_as_a_separator()
    {
        var rules = Given.Rule("""{ "words": { "terms": ["idiot"], "in": ["authorEmail"] } }""");
        var verdict = Given.Check(rules, Given.Comment() with { AuthorEmail = "idiot@example.org" });
        Assert.Equal("idiot", verdict.Hits.Single().Spans.Single().Text);
        Assert.Equal("authorEmail", verdict.Hits.Single().Field);
    }

    [Fact]
    public void Every_match_is_a_span_of_the_original_text()
    {
        const string body = "First ÍDÏÕT, then i.d.i.o.t and 1d1\u200Bot.";
        var spans = Check(body).Hits.Single().Spans;
        Assert.Equal(3, spans.Count);
        foreach (var span in spans) Assert.Equal(body.Substring(span.Start, span.Length), span.Text);
        Assert.Equal(["ÍDÏÕT", "i.d.i.o.t", "1d1\u200Bot"], spans.Select(s => s.Text));
    }

    [Fact]
    public void Term_written_with_tricks_matches_plain_text()
    {
        var rules = Given.Rule("""{ "words": { "terms": ["ÍDÍÖT", "k i l l"] } }""");
        Assert.Equal(2, Given.Check(rules, Given.Comment("idiot and kill")).Hits.Single().Spans.Count);
    }
}
