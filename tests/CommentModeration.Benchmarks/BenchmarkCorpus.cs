using System.Text;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;

namespace CommentModeration.Benchmarks;

/// <summary>
/// The rule set of the issue's speed target, generated deterministically (seeded): a
/// 10,000-term and a 5,000-term word list of pronounceable pseudo-words (some wildcards, some
/// two-word phrases), 50 regex rules, 20 rules of the other predicates; and 1 KB comments.
/// </summary>
public static class BenchmarkCorpus
{
    private static readonly string[] Onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "cr", "dr", "gr", "pl", "st", "tr", "sk", "sn", "sh", "ch", "th"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ea", "oo", "ou", "ie"];
    private static readonly string[] Codas = ["", "", "n", "r", "s", "t", "m", "ck", "ll", "nd", "st", "x"];

    private const string Prose =
        "The council met on Tuesday evening to discuss the new housing plan, and several residents spoke about traffic on the main road. " +
        "I have lived here for twenty years and I think the proposal deserves a fair hearing before anyone decides. " +
        "My neighbour disagrees, but we both want the school to stay open and the buses to run on time. " +
        "Honestly the article could have mentioned the budget figures from last year, which were published in March. " +
        "Still, thanks to the reporter for covering it; local news matters more than people realise. " +
        "If the works start in spring, the bridge will be closed for six weeks, so please plan ahead. ";

    public static string PseudoWord(Random random)
    {
        var syllables = random.Next(2, 4);
        var word = new StringBuilder();
        for (var i = 0; i < syllables; i++)
        {
            word.Append(Onsets[random.Next(Onsets.Length)]).Append(Vowels[random.Next(Vowels.Length)]);
            if (i == syllables - 1 || random.Next(3) == 0) word.Append(Codas[random.Next(Codas.Length)]);
        }
        return word.ToString();
    }

    public static List<string> WordList(int count, int seed)
    {
        var random = new Random(seed);
        var terms = new HashSet<string>(StringComparer.Ordinal);
        while (terms.Count < count)
        {
            var roll = random.Next(100);
            var word = PseudoWord(random);
            terms.Add(roll switch
            {
                < 5 => word + "*",
                < 10 => word + " " + PseudoWord(random),
                _ => word,
            });
        }
        return terms.ToList();
    }

    public static RuleSetDefinition Definition()
    {
        var definition = new RuleSetDefinition();
        definition.WordLists["abuse"] = WordList(10_000, seed: 1);
        definition.WordLists["suspect"] = WordList(5_000, seed: 2);
        definition.Rules.Add(new RuleDefinition { Name = "Abuse", Action = VerdictAction.Hold, When = new WordsCondition { List = "abuse" } });
        definition.Rules.Add(new RuleDefinition { Name = "Suspect", Action = VerdictAction.Flag, When = new WordsCondition { List = "suspect" } });

        var random = new Random(3);
        string[] shapes =
        [
            @"\b{0}\s+{1}\b",
            @"\b(?:{0}|{1}|{2})\d{{2,4}}\b",
            @"{0}[-_. ]?{1}",
            @"\b\d{{3}}[- ]\d{{3}}[- ]\d{{4}}\b",
            @"[\w.+-]+@{0}\.(?:com|net|org)",
            @"\b(?:buy|cheap|free)\s+{0}s?\b",
            @"^{0}",
            @"\b{0}\w*\s+(?:now|today)\b",
            @"(?:https?://)?(?:www\.)?{0}\.[a-z]{{2,6}}",
            @"\b{0}(?:\s+\w+){{0,3}}\s+{1}\b",
        ];
        for (var i = 0; i < 50; i++)
        {
            var pattern = string.Format(shapes[i % shapes.Length], PseudoWord(random), PseudoWord(random), PseudoWord(random));
            definition.Rules.Add(new RuleDefinition
            {
                Name = $"Pattern {i + 1}",
                Action = (i % 3) switch { 0 => VerdictAction.Flag, 1 => VerdictAction.Hold, _ => VerdictAction.Spam },
                When = new RegexCondition { Pattern = pattern },
            });
        }

        Condition[] others =
        [
            new LinksCondition { AtLeast = 3 },
            new LinksCondition { Domains = ["spam.example", "pills.example", "casino.example"] },
            new LengthCondition { AtLeast = 5000 },
            new LengthCondition { AtMost = 2 },
            new CapitalsCondition { ShareAtLeast = 0.7, MinLetters = 20 },
            new RepeatedCharactersCondition { AtLeast = 8 },
            new AuthorCondition { IsNew = true, AccountAgeDays = new NumberRange(null, 1) },
            new AuthorCondition { RejectionRate = new NumberRange(0.5, null) },
            new AuthorCondition { Standing = [AuthorStandingLevel.PreModerated] },
            new RecentCommentsCondition { AtLeast = 5, WithinMinutes = 10 },
            new SameTextCondition { AtLeast = 3 },
            new ArticleCondition { AgeDays = new NumberRange(365, null) },
            new AllCondition { Conditions = [new LinksCondition { AtLeast = 1 }, new AuthorCondition { IsNew = true }] },
            new AnyCondition { Conditions = [new CapitalsCondition { ShareAtLeast = 0.9, MinLetters = 10 }, new RepeatedCharactersCondition { AtLeast = 12 }] },
            new NotCondition { Condition = new AuthorCondition { IsRegistered = true } },
            new AllCondition { Conditions = [new WordsCondition { Terms = ["refund", "bitcoin", "giveaway"] }, new LinksCondition { AtLeast = 1 }] },
            new WordsCondition { Terms = ["kill yourself", "kys"], In = [TextField.Body, TextField.AuthorName] },
            new WordsCondition { Terms = ["viagra", "cialis"], Match = WordMatch.Substring },
            new AllCondition { Conditions = [new ArticleCondition { Policy = [CommentPolicy.PreModerated] }, new AuthorCondition { IsNew = true }] },
            new AuthorCondition { Spam = new NumberRange(2, null) },
        ];
        for (var i = 0; i < others.Length; i++)
        {
            definition.Rules.Add(new RuleDefinition { Name = $"Other {i + 1}", Action = VerdictAction.Hold, When = others[i] });
        }
        return definition;
    }

    /// <summary>About 1,024 characters of ordinary prose with a few list words mixed in when <paramref name="withHits"/>.</summary>
    public static string Comment(int seed, bool withHits)
    {
        var random = new Random(seed);
        var words = Prose.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var text = new StringBuilder(1100);
        var start = random.Next(words.Length);
        var abuse = WordList(10_000, seed: 1);
        for (var i = 0; text.Length < 1024; i++)
        {
            if (withHits && i % 60 == 30) text.Append(abuse[random.Next(abuse.Count)].TrimEnd('*')).Append(' ');
            text.Append(words[(start + i) % words.Length]).Append(' ');
        }
        return text.ToString(0, 1024);
    }

    public static CommentCandidate Candidate(string body) => new()
    {
        Body = body,
        AuthorName = "Margaret Hughes",
        AuthorEmail = "m.hughes@example.org",
        AuthorUrl = "https://hughes.example",
        Ip = "203.0.113.42",
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        Author = new AuthorContext { IsRegistered = true, AccountAgeDays = 30, ApprovedCount = 4, HasPreviouslyApproved = true },
        Article = new ArticleContext { ArticleId = 1, AgeDays = 1 },
        Activity = new ActivityContext { Now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero) },
    };
}
