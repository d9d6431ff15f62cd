namespace CommentModeration.Core.Rules.Text;

/// <summary>
/// A set of <see cref="WordHash"/> values in one flat, at most quarter-full table: asking for a
/// hash it does not hold (what almost every word of a comment does) mostly reads one
/// slot. Two words with one hash are one member: callers confirm a hit against the real keys.
/// </summary>
internal sealed class WordHashSet
{
    private readonly uint[] _slots;
    private readonly int _shift;
    private readonly bool _hasZero;

    public WordHashSet(IReadOnlyCollection<uint> hashes)
    {
        var bits = Math.Max(4, 32 - int.LeadingZeroCount(Math.Max(1, hashes.Count * 4 - 1)));
        _shift = 32 - bits;
        _slots = new uint[1 << bits];
        IsEmpty = hashes.Count == 0;
        foreach (var hash in hashes)
        {
            // 0 marks an empty slot; a hash of 0 is kept aside.
            if (hash == 0) { _hasZero = true; continue; }
            var slot = SlotOf(hash);
            while (_slots[slot] != 0 && _slots[slot] != hash) slot = (slot + 1) & (_slots.Length - 1);
            _slots[slot] = hash;
        }
    }

    public bool IsEmpty { get; }

    public bool Contains(uint hash)
    {
        if (hash == 0) return _hasZero;
        var mask = _slots.Length - 1;
        for (var slot = SlotOf(hash); ; slot = (slot + 1) & mask)
        {
            var held = _slots[slot];
            if (held == hash) return true;
            if (held == 0) return false;
        }
    }

    // Fibonacci hashing, as in TermTable: FNV's top bits alone spread poorly.
    private int SlotOf(uint hash) => (int)((hash * 2654435769u) >> _shift);
}
