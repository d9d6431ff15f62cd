using System.Text.Json;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Core.Rules.Predicates;
using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Rules.Kinds;

/// <summary><c>{ "words": { "list": "banned", "terms": ["x"], "match": "word", "in": ["body"] } }</c></summary>
internal sealed class WordsKind() : ConditionKind<WordsCondition>("words")
{
    private static readonly TextField[] DefaultFields = [TextField.Body, TextField.AuthorName];

    protected override void Read(WordsCondition words, RulesFileReader file, JsonObjectTree value, string path)
    {
        foreach (var m in file.Members(value, path, "list", "terms", "match", "in"))
        {
            var at = $"{path}.{m.Name}";
            switch (m.Name.ToLowerInvariant())
            {
                case "list": words.List = file.String(m.Value, at); break;
                case "terms": words.Terms = file.Strings(m.Value, at) ?? []; break;
                case "match":
                    if (file.String(m.Value, at) is { } match)
                    {
                        if (Enum.TryParse<WordMatch>(match, true, out var parsed) && !int.TryParse(match, out _)) words.Match = parsed;
                        else file.Error(at, $"Unknown match \u201c{match}\u201d; use word, substring or phrase.", m.Value.Position);
                    }
                    break;
                case "in": words.In = file.Fields(m.Value, at); break;
            }
        }
    }

    protected override void Write(Utf8JsonWriter w, WordsCondition words)
    {
        if (words.List is not null) w.WriteString("list", words.List);
        if (words.Terms.Count > 0) RulesFile.WriteStrings(w, "terms", words.Terms);
        if (words.Match != WordMatch.Word) w.WriteString("match", RulesFile.MatchName(words.Match));
        if (words.In.Count > 0) RulesFile.WriteStrings(w, "in", words.In.Select(TextFieldNames.Of));
    }

    protected override Predicate? Compile(WordsCondition words, RuleSetCompiler compiler, string path)
    {
        var at = words.Source;
        var matchers = new List<WordListMatcher>();
        if (words.List is { } listName)
        {
            if (!compiler.WordLists.TryGetValue(listName, out var terms) || terms is null)
            {
                var known = compiler.WordLists.Keys.ToList();
                compiler.Error(path + ".list", $"There is no word list named \u201c{listName}\u201d" + (known.Count > 0 ? $" (lists: {string.Join(", ", known)})." : "."), at);
                return null;
            }
            matchers.Add(compiler.ListMatcher(listName, terms, words.Match));
        }
        if (words.Terms is { Count: > 0 }) matchers.Add(WordListMatcher.Compile(words.Terms, words.Match));
        if (matchers.Count == 0) { compiler.Error(path, "Give a word list (\u201clist\u201d) or terms (\u201cterms\u201d).", at); return null; }
        var bad = (words.Terms ?? []).Where(t => TextNormalizer.NormalizeTerm(t.Trim('*', ' ')).Length == 0).ToList();
        if (bad.Count > 0) { compiler.Error(path + ".terms", $"These terms have no letters or digits to match: {string.Join(", ", bad.Select(t => $"\u201c{t}\u201d"))}.", at); return null; }
        var fields = words.In is { Count: > 0 } ? words.In.Distinct().ToArray() : DefaultFields;
        var predicates = matchers.Select(m => (Predicate)new WordsPredicate(m, fields)).ToArray();
        return predicates.Length == 1 ? predicates[0] : new AnyPredicate(predicates);
    }

    protected override string Describe(WordsCondition words)
    {
        var source = new List<string>();
        if (words.List is { } list) source.Add($"list \u201c{list}\u201d");
        if (words.Terms.Count > 0)
        {
            source.Add(words.Terms.Count <= 4
                ? string.Join(", ", words.Terms.Select(t => $"\u201c{t}\u201d"))
                : $"{words.Terms.Count} terms");
        }
        var mode = words.Match switch { WordMatch.Substring => " (substring)", WordMatch.Phrase => " (phrase)", _ => "" };
        return $"words from {string.Join(" and ", source)}{mode}{ConditionDescriptions.Fields(words.In, "body and name")}";
    }

    protected override bool UsesList(WordsCondition words, string list) => words.List == list;
}
