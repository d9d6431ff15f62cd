namespace CommentModeration.Core.Rules.Text;

/// <summary>
/// Other readings of a word, tried after its own: the singular of a regular plural, the word
/// without Markdown marks or with its one masked letter, a capital I written as l, a spelled-out
/// word after a one-letter word ("a b i t c h"), words joined by a hyphen or emoji, and a
/// phrase split anywhere. Each reading is looked up whole, with one hash, in the same tables;
/// most words need none of them.
/// </summary>
internal sealed partial class WordListMatcher
{
    private const int LongestReading = 64;

    /// <summary>Words of a compound looked up together ("dick-head", "mo😀ron").</summary>
    private const int CompoundParts = 3;

    /// <summary>The fewest characters, the mask included, of a word with a masked letter ("sh*t").</summary>
    private const int ShortestMasked = 4;

    private void FindVariants(NormalizedText text, int i, List<TermMatch> matches)
    {
        var tokens = text.Tokens;
        ref readonly var token = ref tokens[i];
        var word = text.Word(token);
        if (word.Length > LongestReading) return;
        FindSingular(text, token, matches);
        if ((token.Flags & TokenFlags.Marks) != 0) FindUnmarked(word, token, matches);
        if ((token.Flags & TokenFlags.SpelledOut) != 0 && word.Length > ShortestMasked)
        {
            // "a b i t c h": the first letter may be a word of its own ("a", "I").
            LookUp(word[1..], text.CharStart[token.Start + 1], token.OriginalEnd, matches);
        }
        var original = text.Original;
        if (original[token.OriginalStart] == 'l'
            || char.IsUpper(original[token.OriginalStart]) && char.IsUpper(original[token.OriginalEnd - 1]) && word.Contains('l'))
        {
            FindCapitalI(text, token, matches);
        }
        if (i + 1 < tokens.Length)
        {
            if ((token.Flags & TokenFlags.JoinedToNext) != 0) FindCompound(text, i, matches);
            if (!_phrasePrefixes.IsEmpty && token.CollapsedLength >= 2 && token.CollapsedLength < _longestPhrase) FollowPhrase(text, i, matches);
        }
    }

    /// <summary>
    /// The token's regular singular ("idiots", "bitches", "hussies"), looked up with the hashes the
    /// normalizer kept for every prefix of the collapsed word.
    /// </summary>
    private void FindSingular(NormalizedText text, in Token token, List<TermMatch> matches)
    {
        var last = token.CollapsedStart + token.CollapsedLength - 1;
        if (token.CollapsedLength < 4 || text.Collapsed[last] != 's') return;
        var key = text.CollapsedWord(token);
        var hashes = text.CollapsedHashes;
        if (_exact.Find(key[..^1], hashes[last - 1]) is { } plain)
        {
            AddWhole(TrimRun(text.Word(token), 's'), plain, token.OriginalStart, token.OriginalEnd, matches);
        }
        if (key[^2] != 'e') return;
        if (_exact.Find(key[..^2], hashes[last - 2]) is { } es)
        {
            AddWhole(TrimRun(TrimRun(text.Word(token), 's'), 'e'), es, token.OriginalStart, token.OriginalEnd, matches);
        }
        if (key.Length < 5 || key[^3] != 'i') return;
        Span<char> singular = stackalloc char[key.Length - 2];
        key[..^3].CopyTo(singular);
        singular[^1] = 'y';
        if (_exact.Find(singular, WordHash.Add(hashes[last - 3], 'y')) is not { } ies) return;
        var word = TrimRun(TrimRun(TrimRun(text.Word(token), 's'), 'e'), 'i');
        Span<char> singularWord = stackalloc char[word.Length + 1];
        word.CopyTo(singularWord);
        singularWord[^1] = 'y';
        AddWhole(singularWord, ies, token.OriginalStart, token.OriginalEnd, matches);
    }

