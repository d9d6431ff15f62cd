namespace CommentModeration.Core.Rules.Text;

/// <summary>
/// The hash word lists are keyed by (FNV-1a over UTF-16 code units), built letter by letter so
/// the normalizer keeps the hash of every prefix of a word as it writes the word.
/// </summary>
internal static class WordHash
{
    public const uint Empty = 2166136261;

    public static uint Add(uint hash, char c) => (hash ^ c) * 16777619;

    public static uint Of(ReadOnlySpan<char> word)
    {
        var hash = Empty;
        foreach (var c in word) hash = Add(hash, c);
        return hash;
    }
}
