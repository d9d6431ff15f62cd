namespace CommentModeration.Core.Rules.Text;

/// <summary>
/// The form a word-list term takes inside the matcher, for editors that show which terms are
/// the same once normalized ("Idiot", "1d10t" and "idiot" are one term to the engine).
/// </summary>
public static class TermNormalization
{
    /// <summary>The term's normalized words joined by single spaces, with a leading or trailing `*` wildcard kept; empty when nothing in it can match.</summary>
    public static string Normalize(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var trimmed = term.Trim();
        var words = TextNormalizer.NormalizeTerm(trimmed.Trim('*', ' '));
        if (words.Length == 0) return "";
        var form = string.Join(' ', words);
        if (trimmed.StartsWith('*')) form = "*" + form;
        if (trimmed.EndsWith('*')) form += "*";
        return form;
    }
}
