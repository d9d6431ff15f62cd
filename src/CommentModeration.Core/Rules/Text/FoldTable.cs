using System.Globalization;
using System.Text;

namespace CommentModeration.Core.Rules.Text;

/// <summary>What a character is to the word matcher.</summary>
internal enum CharClass : byte
{
    Separator = 0,
    Letter = 1,
    Digit = 2,

    /// <summary>'@' and '$': letters in disguise when they stand inside or at the edge of a word.</summary>
    Symbol = 3,

    /// <summary>Zero-width characters, soft hyphens, combining marks: dropped without ending a word.</summary>
    Ignorable = 4,

    /// <summary>
    /// '*' and '`' (Markdown emphasis and code inside a word: "id**io**t" renders "idiot"), '#' and
    /// '%': kept inside a word, where one of them may also mask a letter ("f*ck"); elsewhere separators.
    /// </summary>
    Mark = 5,
}

/// <summary>
/// One table lookup per character: its class and its folded form (lower case, no width, no
/// diacritics, look-alike letters of other scripts mapped to the Latin letter they imitate).
/// Built once for the whole Basic Multilingual Plane.
/// </summary>
internal static class FoldTable
{
    private static readonly CharClass[] Classes = new CharClass[65536];
    private static readonly char[] Folded = new char[65536];

    // Look-alikes that survive lower-casing and decomposition (pairs: from, to): Cyrillic and
    // Greek letters that read as Latin ones, and Latin letters with strokes that do not decompose.
    private const string LookAlikePairs =
        "аaвbеeёeкkмmнhоoрpсcтtуyхxѕsіiїiјjԁdһhԛqԝwьbўyпnгr" +
        "αaβbγyεeζzηnιiκkμuνvοoρpτtυuχxωwϲcςs" +
        "ıiłlđdøoħhŧtßsſsɡgɑa" +
        // Armenian letters that read as Latin ones.
        "օoսuոnհhցgզq" +
        // Small capitals.
        "ᴀaʙbᴄcᴅdᴇeꜰfɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpʀrꜱsᴛtᴜuᴠvᴡwʏyᴢz";

    // Capitals whose lower case would read differently: Greek Η is an H but η reads as n, Μ an M
    // but μ reads as u; Cherokee capitals that read as Latin ones (their lower-case forms too).
    private const string CapitalLookAlikePairs =
        "ΑaΒbΕeΖzΗhΙiΚkΜmΝnΟoΡpΤtΥyΧx" +
        "\u13A0d\u13A1r\u13A2t\u13A5i\u13A9y\u13AAa\u13ABj\u13ACe\u13B3w\u13B7m\u13BBh\u13C0g\u13C3z" +
        "\u13DEl\u13DFc\u13E2p\u13E6k\u13DAs\u13D9v\u13F4b\u13D2r\u13D4w";

