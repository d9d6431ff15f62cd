using System.Buffers;
using System.Globalization;
using System.Text;

namespace CommentModeration.Core.Comments;

/// <summary>
/// What a reader typed, judged by what a page would show of it: text of nothing but invisible
/// characters is empty, and the direction controls that can turn a byline or a sentence around
/// on screen are taken out before it is stored.
/// </summary>
public static class ReaderText
{
    /// <summary>
    /// Nothing a reader would see: white space, format characters (zero-width spaces and joiners,
    /// direction controls, soft hyphens), control characters, variation selectors, and the
    /// "blank letters" that fill space (Hangul fillers, the blank Braille pattern).
    /// </summary>
    public static bool IsBlank(string? text)
    {
        if (string.IsNullOrEmpty(text)) return true;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!IsInvisible(rune)) return false;
        }
        return true;
    }

    private static bool IsInvisible(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control
        || rune.Value is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF   // variation selectors
        || rune.Value is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x2800 or 0x3164 or 0xFFA0;

    /// <summary>
    /// A name without any direction control (embeddings, overrides, isolates and marks: U+061C,
    /// U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): a name is shown among other text, where
    /// U+202E would turn what follows it around. Pages also isolate names with &lt;bdi&gt;.
    /// </summary>
    public static string NameWithoutDirectionControls(string name) => Without(name, AllControls);

    /// <summary>
    /// A comment without the embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
    /// which can show text reversed (a file name "exe.gpj" read as "jpg.exe"). The marks
    /// (U+200E, U+200F, U+061C) stay: writers of right-to-left languages place them to keep
    /// punctuation and numbers where they belong, and they reorder no run of text.
    /// </summary>
    public static string BodyWithoutDirectionOverrides(string body) => Without(body, Overrides);

    private static readonly SearchValues<char> Overrides = SearchValues.Create("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");
    private static readonly SearchValues<char> AllControls = SearchValues.Create("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C");

    private static string Without(string text, SearchValues<char> controls)
    {
        var at = text.AsSpan().IndexOfAny(controls);
        if (at < 0) return text;
        var kept = new StringBuilder(text.Length);
        var rest = text.AsSpan();
        for (; at >= 0; at = rest.IndexOfAny(controls))
        {
            kept.Append(rest[..at]);
            rest = rest[(at + 1)..];
        }
        return kept.Append(rest).ToString();
    }
}