    private static ReadOnlySpan<char> TrimRun(ReadOnlySpan<char> word, char c)
    {
        var end = word.Length;
        while (end > 0 && word[end - 1] == c) end--;
        return word[..end];
    }

    /// <summary>Single-word terms (and prefix terms) the whole of <paramref name="word"/> matches, and its singular's.</summary>
    private void LookUp(ReadOnlySpan<char> word, int start, int end, List<TermMatch> matches)
    {
        LookUpWord(word, start, end, matches);
        LookUpPlural(word, start, end, matches);
    }

    private void LookUpPlural(ReadOnlySpan<char> word, int start, int end, List<TermMatch> matches)
    {
        if (word.Length < 4 || word[^1] != 's') return;
        LookUpWord(word[..^1], start, end, matches);
        if (word[^2] != 'e') return;
        LookUpWord(word[..^2], start, end, matches);
        if (word.Length < 5 || word[^3] != 'i') return;
        Span<char> singular = stackalloc char[word.Length - 2];
        word[..^3].CopyTo(singular);
        singular[^1] = 'y';
        LookUpWord(singular, start, end, matches);
    }

    private void LookUpWord(ReadOnlySpan<char> word, int start, int end, List<TermMatch> matches)
    {
        Span<char> key = stackalloc char[word.Length];
        var length = 0;
        var hash = WordHash.Empty;
        var prefixes = 0;
        for (var k = 0; k < word.Length; k++)
        {
            if (k > 0 && word[k] == word[k - 1]) continue;
            key[length++] = word[k];
            hash = WordHash.Add(hash, word[k]);
            if (prefixes < _prefixLengths.Length && _prefixLengths[prefixes] == length)
            {
                prefixes++;
                if (_prefix.Find(key[..length], hash) is { } prefixed) AddWhole(word, prefixed, start, end, matches);
            }
        }
        if (_exact.Find(key[..length], hash) is { } exact) AddWhole(word, exact, start, end, matches);
    }

    private static void AddWhole(ReadOnlySpan<char> word, Term[] terms, int start, int end, List<TermMatch> matches)
    {
        foreach (var term in terms)
        {
            if (term.Words.Length == 1 && WordMatches(word, term.Words[0], anyStart: false, anyEnd: term.Trailing)) matches.Add(new TermMatch(start, end, term.Written));
        }
    }

    /// <summary>"id**io**t" and "bi`tch`" as they render; "f*ck" when exactly one listed word fits its masked letter.</summary>
    private void FindUnmarked(ReadOnlySpan<char> word, in Token token, List<TermMatch> matches)
    {
        Span<char> plain = stackalloc char[word.Length];
        var length = 0;
        var letters = 0;
        var maskAt = -1;
        foreach (var c in word)
        {
            if (c is '*' or '`' or '#' or '%')
            {
                if (c != '`') maskAt = length;
                continue;
            }
            if (char.IsLetter(c)) letters++;
            plain[length++] = c;
        }
        if (letters < 2) return;
        LookUp(plain[..length], token.OriginalStart, token.OriginalEnd, matches);
        if (maskAt <= 0 || maskAt >= length || length + 1 != word.Length || word.Length < ShortestMasked) return;

        Span<char> masked = stackalloc char[word.Length];
        plain[..maskAt].CopyTo(masked);
        plain[maskAt..length].CopyTo(masked[(maskAt + 1)..]);
        var fits = new List<TermMatch>();
        for (var letter = 'a'; letter <= 'z'; letter++)
        {
            masked[maskAt] = letter;
            LookUp(masked, token.OriginalStart, token.OriginalEnd, fits);
        }
        if (fits.Count > 0 && fits.TrueForAll(f => f.Term == fits[0].Term)) matches.Add(fits[0]);
    }