    static FoldTable()
    {
        var lookAlikes = new Dictionary<char, char>();
        for (var i = 0; i + 1 < LookAlikePairs.Length; i += 2) lookAlikes[LookAlikePairs[i]] = LookAlikePairs[i + 1];
        var capitals = new Dictionary<char, char>();
        for (var i = 0; i + 1 < CapitalLookAlikePairs.Length; i += 2)
        {
            var capital = CapitalLookAlikePairs[i];
            capitals[capital] = CapitalLookAlikePairs[i + 1];
            if (capital is >= '\u13A0' and <= '\u13EF') capitals[(char)(capital - 0x13A0 + 0xAB70)] = CapitalLookAlikePairs[i + 1];
        }
        for (var i = 0; i < 65536; i++)
        {
            var c = (char)i;
            Folded[i] = c;
            if (char.IsSurrogate(c)) continue;
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                Classes[i] = CharClass.Ignorable;
            }
            else if (category == UnicodeCategory.DecimalDigitNumber)
            {
                Classes[i] = CharClass.Digit;
                Folded[i] = (char)('0' + (int)char.GetNumericValue(c));
            }
            else if (capitals.TryGetValue(c, out var latin))
            {
                Classes[i] = CharClass.Letter;
                Folded[i] = latin;
            }
            else if (char.IsLetter(c) || category == UnicodeCategory.SpacingCombiningMark)
            {
                Classes[i] = CharClass.Letter;
                Folded[i] = FoldLetter(c, lookAlikes);
            }
            else if (c is '@' or '$')
            {
                Classes[i] = CharClass.Symbol;
            }
            else if (c is '*' or '`' or '#' or '%')
            {
                Classes[i] = CharClass.Mark;
            }
            else if (category == UnicodeCategory.OtherSymbol && EnclosedLetter(c) is { } enclosed)
            {
                // Circled letters (ⓘ, Ⓘ) read as the letter they enclose.
                Classes[i] = CharClass.Letter;
                Folded[i] = enclosed;
            }
        }
    }

    public static CharClass ClassOf(char c) => Classes[c];

    public static char Fold(char c) => Folded[c];

    /// <summary>Digits and symbols written for letters: 1/!→i, 0→o, 3→e, 4/@→a, 5/$→s, 7→t.</summary>
    public static char StandIn(char c) => c switch
    {
        '!' => 'i',
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        _ => c,
    };

    /// <summary>Letters outside the BMP (mathematical bold "𝐢𝐝𝐢𝐨𝐭" and the like): their compatibility form when it is one letter.</summary>
    public static char FoldAstral(string text, int index, out CharClass charClass)
    {
        charClass = CharClass.Separator;
        var codePoint = char.ConvertToUtf32(text[index], text[index + 1]);
        // Negative circled and negative squared capitals (🅐, 🅰), which have no compatibility form.
        if (codePoint is >= 0x1F150 and <= 0x1F169 or >= 0x1F170 and <= 0x1F189)
        {
            charClass = CharClass.Letter;
            return (char)('a' + (codePoint - 0x1F150) % 32);
        }
        // Tag characters (U+E0000 block) and other format characters show nothing.
        if (CharUnicodeInfo.GetUnicodeCategory(codePoint) == UnicodeCategory.Format)
        {
            charClass = CharClass.Ignorable;
            return '\0';
        }
        if (!char.IsLetterOrDigit(text, index))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(codePoint) == UnicodeCategory.OtherSymbol
                && text.Substring(index, 2).Normalize(NormalizationForm.FormKC) is [var letter] && char.IsAsciiLetter(letter))
            {
                // Squared letters (🄰) read as the letter.
                charClass = CharClass.Letter;
                return char.ToLowerInvariant(letter);
            }
            return '\0';
        }
        var compatible = text.Substring(index, 2).Normalize(NormalizationForm.FormKC);
        if (compatible.Length == 1)
        {
            charClass = Classes[compatible[0]];
            return Folded[compatible[0]];
        }
        charClass = CharClass.Letter;
        return '\uFFFD';
    }

    private static char? EnclosedLetter(char c)
    {
        var compatible = c.ToString().Normalize(NormalizationForm.FormKC);
        return compatible is [var letter] && char.IsAsciiLetter(letter) ? char.ToLowerInvariant(letter) : null;
    }

    private static char FoldLetter(char c, Dictionary<char, char> lookAlikes)
    {
        if (IsIdeographOrSyllable(c)) return c;
        var lower = char.ToLowerInvariant(c);
        if (lower < 0x80) return lower;
        if (lookAlikes.TryGetValue(lower, out var latin)) return latin;
        var decomposed = lower.ToString().Normalize(NormalizationForm.FormKD);
        if (decomposed.Length >= 1 && char.IsLetter(decomposed[0]))
        {
            var rest = decomposed.AsSpan(1);
            var onlyMarks = true;
            foreach (var m in rest)
            {
                if (char.GetUnicodeCategory(m) != UnicodeCategory.NonSpacingMark) { onlyMarks = false; break; }
            }
            if (onlyMarks)
            {
                var baseLetter = char.ToLowerInvariant(decomposed[0]);
                return lookAlikes.TryGetValue(baseLetter, out var mapped) ? mapped : baseLetter;
            }
        }
        return lower;
    }

    private static bool IsIdeographOrSyllable(char c) =>
        c is >= '\u3040' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF';
}
