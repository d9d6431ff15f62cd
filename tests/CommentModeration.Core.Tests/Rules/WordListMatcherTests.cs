using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Tests.Rules;

/// <summary>The compiled word list against the same terms looked for one at a time: a big list finds exactly what its terms find alone.</summary>
public class WordListMatcherTests
{
    [Fact]
    public void Prefix_wildcards_of_several_lengths_each_match_and_a_word_matched_twice_is_one_span()
    {
        var rules = """{ "wordLists": { "l": ["sc*", "scum*", "scumbag*", "idiot"] }, "rules": [ { "name": "L", "action": "hold", "when": { "words": { "list": "l" } } } ] }""";
        var hit = Assert.Single(Given.Check(rules, Given.Comment("Scuuumbags, scab, s, sun, scum and idiooot")).Hits);
        Assert.Equal(["Scuuumbags", "scab", "scum", "idiooot"], hit.Spans.Select(s => s.Text));
    }

    [Fact]
    // Spans cover whole letter runs, as for single words: "spammers" gives "spamm".
    public void Substring_terms_of_several_words_span_the_words_and_their_repeated_letters()
    {
        var rules = """{ "rules": [ { "name": "S", "action": "hold", "when": { "words": { "terms": ["go away", "spam"], "match": "substring" } } } ] }""";
        var hit = Assert.Single(Given.Check(rules, Given.Comment("Ago,  awaaayyy! No go; spammers go-away")).Hits);
        Assert.Equal(["go,  awaaayyy", "spamm", "go-away"], hit.Spans.Select(s => s.Text));
    }

    [Theory]
    [InlineData(WordMatch.Word)]
    [InlineData(WordMatch.Substring)]
    public void A_list_of_thousands_finds_what_each_of_its_terms_finds_alone(WordMatch mode)
    {
        var random = new Random(11);
        var terms = Enumerable.Range(0, 3000).Select(i => (i % 20) switch
        {
            0 => Word(random) + "*",
            1 => "*" + Word(random),
            2 => Word(random) + " " + Word(random),
            _ => Word(random),
        }).Distinct().ToList();
        // Terms, some with letters repeated, among words that are not terms.
        var words = Enumerable.Range(0, 400).Select(i => (i % 3) switch
        {
            0 => terms[random.Next(terms.Count)].Trim('*').Replace("a", "aaa", StringComparison.Ordinal) + (i % 2 == 0 ? "ish" : ""),
            1 => "x" + terms[random.Next(terms.Count)].Trim('*'),
            _ => Word(random),
        });
        var text = TextNormalizer.Normalize(string.Join(" , ", words));

        var together = new List<TermMatch>();
        WordListMatcher.Compile(terms, mode).FindAll(text, together);
        var alone = new List<TermMatch>();
        foreach (var term in terms) WordListMatcher.Compile([term], mode).FindAll(text, alone);

        Assert.NotEmpty(alone);
        Assert.Equal(Spans(alone), Spans(together));
    }

    private static List<(int, int)> Spans(List<TermMatch> matches) => matches.Select(m => (m.Start, m.End)).Distinct().Order().ToList();

    private static string Word(Random random)
    {
        const string letters = "abcdeilmnorstu";
        var word = new char[random.Next(2, 7)];
        for (var i = 0; i < word.Length; i++) word[i] = letters[random.Next(letters.Length)];
        return new string(word);
    }
}
