using System.Buffers;
using CommentModeration.Core.Rules.Definition;

namespace CommentModeration.Core.Rules.Text;

/// <summary>A match of a term: where it stands in the original text, and which term it was.</summary>
internal readonly record struct TermMatch(int Start, int End, string Term);

/// <summary>
/// A word list compiled for one way of matching. Whole-word terms live in hash tables keyed by
/// their collapsed first word, so a text is matched with one lookup per word whatever the
/// list's size; prefix wildcards add one lookup per distinct key length the word is long enough
/// for, suffix wildcards one walk up a trie from the word's end. A candidate
/// found by key is then checked letter run by letter run, so "idiooot" matches "idiot" while
/// "as" never matches "ass".
/// </summary>
internal sealed partial class WordListMatcher
{
    private readonly TermTable<Term> _exact;
    private readonly TermTable<Term> _prefix;
    private readonly int[] _prefixLengths;
    private readonly AffixTrie<Term> _suffix = new(fromEnd: true);
    private readonly Term[] _infix;
    private readonly SubstringTerm[] _substrings;
    private readonly SearchValues<string>? _substringSearch;
    private readonly Dictionary<char, SubstringTerm[]> _substringsByFirst;
    private readonly bool _substringMode;

    /// <summary>WordHash of every prefix of every phrase's joined key, to follow a phrase split anywhere ("kil lyourself").</summary>
    private readonly WordHashSet _phrasePrefixes;
    private readonly int _longestPhrase;

    /// <summary>
    /// The letters (below 128) whole-word and prefix terms start with, and whether any starts with
    /// another: a word starting with none of them, written plainly, can match no term and is
    /// skipped. Null when suffix or infix terms, which start anywhere, are listed.
    /// </summary>
    private readonly bool[]? _startLetters;
    private readonly bool _startsBeyondAscii;

    private WordListMatcher(IEnumerable<string> terms, WordMatch mode)
    {
        _substringMode = mode == WordMatch.Substring;
        var exact = new Dictionary<string, List<Term>>(StringComparer.Ordinal);
        var prefix = new Dictionary<string, List<Term>>(StringComparer.Ordinal);
        var infix = new List<Term>();
        var substrings = new List<SubstringTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var phrasePrefixes = new HashSet<uint>();
        var startLetters = new bool[128];
        foreach (var written in terms)
        {
            var trimmed = written.Trim();
            var leading = trimmed.StartsWith('*');
            var trailing = trimmed.EndsWith('*');
            var words = TextNormalizer.NormalizeTerm(trimmed.Trim('*'));
            if (words.Length == 0) continue;
            var identity = (leading ? "*" : "") + string.Join(' ', words) + (trailing ? "*" : "");
            if (!seen.Add(identity)) continue;
            if (_substringMode)
            {
                substrings.Add(SubstringTerm.Create(trimmed, words));
                continue;
            }
            var term = new Term(trimmed, words, leading, trailing);
            var firstKey = Collapse(words[0]);
            if (firstKey[0] < 128) startLetters[firstKey[0]] = true;
            else _startsBeyondAscii = true;
            if (leading && trailing && words.Length == 1) infix.Add(term);
            else if (leading) _suffix.Add(firstKey, term);
            else if (trailing && words.Length == 1) Add(prefix, firstKey, term);
            else Add(exact, firstKey, term);
            if (words.Length > 1 && !leading && !trailing)
            {
                // A phrase also matches written as one word ("killyourself", "#KillYourself") or split elsewhere.
                var joined = string.Concat(words);
                var key = Collapse(joined);
                Add(exact, key, new Term(trimmed, [joined], false, false, Phrase: true));
                var hash = WordHash.Empty;
                foreach (var c in key) phrasePrefixes.Add(hash = WordHash.Add(hash, c));
                _longestPhrase = Math.Max(_longestPhrase, key.Length);
            }
        }
        _startLetters = _suffix.IsEmpty && infix.Count == 0 ? startLetters : null;
        _exact = new TermTable<Term>(exact);
        _phrasePrefixes = new WordHashSet(phrasePrefixes);
        _prefix = new TermTable<Term>(prefix);
        _prefixLengths = prefix.Keys.Select(k => k.Length).Distinct().Order().ToArray();
        _infix = infix.ToArray();
        _substrings = substrings.ToArray();
        _substringSearch = _substrings.Length > 0 ? SearchValues.Create(_substrings.Select(t => t.Collapsed).ToArray(), StringComparison.Ordinal) : null;
        _substringsByFirst = _substrings.GroupBy(t => t.Collapsed[0]).ToDictionary(g => g.Key, g => g.ToArray());
        TermCount = seen.Count;
    }

