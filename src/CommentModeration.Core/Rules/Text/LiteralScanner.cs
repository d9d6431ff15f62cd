using System.Buffers;

namespace CommentModeration.Core.Rules.Text;

/// <summary>
/// Finds which of the regex rules' required literals a text contains, in one vectorized pass
/// for all of them (case-insensitive), so a pattern whose literal is absent is not run at all.
/// </summary>
internal sealed class LiteralScanner
{
    public static readonly LiteralScanner None = new([]);

    // Characters .NET's case-insensitive regex treats as ASCII letters (Kelvin sign, long s) while
    // an ordinal comparison does not: a text holding one is scanned by every pattern.
    private static readonly SearchValues<char> CaseTraps = SearchValues.Create("\u212A\u017F\u0130\u0131");

    private readonly string[] _literals;
    private readonly SearchValues<string>? _values;
    private readonly Dictionary<char, int[]> _byFirst;

    public LiteralScanner(IReadOnlyList<string> literals)
    {
        _literals = literals.ToArray();
        _values = _literals.Length > 0 ? SearchValues.Create(_literals, StringComparison.OrdinalIgnoreCase) : null;
        _byFirst = _literals.Select((l, i) => (Key: char.ToUpperInvariant(l[0]), i))
            .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray());
    }

    public int Count => _literals.Length;

    /// <summary>For each literal, whether the text contains it.</summary>
    public bool[] Scan(string text)
    {
        var present = new bool[_literals.Length];
        if (_values is null) return present;
        var span = text.AsSpan();
        if (span.IndexOfAny(CaseTraps) >= 0)
        {
            Array.Fill(present, true);
            return present;
        }
        var offset = 0;
        while (offset < span.Length)
        {
            var found = span[offset..].IndexOfAny(_values);
            if (found < 0) break;
            var at = offset + found;
            if (_byFirst.TryGetValue(char.ToUpperInvariant(span[at]), out var candidates))
            {
                foreach (var index in candidates)
                {
                    if (span[at..].StartsWith(_literals[index], StringComparison.OrdinalIgnoreCase)) present[index] = true;
                }
            }
            offset = at + 1;
        }
        return present;
    }
}
