namespace CommentModeration.Core.Rules.Text;

/// <summary>Terms of a word list that the matcher treats as one: written differently, the same after normalization.</summary>
public sealed record SameFormTerms(string NormalForm, IReadOnlyList<string> Terms);

/// <summary>What an editor shows about a pasted or imported word list before saving it.</summary>
public sealed record WordListReport(int Terms, IReadOnlyList<string> Duplicates, IReadOnlyList<SameFormTerms> SameForm, IReadOnlyList<string> Unmatchable);

public static class WordLists
{
    /// <summary>The form the matcher compares: words folded and joined by single spaces, repeated letters collapsed, wildcards kept ("ÍDÍÖÖT*" → "idiot*").</summary>
    public static string NormalForm(string term)
    {
        var trimmed = term.Trim();
        var words = TextNormalizer.NormalizeTerm(trimmed.Trim('*'));
        if (words.Length == 0) return "";
        var collapsed = words.Select(w => new string(w.Where((c, i) => i == 0 || c != w[i - 1]).ToArray()));
        return (trimmed.StartsWith('*') ? "*" : "") + string.Join(' ', collapsed) + (trimmed.EndsWith('*') ? "*" : "");
    }

    /// <summary>Exact duplicates, groups of terms that normalize to the same form, and terms with nothing to match (no letters or digits).</summary>
    public static WordListReport Analyze(IEnumerable<string> terms)
    {
        var list = terms.Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
        var duplicates = list.GroupBy(t => t, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var forms = list.Distinct(StringComparer.Ordinal).Select(t => (Term: t, Form: NormalForm(t))).ToList();
        var unmatchable = forms.Where(f => f.Form.Length == 0).Select(f => f.Term).ToList();
        var same = forms.Where(f => f.Form.Length > 0)
            .GroupBy(f => f.Form, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => new SameFormTerms(g.Key, g.Select(f => f.Term).ToList()))
            .ToList();
        return new WordListReport(list.Count, duplicates, same, unmatchable);
    }
}
