using System.Buffers;

namespace CommentModeration.Core.Rules.Text;

/// <summary>
/// Turns a field's text into <see cref="NormalizedText"/> in one pass over its characters
/// (plus one over its words). Terms of word lists go through the same steps, so a term and
/// the text it should match always meet in the same form.
/// </summary>
internal static class TextNormalizer
{
    /// <summary>Runs of at least this many one-letter words with one separator between them are read as one word ("i.d.i.o.t").</summary>
    private const int SpelledOutMinimum = 3;

    /// <param name="symbolStandIns">False for e-mail addresses, where '@' separates and does not stand for a letter.</param>
    /// <param name="pooled">Rent the buffers; the caller gives them back with <see cref="NormalizedText.Return"/> when done.</param>
    public static NormalizedText Normalize(string text, bool symbolStandIns = true, bool pooled = false)
    {
        if (string.IsNullOrEmpty(text)) return NormalizedText.Empty;

        // Pass 1: raw words. Letters are folded, digits and symbols kept as they are for now
        // (they become letters only in a word that has letters).
        var length = text.Length;
        var chars = pooled ? ArrayPool<char>.Shared.Rent(length) : new char[length];
        var charStart = pooled ? ArrayPool<int>.Shared.Rent(length) : new int[length];
        var charEnd = pooled ? ArrayPool<int>.Shared.Rent(length) : new int[length];
        // A word takes at least one character and one separator, except the last.
        var raw = ArrayPool<RawWord>.Shared.Rent(length / 2 + 1);
        var rawCount = 0;
        var count = 0;
        var wordStart = -1;
        var letters = false;
        var others = false;
        var marks = false;
        for (var i = 0; i < length;)
        {
            var c = text[i];
            // Most characters of most comments: a small ASCII letter (itself folded) or a space.
            if (char.IsAsciiLetterLower(c))
            {
                if (wordStart < 0) { wordStart = count; letters = false; others = false; marks = false; }
                letters = true;
                chars[count] = c;
                charStart[count] = i;
                charEnd[count] = i + 1;
                count++;
                i++;
                continue;
            }
            if (c == ' ')
            {
                if (wordStart >= 0) { raw[rawCount++] = new RawWord(wordStart, count - wordStart, letters, others, marks); wordStart = -1; }
                i++;
                continue;
            }
            var width = 1;
            CharClass cls;
            char folded;
            if (char.IsHighSurrogate(c) && i + 1 < length && char.IsLowSurrogate(text[i + 1]))
            {
                width = 2;
                folded = FoldTable.FoldAstral(text, i, out cls);
            }
            else
            {
                cls = FoldTable.ClassOf(c);
                folded = FoldTable.Fold(c);
                if (cls == CharClass.Separator && c < 0x80 && RenderedCharacters.TryRead(text, i, out var shown, out var shownAs, out var shownWidth))
                {
                    cls = shown;
                    folded = shownAs;
                    width = shownWidth;
                }
            }

            if (cls == CharClass.Symbol && !(symbolStandIns && (wordStart >= 0 || RenderedCharacters.StartsWordChar(text, i + width))))
            {
                cls = CharClass.Separator;
            }
            // A mark counts inside a word only, never at its edges ("**idiot**", "C#").
            if (cls == CharClass.Mark && !(wordStart >= 0 && MarksThenWordChar(text, i + 1)))
            {
                cls = CharClass.Separator;
            }

            switch (cls)
            {
                case CharClass.Ignorable:
                    break;
                case CharClass.Separator:
                    if (wordStart >= 0) { raw[rawCount++] = new RawWord(wordStart, count - wordStart, letters, others, marks); wordStart = -1; }
                    break;
                case CharClass.Mark:
                    marks = true;
                    chars[count] = c;
                    charStart[count] = i;
                    charEnd[count] = i + width;
                    count++;
                    break;
                default:
                    if (wordStart < 0) { wordStart = count; letters = false; others = false; marks = false; }
                    if (cls == CharClass.Letter) letters = true;
                    else others = true;
                    chars[count] = folded;
                    charStart[count] = i;
                    charEnd[count] = i + width;
                    count++;
                    break;
            }
            i += width;
        }
        if (wordStart >= 0) raw[rawCount++] = new RawWord(wordStart, count - wordStart, letters, others, marks);

        // Pass 2: join spelled-out words, then apply stand-ins and collapse repeats per word.
        var tokens = pooled ? ArrayPool<Token>.Shared.Rent(Math.Max(1, rawCount)) : new Token[rawCount];
        var tokenCount = 0;
        var collapsed = pooled ? ArrayPool<char>.Shared.Rent(Math.Max(1, count)) : new char[count];
        var hashes = pooled ? ArrayPool<uint>.Shared.Rent(Math.Max(1, count)) : new uint[count];
        var collapsedCount = 0;
        for (var w = 0; w < rawCount;)
        {
            var end = w + 1;
            if (raw[w].Length == 1)
            {
                while (end < rawCount && raw[end].Length == 1
                    && SingleSeparatorBetween(text, charEnd[raw[end - 1].Start], charStart[raw[end].Start]))
                {
                    end++;
                }
                if (end - w < SpelledOutMinimum) end = w + 1;
            }
            var start = raw[w].Start;
            var last = raw[end - 1];
            var wordLength = last.Start + last.Length - start;
            var hasLetter = false;
            var hasOther = false;
            var flags = end - w > 1 ? TokenFlags.SpelledOut : TokenFlags.None;
            for (var k = w; k < end; k++)
            {
                hasLetter |= raw[k].Letters;
                hasOther |= raw[k].Others;
                if (raw[k].Marks) flags |= TokenFlags.Marks;
            }
            if (hasLetter && hasOther)
            {
                // Letters never fold to a digit, '@' or '$', so only stand-ins change here.
                for (var k = start; k < start + wordLength; k++) chars[k] = FoldTable.StandIn(chars[k]);
            }
            var collapsedStart = collapsedCount;
            var hash = WordHash.Empty;
            for (var k = start; k < start + wordLength; k++)
            {
                if (k > start && chars[k] == chars[k - 1]) continue;
                hash = WordHash.Add(hash, chars[k]);
                hashes[collapsedCount] = hash;
                collapsed[collapsedCount++] = chars[k];
            }
            tokens[tokenCount++] = new Token(start, wordLength, collapsedStart, collapsedCount - collapsedStart,
                charStart[start], charEnd[start + wordLength - 1], flags);
            w = end;
        }
        for (var t = 0; t + 1 < tokenCount; t++)
        {
            if (JoinerBetween(text, tokens[t].OriginalEnd, tokens[t + 1].OriginalStart)) tokens[t] = tokens[t] with { Flags = tokens[t].Flags | TokenFlags.JoinedToNext };
        }
        ArrayPool<RawWord>.Shared.Return(raw);
        return new NormalizedText(text, chars, charStart, charEnd, collapsed, hashes, tokens, tokenCount, pooled);
    }

