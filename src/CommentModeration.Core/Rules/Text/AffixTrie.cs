namespace CommentModeration.Core.Rules.Text;

/// <summary>
/// Wildcard terms by their collapsed first word, read from the word's start (prefix terms,
/// <c>scum*</c>) or from its end (suffix terms, <c>*hole</c>): one walk down the word finds
/// every term whose key the word starts (or ends) with, however many lengths the keys have.
/// </summary>
internal sealed class AffixTrie<T>
{
    private readonly Node _root = new();
    private readonly bool _fromEnd;

    public AffixTrie(bool fromEnd) => _fromEnd = fromEnd;

    public bool IsEmpty { get; private set; } = true;

    public void Add(string key, T value)
    {
        var node = _root;
        for (var i = 0; i < key.Length; i++)
        {
            var c = _fromEnd ? key[key.Length - 1 - i] : key[i];
            node.Children ??= [];
            if (!node.Children.TryGetValue(c, out var child)) node.Children[c] = child = new Node();
            node = child;
        }
        (node.Values ??= []).Add(value);
        IsEmpty = false;
    }

    /// <summary>Every value whose key is a prefix (or, from the end, a suffix) of <paramref name="word"/>.</summary>
    public void Collect(ReadOnlySpan<char> word, List<T> found)
    {
        var node = _root;
        for (var i = 0; i < word.Length; i++)
        {
            var c = _fromEnd ? word[word.Length - 1 - i] : word[i];
            if (node.Children is null || !node.Children.TryGetValue(c, out node!)) return;
            if (node.Values is not null) found.AddRange(node.Values);
        }
    }

    private sealed class Node
    {
        public Dictionary<char, Node>? Children;
        public List<T>? Values;
    }
}
