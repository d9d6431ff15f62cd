namespace CommentModeration.Core.Rules.Text;

/// <summary>
/// Values by word, in an open-addressed table probed with the <see cref="WordHash"/> the
/// normalizer already computed for each word: a word no term starts with (most words of most
/// comments) costs one array read.
/// </summary>
internal sealed class TermTable<T>
{
    private readonly int[] _slots;      // entry number + 1; 0 is an empty slot
    private readonly uint[] _slotHashes;
    private readonly string[] _keys;
    private readonly T[][] _values;
    private readonly int _shift;

    public TermTable(IReadOnlyDictionary<string, List<T>> entries)
    {
        Count = entries.Count;
        // At most half full, so a miss usually stops at the first slot.
        var bits = Math.Max(1, 32 - int.LeadingZeroCount(Math.Max(1, entries.Count * 2 - 1)));
        _shift = 32 - bits;
        _slots = new int[1 << bits];
        _slotHashes = new uint[1 << bits];
        _keys = new string[entries.Count];
        _values = new T[entries.Count][];
        var entry = 0;
        foreach (var (key, values) in entries)
        {
            var hash = WordHash.Of(key);
            var slot = SlotOf(hash);
            while (_slots[slot] != 0) slot = (slot + 1) & (_slots.Length - 1);
            _slots[slot] = entry + 1;
            _slotHashes[slot] = hash;
            _keys[entry] = key;
            _values[entry] = values.ToArray();
            entry++;
        }
    }

    public int Count { get; }

    /// <summary>The values stored under <paramref name="key"/>, whose <see cref="WordHash"/> is <paramref name="hash"/>; null when none.</summary>
    public T[]? Find(ReadOnlySpan<char> key, uint hash)
    {
        var mask = _slots.Length - 1;
        for (var slot = SlotOf(hash); ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot];
            if (entry == 0) return null;
            if (_slotHashes[slot] == hash && key.SequenceEqual(_keys[entry - 1])) return _values[entry - 1];
        }
    }

    // Fibonacci hashing spreads FNV's low-entropy top bits over the table.
    private int SlotOf(uint hash) => (int)((hash * 2654435769u) >> _shift);
}