    /// <summary>Distinct terms after normalization.</summary>
    public int TermCount { get; }

    public static WordListMatcher Compile(IEnumerable<string> terms, WordMatch mode) => new(terms, mode);

    /// <summary>Adds every match in <paramref name="text"/> to <paramref name="matches"/>; true when there was one.</summary>
    public bool FindAll(NormalizedText text, List<TermMatch> matches)
    {
        var before = matches.Count;
        if (_substringMode) FindSubstrings(text, matches);
        else FindWords(text, matches);
        return matches.Count > before;
    }

    private void FindWords(NormalizedText text, List<TermMatch> matches)
    {
        var tokens = text.Tokens;
        var hashes = text.CollapsedHashes;
        List<Term>? suffixes = _suffix.IsEmpty ? null : [];
        for (var i = 0; i < tokens.Length; i++)
        {
            ref readonly var token = ref tokens[i];
            if (!MayStartTerm(text, token)) continue;
            var key = text.CollapsedWord(token);
            if (_exact.Find(key, text.CollapsedHash(token)) is { } exact)
            {
                foreach (var term in exact) TryMatch(text, i, term, matches);
            }
            foreach (var length in _prefixLengths)
            {
                if (length > key.Length) break;
                if (_prefix.Find(key[..length], hashes[token.CollapsedStart + length - 1]) is not { } prefixed) continue;
                foreach (var term in prefixed) TryMatch(text, i, term, matches);
            }
            if (suffixes is not null)
            {
                suffixes.Clear();
                _suffix.Collect(key, suffixes);
                foreach (var term in suffixes) TryMatch(text, i, term, matches);
            }
            foreach (var term in _infix) TryMatch(text, i, term, matches);
            FindVariants(text, i, matches);
        }
    }

    /// <summary>
    /// Whether any reading of the word can start a term: its first letter starts one, or the word
    /// is read another way from its first letter on (marks taken out, spelled out, an l for an I).
    /// </summary>
    private bool MayStartTerm(NormalizedText text, in Token token)
    {
        if (_startLetters is null || (token.Flags & (TokenFlags.Marks | TokenFlags.SpelledOut)) != 0) return true;
        var first = text.Collapsed[token.CollapsedStart];
        if (first >= 128) return _startsBeyondAscii;
        return _startLetters[first] || first == 'l' && _startLetters['i'];
    }

    private static void TryMatch(NormalizedText text, int first, Term term, List<TermMatch> matches)
    {
        var tokens = text.Tokens;
        var words = term.Words;
        if (first + words.Length > tokens.Length) return;
        for (var k = 0; k < words.Length; k++)
        {
            var word = text.Word(tokens[first + k]);
            var anyStart = k == 0 && term.Leading;
            var anyEnd = k == words.Length - 1 && term.Trailing;
            if (!WordMatches(word, words[k], anyStart, anyEnd)) return;
        }
        matches.Add(new TermMatch(tokens[first].OriginalStart, tokens[first + words.Length - 1].OriginalEnd, term.Written));
    }

