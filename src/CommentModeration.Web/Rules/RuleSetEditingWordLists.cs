using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Web.Rules;

/// <summary>Terms that are the same once normalized (the engine's <see cref="WordLists.NormalForm"/>): the first as written, and the others that fold into it.</summary>
public sealed record TermGroup(string Form, IReadOnlyList<string> Terms);

public sealed record WordListAnalysis(
    IReadOnlyList<string> Terms,
    IReadOnlyList<string> ExactDuplicates,
    IReadOnlyList<TermGroup> SameWhenNormalized,
    IReadOnlyList<string> Unmatchable);

/// <summary>Reading, checking and writing word lists as admins paste or import them.</summary>
public static class RuleSetEditingWordLists
{
    public const int MaxTerms = 100_000;
    public const int MaxTermLength = 200;

    /// <summary>
    /// Terms from pasted text or a file: one a line, or comma-separated (CSV, quoted fields
    /// allowed; a header "term" is skipped). Blank entries are dropped; order is kept.
    /// </summary>
    public static List<string> Parse(string text)
    {
        var terms = new List<string>();
        foreach (var rawLine in (text ?? "").Replace("\r\n", "\n").Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0) continue;
            foreach (var field in SplitCsv(line))
            {
                var term = field.Trim();
                if (term.Length == 0) continue;
                if (terms.Count == 0 && term.Equals("term", StringComparison.OrdinalIgnoreCase)) continue;
                terms.Add(term);
            }
        }
        return terms;
    }

    public static WordListAnalysis Analyze(IReadOnlyList<string> terms)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        var byForm = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var unmatchable = new List<string>();
        foreach (var term in terms)
        {
            if (!seen.Add(term)) { duplicates.Add(term); continue; }
            var form = WordLists.NormalForm(term);
            if (form.Length == 0) { unmatchable.Add(term); continue; }
            if (!byForm.TryGetValue(form, out var group)) byForm[form] = group = [];
            group.Add(term);
        }
        var same = byForm.Where(g => g.Value.Count > 1).Select(g => new TermGroup(g.Key, g.Value)).ToList();
        return new WordListAnalysis(terms, duplicates, same, unmatchable);
    }

    /// <summary>Keeps the first of every group of terms that normalize alike, and drops exact duplicates and unmatchable terms.</summary>
    public static List<string> Tidy(IReadOnlyList<string> terms)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<string>();
        foreach (var term in terms)
        {
            var form = WordLists.NormalForm(term);
            if (form.Length > 0 && forms.Add(form)) kept.Add(term);
        }
        return kept;
    }

    /// <summary>Problems that stop a list being kept: too many terms, terms too long.</summary>
    public static IReadOnlyList<string> Validate(string name, IReadOnlyList<string> terms)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(name)) errors.Add("A word list needs a name.");
        else if (name.Length > 100) errors.Add("A word list's name can be at most 100 characters.");
        if (terms.Count > MaxTerms) errors.Add($"A word list can hold at most {MaxTerms:N0} terms; this one has {terms.Count:N0}.");
        var tooLong = terms.Where(t => t.Length > MaxTermLength).Take(3).ToList();
        if (tooLong.Count > 0) errors.Add($"Terms can be at most {MaxTermLength} characters: {string.Join(", ", tooLong.Select(t => $"\u201c{t[..30]}\u2026\u201d"))}.");
        return errors;
    }

    /// <summary>One term a line: what export writes and Parse reads back.</summary>
    public static string Export(IEnumerable<string> terms) => string.Join('\n', terms) + "\n";

    private static IEnumerable<string> SplitCsv(string line)
    {
        if (!line.Contains(',') && !line.StartsWith('"')) { yield return line; yield break; }
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { yield return field.ToString(); field.Clear(); }
            else field.Append(c);
        }
        yield return field.ToString();
    }
}
