namespace CommentModeration.Core.Rules.Text;

/// <summary>One word of a normalized text, and where it stood in the original.</summary>
internal readonly record struct Token(int Start, int Length, int CollapsedStart, int CollapsedLength, int OriginalStart, int OriginalEnd,
    TokenFlags Flags = TokenFlags.None);

[Flags]
internal enum TokenFlags : byte
{
    None = 0,

    /// <summary>The word holds marks ('*', '`', '#', '%'): emphasis or code to take out, or a masked letter.</summary>
    Marks = 1,

    /// <summary>The word was spelled out, one letter at a time ("i d i o t").</summary>
    SpelledOut = 2,

    /// <summary>The next word follows after a hyphen, an underscore or an emoji alone ("dick-head", "bas⭐tard"): the two may be read as one.</summary>
    JoinedToNext = 4,
}

/// <summary>
/// A field's text as the word matcher sees it: words folded (case, width, diacritics,
/// look-alikes, stand-ins), zero-width characters dropped, letters spelled out with single
/// separators joined, and each word also with its repeated letters collapsed ("idiooot" →
/// "idiot") for lookups. Every word keeps its span in the original text.
/// </summary>
internal sealed class NormalizedText
{
    public static readonly NormalizedText Empty = new("", [], [], [], [], [], [], 0, pooled: false);

    private readonly Token[] _tokens;
    private readonly int _tokenCount;
    private bool _pooled;
    private char[]? _stream;
    private int _streamLength;

    public NormalizedText(string original, char[] chars, int[] charStart, int[] charEnd, char[] collapsed, uint[] collapsedHashes,
        Token[] tokens, int tokenCount, bool pooled)
    {
        _pooled = pooled;
        Original = original;
        Chars = chars;
        CharStart = charStart;
        CharEnd = charEnd;
        Collapsed = collapsed;
        CollapsedHashes = collapsedHashes;
        _tokens = tokens;
        _tokenCount = tokenCount;
    }

    /// <summary>Where each of <see cref="Chars"/> starts and ends in the original text.</summary>
    public int[] CharStart { get; }
    public int[] CharEnd { get; }

    public string Original { get; }

    /// <summary>The folded letters of every word, one after another (a rented buffer may be longer: use the tokens' offsets).</summary>
    public char[] Chars { get; }

    /// <summary>The same words with runs of one letter written once.</summary>
    public char[] Collapsed { get; }

    /// <summary>
    /// For each letter of <see cref="Collapsed"/>, the <see cref="WordHash"/> of its word up to and
    /// including it: a word list looks up a whole word, or any of its prefixes, without hashing again.
    /// </summary>
    public uint[] CollapsedHashes { get; }

    public ReadOnlySpan<Token> Tokens => _tokens.AsSpan(0, _tokenCount);

    /// <summary>Gives rented buffers back to the pool; the text must not be used afterwards.</summary>
    public void Return()
    {
        if (!_pooled) return;
        _pooled = false;
        System.Buffers.ArrayPool<char>.Shared.Return(Chars);
        System.Buffers.ArrayPool<int>.Shared.Return(CharStart);
        System.Buffers.ArrayPool<int>.Shared.Return(CharEnd);
        System.Buffers.ArrayPool<char>.Shared.Return(Collapsed);
        System.Buffers.ArrayPool<uint>.Shared.Return(CollapsedHashes);
        System.Buffers.ArrayPool<Token>.Shared.Return(_tokens);
        if (_stream is not null) System.Buffers.ArrayPool<char>.Shared.Return(_stream);
        _stream = null;
    }

    /// <summary>
    /// The collapsed words joined by single spaces, where substring terms are looked for. Token
    /// <c>i</c>'s collapsed letter <c>k</c> stands at <c>CollapsedStart + i + k</c>.
    /// </summary>
    public ReadOnlySpan<char> CollapsedStream
    {
        get
        {
            if (_stream is null)
            {
                var tokens = Tokens;
                var length = tokens.IsEmpty ? 0 : tokens[^1].CollapsedStart + tokens[^1].CollapsedLength + tokens.Length - 1;
                _stream = _pooled ? System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(1, length)) : new char[length];
                _streamLength = length;
                for (var i = 0; i < tokens.Length; i++)
                {
                    var at = tokens[i].CollapsedStart + i;
                    CollapsedWord(tokens[i]).CopyTo(_stream.AsSpan(at));
                    if (i + 1 < tokens.Length) _stream[at + tokens[i].CollapsedLength] = ' ';
                }
            }
            return _stream.AsSpan(0, _streamLength);
        }
    }

    /// <summary>
    /// The run of one letter behind collapsed letter <paramref name="offset"/> of token
    /// <paramref name="tokenIndex"/>: how many times it was written, and where the run stands in the original.
    /// </summary>
    public (int Length, int OriginalStart, int OriginalEnd) RunAt(int tokenIndex, int offset)
    {
        var token = Tokens[tokenIndex];
        var start = token.Start;
        var end = token.Start + token.Length;
        for (var run = 0; ; run++)
        {
            var next = start + 1;
            while (next < end && Chars[next] == Chars[start]) next++;
            if (run == offset) return (next - start, CharStart[start], CharEnd[next - 1]);
            start = next;
        }
    }

    /// <summary>The token whose collapsed letters or following space stand at <paramref name="streamIndex"/> of <see cref="CollapsedStream"/>.</summary>
    public int TokenAtStream(int streamIndex)
    {
        var tokens = Tokens;
        int low = 0, high = tokens.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (tokens[middle].CollapsedStart + middle <= streamIndex) low = middle;
            else high = middle - 1;
        }
        return low;
    }

    /// <summary>The hash of the token's whole collapsed word.</summary>
    public uint CollapsedHash(in Token token) => CollapsedHashes[token.CollapsedStart + token.CollapsedLength - 1];

    public ReadOnlySpan<char> Word(in Token token) => Chars.AsSpan(token.Start, token.Length);

    public ReadOnlySpan<char> CollapsedWord(in Token token) => Collapsed.AsSpan(token.CollapsedStart, token.CollapsedLength);

    /// <summary>The words joined by single spaces: the text a term given as several words is looked for in.</summary>
    public string Joined()
    {
        var length = 0;
        foreach (var t in Tokens) length += t.Length + 1;
        return string.Create(Math.Max(0, length - 1), this, static (span, text) =>
        {
            var at = 0;
            foreach (var t in text.Tokens)
            {
                if (at > 0) span[at++] = ' ';
                text.Chars.AsSpan(t.Start, t.Length).CopyTo(span[at..]);
                at += t.Length;
            }
        });
    }
}
