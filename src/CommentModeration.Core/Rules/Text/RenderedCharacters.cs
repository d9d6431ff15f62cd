using System.Net;

namespace CommentModeration.Core.Rules.Text;

/// <summary>
/// Runs of characters a reader sees as one: character references (<c>&amp;#105;</c> is "i",
/// <c>&amp;shy;</c> nothing, <c>&amp;nbsp;</c> a space), HTML tags (an inline one inside a word,
/// "lo&lt;b&gt;ser&lt;/b&gt;", shows nothing), and symbols drawn as letters ("|\/|" is m, "()" o,
/// "!" i). The normalizer asks here only at ASCII punctuation, so ordinary letters cost nothing.
/// </summary>
internal static class RenderedCharacters
{
    private const int LongestReference = 32;
    private const int LongestTag = 200;

    // Longest first, so "|\/|" is read as m before "\/" as v.
    private static readonly (string Form, char Letter)[] SymbolForms =
    [
        ("|\\/|", 'm'), ("/\\/\\", 'm'), ("\\/\\/", 'w'), ("|\\|", 'n'), ("|_|", 'u'), ("|-|", 'h'),
        ("()", 'o'), ("|<", 'k'), ("|)", 'd'), ("/\\", 'a'), ("\\/", 'v'),
    ];

    private static readonly HashSet<string> InlineTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd",
        "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "tt", "u", "var", "wbr",
    };

    /// <summary>
    /// What the characters from <paramref name="index"/> show, when they are one of the runs above:
    /// its class, folded form and how many characters it takes. False: read the character alone.
    /// </summary>
    public static bool TryRead(string text, int index, out CharClass charClass, out char folded, out int width)
    {
        charClass = CharClass.Separator;
        folded = '\0';
        width = 1;
        switch (text[index])
        {
            case '&':
                if (!TryReference(text, index, out var decoded, out width)) return false;
                charClass = FoldTable.ClassOf(decoded);
                folded = FoldTable.Fold(decoded);
                return true;
            case '<':
                if (!TryTag(text, index, out var inline, out width)) return false;
                charClass = inline ? CharClass.Ignorable : CharClass.Separator;
                return true;
            case '!':
                // "sh!t", "!d!ot"; at a word's end it is punctuation ("idiot!"), and before a capital after a small letter ("Wow!Idiot").
                if (!StartsWordChar(text, index + 1) || index > 0 && char.IsLower(text[index - 1]) && char.IsUpper(text[index + 1])) return false;
                charClass = CharClass.Symbol;
                folded = '!';
                return true;
            case '|' or '/' or '\\' or '(':
                if (!TryForm(text, index, out folded, out width)) return false;
                // "f()" is a call, "m()r()n" a word.
                if (text[index] == '(' && !StartsWordChar(text, index + width)) return false;
                charClass = CharClass.Symbol;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether a letter, digit or a symbol drawn as a letter starts at <paramref name="index"/>.</summary>
    public static bool StartsWordChar(string text, int index)
    {
        if (index >= text.Length) return false;
        var c = text[index];
        return FoldTable.ClassOf(c) is CharClass.Letter or CharClass.Digit || char.IsSurrogate(c) || TryForm(text, index, out _, out _);
    }

    private static bool TryForm(string text, int index, out char letter, out int width)
    {
        foreach (var (form, formLetter) in SymbolForms)
        {
            if (string.CompareOrdinal(text, index, form, 0, form.Length) == 0)
            {
                letter = formLetter;
                width = form.Length;
                return true;
            }
        }
        letter = '\0';
        width = 1;
        return false;
    }

    private static bool TryReference(string text, int index, out char decoded, out int width)
    {
        decoded = '\0';
        width = 1;
        var end = text.IndexOf(';', index + 1, Math.Min(LongestReference, text.Length - index - 1));
        var numeric = index + 2 < text.Length && text[index + 1] == '#';
        if (numeric)
        {
            // Numbers are decoded without the semicolon too, as browsers do.
            var hex = index + 3 < text.Length && text[index + 2] is 'x' or 'X';
            var digitsStart = index + (hex ? 3 : 2);
            var digitsEnd = digitsStart;
            while (digitsEnd < text.Length && digitsEnd - digitsStart < 8 && (hex ? char.IsAsciiHexDigit(text[digitsEnd]) : char.IsAsciiDigit(text[digitsEnd]))) digitsEnd++;
            if (digitsEnd == digitsStart) return false;
            var value = int.Parse(text.AsSpan(digitsStart, digitsEnd - digitsStart), hex ? System.Globalization.NumberStyles.HexNumber : System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);
            if (value is <= 0 or > 0xFFFF || char.IsSurrogate((char)value)) return false;
            decoded = (char)value;
            width = digitsEnd - index + (digitsEnd < text.Length && text[digitsEnd] == ';' ? 1 : 0);
            return true;
        }
        if (end < 0) return false;
        for (var i = index + 1; i < end; i++)
        {
            if (!char.IsAsciiLetterOrDigit(text[i])) return false;
        }
        var name = text.Substring(index, end - index + 1);
        var html = WebUtility.HtmlDecode(name);
        if (html.Length != 1 || html == name) return false;
        decoded = html[0];
        width = name.Length;
        return true;
    }

    private static bool TryTag(string text, int index, out bool inline, out int width)
    {
        inline = false;
        width = 1;
        if (string.CompareOrdinal(text, index, "<!--", 0, 4) == 0)
        {
            var close = text.IndexOf("-->", index + 4, StringComparison.Ordinal);
            if (close < 0) return false;
            inline = true;
            width = close + 3 - index;
            return true;
        }
        var nameStart = index + 1 < text.Length && text[index + 1] == '/' ? index + 2 : index + 1;
        var nameEnd = nameStart;
        while (nameEnd < text.Length && char.IsAsciiLetterOrDigit(text[nameEnd])) nameEnd++;
        if (nameEnd == nameStart || !char.IsAsciiLetter(text[nameStart]) || nameEnd >= text.Length) return false;
        if (text[nameEnd] is not ('>' or ' ' or '/' or '\t')) return false;
        var end = text.IndexOf('>', nameEnd, Math.Min(LongestTag, text.Length - nameEnd));
        if (end < 0 || text.AsSpan(nameEnd, end - nameEnd).IndexOfAny('<', '\n') >= 0) return false;
        inline = InlineTags.Contains(text.Substring(nameStart, nameEnd - nameStart));
        width = end + 1 - index;
        return true;
    }
}