    private static bool WordMatches(ReadOnlySpan<char> word, ReadOnlySpan<char> term, bool anyStart, bool anyEnd)
    {
        if (!anyStart) return CoversAt(word, 0, term, out var end) && (anyEnd || end == word.Length);
        for (var s = 0; s < word.Length; s++)
        {
            if (s > 0 && word[s] == word[s - 1]) continue;
            if (CoversAt(word, s, term, out var end) && (anyEnd || end == word.Length)) return true;
        }
        return false;
    }

    /// <summary>
    /// The term's letter runs, one by one, against the word's from <paramref name="start"/>:
    /// same letters, and each of the word's runs at least as long as the term's.
    /// </summary>
    private static bool CoversAt(ReadOnlySpan<char> word, int start, ReadOnlySpan<char> term, out int end)
    {
        var i = start;
        var j = 0;
        end = start;
        while (j < term.Length)
        {
            if (i >= word.Length || word[i] != term[j]) return false;
            var c = term[j];
            var termRun = 0;
            while (j < term.Length && term[j] == c) { j++; termRun++; }
            var wordRun = 0;
            while (i < word.Length && word[i] == c) { i++; wordRun++; }
            if (wordRun < termRun) return false;
        }
        end = i;
        return true;
    }

    /// <summary>
    /// Every place any term starts in the text's collapsed stream, found by one multi-string search
    /// (built when the list is compiled) rather than one scan per term; the terms starting with
    /// the letter found there are then checked run by run.
    /// </summary>
    private void FindSubstrings(NormalizedText text, List<TermMatch> matches)
    {
        if (_substringSearch is null || text.Tokens.Length == 0) return;
        var stream = text.CollapsedStream;
        var from = 0;
        while (from < stream.Length)
        {
            var found = stream[from..].IndexOfAny(_substringSearch);
            if (found < 0) break;
            var at = from + found;
            foreach (var term in _substringsByFirst[stream[at]])
            {
                if (stream[at..].StartsWith(term.Collapsed, StringComparison.Ordinal) && Covers(text, at, term, out var start, out var end))
                {
                    matches.Add(new TermMatch(start, end, term.Written));
                }
            }
            from = at + 1;
        }
    }

    /// <summary>Each of the text's letter runs under the term at least as long as the term's; and the original span they cover.</summary>
    private static bool Covers(NormalizedText text, int at, SubstringTerm term, out int start, out int end)
    {
        start = end = 0;
        var token = text.TokenAtStream(at);
        var offset = at - (text.Tokens[token].CollapsedStart + token);
        for (var k = 0; k < term.Collapsed.Length; k++)
        {
            if (term.Collapsed[k] == ' ')
            {
                token++;
                offset = 0;
                continue;
            }
            var run = text.RunAt(token, offset++);
            if (run.Length < term.Runs[k]) return false;
            if (k == 0) start = run.OriginalStart;
            end = run.OriginalEnd;
        }
        return true;
    }

    private static string Collapse(string word)
    {
        Span<char> buffer = word.Length <= 256 ? stackalloc char[word.Length] : new char[word.Length];
        var n = 0;
        for (var i = 0; i < word.Length; i++)
        {
            if (i == 0 || word[i] != word[i - 1]) buffer[n++] = word[i];
        }
        return new string(buffer[..n]);
    }

    private static void Add(Dictionary<string, List<Term>> index, string key, Term term)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(term);
    }

    /// <param name="Phrase">The joined form of a phrase (<see cref="Words"/> holds one word, the phrase's words written together).</param>
    private sealed record Term(string Written, string[] Words, bool Leading, bool Trailing, bool Phrase = false);

    private sealed record SubstringTerm(string Written, string Collapsed, int[] Runs)
    {
        public static SubstringTerm Create(string written, string[] words)
        {
            var joined = string.Join(' ', words);
            var collapsed = new List<char>();
            var runs = new List<int>();
            foreach (var c in joined)
            {
                if (collapsed.Count > 0 && collapsed[^1] == c && c != ' ') { runs[^1]++; continue; }
                collapsed.Add(c);
                runs.Add(1);
            }
            return new SubstringTerm(written, new string(collapsed.ToArray()), runs.ToArray());
        }
    }
}