    /// <summary>A lower-case l where a reader sees a capital I: among capitals ("SHlT"), or starting a word ("ldiot").</summary>
    private void FindCapitalI(NormalizedText text, in Token token, List<TermMatch> matches)
    {
        var original = text.Original;
        var capitals = 0;
        var ells = false;
        for (var k = token.Start; k < token.Start + token.Length; k++)
        {
            var shown = original[text.CharStart[k]];
            if (shown == 'l') ells = true;
            else if (char.IsUpper(shown)) capitals++;
            else if (char.IsLower(shown)) { capitals = -1; break; }
        }
        var startsWithL = original[text.CharStart[token.Start]] == 'l';
        if (!(ells && capitals >= 2) && !startsWithL) return;

        Span<char> read = stackalloc char[token.Length];
        text.Word(token).CopyTo(read);
        if (capitals >= 2)
        {
            for (var k = 0; k < read.Length; k++)
            {
                if (original[text.CharStart[token.Start + k]] == 'l') read[k] = 'i';
            }
        }
        else
        {
            read[0] = 'i';
        }
        LookUp(read, token.OriginalStart, token.OriginalEnd, matches);
    }

    /// <summary>A word split by a hyphen, an underscore or an emoji ("dick-head", "bas⭐tard"), read as one.</summary>
    private void FindCompound(NormalizedText text, int first, List<TermMatch> matches)
    {
        var tokens = text.Tokens;
        Span<char> joined = stackalloc char[LongestReading];
        var length = 0;
        for (var j = first; j < tokens.Length && j < first + CompoundParts; j++)
        {
            if (j > first && (tokens[j - 1].Flags & TokenFlags.JoinedToNext) == 0) return;
            var word = text.Word(tokens[j]);
            if (length + word.Length > joined.Length) return;
            word.CopyTo(joined[length..]);
            length += word.Length;
            if (j > first) LookUp(joined[..length], tokens[first].OriginalStart, tokens[j].OriginalEnd, matches);
        }
    }

    /// <summary>
    /// A phrase with its words joined or split elsewhere ("kil lyourself", "kill your self"): collapsed
    /// letters followed across words of two letters or more ("god, i.e." is not "go die"), ending
    /// where a word ends ("kill your self-esteem" is not "kill yourself"). The first word has two
    /// letters or more and is shorter than the longest phrase.
    /// </summary>
    private void FollowPhrase(NormalizedText text, int first, List<TermMatch> matches)
    {
        var tokens = text.Tokens;
        ref readonly var token = ref tokens[first];
        // The word and the next word's first new letter must start a phrase: most words start one, few go on.
        var following = text.CollapsedWord(tokens[first + 1]);
        if (following.Length < 2) return;
        var goesOn = following[0] == text.Collapsed[token.CollapsedStart + token.CollapsedLength - 1] ? following[1] : following[0];
        if (!_phrasePrefixes.Contains(WordHash.Add(text.CollapsedHash(token), goesOn))) return;
        Span<char> key = stackalloc char[_longestPhrase];
        text.CollapsedWord(token).CopyTo(key);
        var length = token.CollapsedLength;
        var hash = text.CollapsedHash(token);
        for (var j = first + 1; j < tokens.Length; j++)
        {
            var next = text.CollapsedWord(tokens[j]);
            if (next.Length < 2) return;
            var from = next[0] == key[length - 1] ? 1 : 0;
            if (length + next.Length - from > key.Length) return;
            for (var k = from; k < next.Length; k++)
            {
                key[length++] = next[k];
                hash = WordHash.Add(hash, next[k]);
            }
            // A whole phrase's key is among its prefixes.
            if (!_phrasePrefixes.Contains(hash)) return;
            var wordEnds = (tokens[j].Flags & TokenFlags.JoinedToNext) == 0;
            if (wordEnds && _exact.Find(key[..length], hash) is { } found)
            {
                foreach (var term in found)
                {
                    if (term.Phrase) matches.Add(new TermMatch(token.OriginalStart, tokens[j].OriginalEnd, term.Written));
                }
            }
        }
    }
}