    /// <summary>A term as the matcher stores it: its normalized words.</summary>
    public static string[] NormalizeTerm(string term)
    {
        var normalized = Normalize(term);
        var words = new string[normalized.Tokens.Length];
        for (var i = 0; i < words.Length; i++) words[i] = normalized.Word(normalized.Tokens[i]).ToString();
        return words;
    }

    private readonly record struct RawWord(int Start, int Length, bool Letters, bool Others, bool Marks);

    private static bool MarksThenWordChar(string text, int index)
    {
        while (index < text.Length && FoldTable.ClassOf(text[index]) == CharClass.Mark) index++;
        return RenderedCharacters.StartsWordChar(text, index);
    }

    /// <summary>One character shown between two words, and it joins them: a hyphen or dash, an underscore, an emoji. Not a dot: "bit.ch" is an address.</summary>
    private static bool JoinerBetween(string text, int from, int to)
    {
        // Most words are followed by a space or a punctuation mark alone.
        if (to - from == 1 && text[from] < '\u0080') return text[from] is '-' or '_';
        if (ShownBetween(text, from, to, out var at) != 1) return false;
        var c = text[at];
        return c is '-' or '_' or >= '\u2010' and <= '\u2015'
            || c >= '\u0080' && char.GetUnicodeCategory(text, at) == System.Globalization.UnicodeCategory.OtherSymbol;
    }

    /// <summary>One character between, or one line break (letters one per line); an emoji counts as one.</summary>
    private static bool SingleSeparatorBetween(string text, int previousEnd, int nextStart) =>
        nextStart > previousEnd && ShownBetween(text, previousEnd, nextStart, out _) == 1;

    /// <summary>
    /// How many characters a reader sees in [<paramref name="from"/>, <paramref name="to"/>): not the
    /// invisible ones, an emoji's two halves and a CRLF as one; <paramref name="last"/> is where the last stands.
    /// </summary>
    private static int ShownBetween(string text, int from, int to, out int last)
    {
        var shown = 0;
        last = -1;
        for (var k = from; k < to; k++)
        {
            var c = text[k];
            if (FoldTable.ClassOf(c) == CharClass.Ignorable || char.IsLowSurrogate(c)) continue;
            if (c == '\r' && k + 1 < to && text[k + 1] == '\n') continue;
            shown++;
            last = k;
        }
        return shown;
    }
}
