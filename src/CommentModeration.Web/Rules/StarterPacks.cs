using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;

namespace CommentModeration.Web.Rules;

public sealed record StarterPack(string Key, string Name, string Description, Func<RuleSetDefinition> Build);

/// <summary>
/// Rule sets to begin from. Adding a pack to the draft adds its word lists (merging terms into
/// a list of the same name) and its rules (skipping a rule whose key is already there); the
/// admin then edits them like any other.
/// </summary>
public static class StarterPacks
{
    public static IReadOnlyList<StarterPack> All { get; } =
    [
        new("link-spam", "Link spam", "Spam for three or more links from authors with no approved comment; hold links through URL shorteners.", LinkSpam),
        new("shouting", "Shouting", "Flag comments mostly in capitals, or with a character repeated six times or more.", Shouting),
        new("personal-data", "Personal data", "Flag phone numbers and email addresses written in the comment text.", PersonalData),
        new("common-abuse", "Common abuse", "Hold comments with a short, editable list of common insults (obfuscated spellings included by the normalizer).", CommonAbuse),
    ];

    public static StarterPack? Find(string key) => All.FirstOrDefault(p => p.Key == key);

    /// <summary>Adds the pack to <paramref name="draft"/> and says what was added.</summary>
    public static IReadOnlyList<string> AddTo(RuleSetDefinition draft, StarterPack pack)
    {
        var added = new List<string>();
        var fragment = pack.Build();
        foreach (var (name, terms) in fragment.WordLists)
        {
            if (draft.WordLists.TryGetValue(name, out var existing))
            {
                var fresh = terms.Where(t => !existing.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
                existing.AddRange(fresh);
                added.Add($"{fresh.Count} terms added to word list \u201c{name}\u201d");
            }
            else
            {
                draft.WordLists[name] = [.. terms];
                added.Add($"word list \u201c{name}\u201d ({terms.Count} terms)");
            }
        }
        var keys = draft.Rules.Select(r => r.Key).ToHashSet();
        foreach (var rule in fragment.Rules)
        {
            if (!keys.Add(rule.Key)) continue;
            draft.Rules.Add(rule);
            added.Add($"rule \u201c{rule.Name}\u201d");
        }
        return added;
    }

    private static RuleSetDefinition LinkSpam() => new()
    {
        WordLists = { ["url-shorteners"] = ["bit.ly", "tinyurl.com", "goo.gl", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rebrand.ly", "shorturl.at"] },
        Rules =
        {
            new RuleDefinition
            {
                Name = "Link spam from new authors", Action = VerdictAction.Spam, Priority = 10,
                Reason = "Several links from an author with no approved comment",
                When = new AllCondition { Conditions = [new LinksCondition { AtLeast = 3 }, new AuthorCondition { IsNew = true }] },
            },
            new RuleDefinition
            {
                Name = "Shortened links", Action = VerdictAction.Hold,
                Reason = "Links through a URL shortener hide where they lead",
                When = new LinksCondition { DomainList = "url-shorteners" },
            },
        },
    };

    private static RuleSetDefinition Shouting() => new()
    {
        Rules =
        {
            new RuleDefinition
            {
                Name = "Shouting", Action = VerdictAction.Flag,
                Reason = "Written mostly in capitals",
                When = new CapitalsCondition { ShareAtLeast = 0.7, MinLetters = 20 },
            },
            new RuleDefinition
            {
                Name = "Repeated characters", Action = VerdictAction.Flag,
                Reason = "A character repeated many times in a row",
                When = new RepeatedCharactersCondition { AtLeast = 6 },
            },
        },
    };

    private static RuleSetDefinition PersonalData() => new()
    {
        Rules =
        {
            new RuleDefinition
            {
                Name = "Phone numbers", Action = VerdictAction.Flag,
                Reason = "Possible personal data: a phone number",
                When = new RegexCondition { Pattern = @"\b(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]?\d{3,4}\b", In = [TextField.Body] },
            },
            new RuleDefinition
            {
                Name = "Email addresses in text", Action = VerdictAction.Flag,
                Reason = "Possible personal data: an email address",
                When = new RegexCondition { Pattern = @"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", In = [TextField.Body] },
            },
        },
    };

    private static RuleSetDefinition CommonAbuse() => new()
    {
        WordLists = { ["common-abuse"] = ["idiot", "moron", "imbecile", "cretin", "scum*", "retard*", "dumbass", "shut up", "kill yourself", "kys"] },
        Rules =
        {
            new RuleDefinition
            {
                Name = "Common abuse", Action = VerdictAction.Hold,
                Reason = "Contains a common insult",
                When = new WordsCondition { List = "common-abuse" },
            },
        },
    };
}
