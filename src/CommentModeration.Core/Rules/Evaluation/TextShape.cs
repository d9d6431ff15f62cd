using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CommentModeration.Core.Rules.Evaluation;

/// <summary>
/// What the shape rules (shouting, repeated characters) compare against their thresholds,
/// counted in one pass per comment however many rules ask. ASCII runs eight characters at a
/// time; other characters go through <see cref="char.IsLetter(char)"/> and <see cref="char.IsUpper(char)"/>.
/// </summary>
internal readonly record struct TextShape(int Letters, int Capitals, int LongestRepeat)
{
    public static TextShape Of(ReadOnlySpan<char> text)
    {
        var letters = CountLetters(text, out var capitals);
        return new TextShape(letters, capitals, LongestRepeatOutsideWhiteSpace(text));
    }

    private static int CountLetters(ReadOnlySpan<char> text, out int capitals)
    {
        var letters = 0;
        capitals = 0;
        var chars = MemoryMarshal.Cast<char, ushort>(text);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<ushort>.Count <= chars.Length; i += Vector128<ushort>.Count)
            {
                var block = Vector128.Create(chars.Slice(i, Vector128<ushort>.Count));
                if (Vector128.GreaterThanAny(block, Vector128.Create((ushort)0x7F)))
                {
                    CountScalar(text.Slice(i, Vector128<ushort>.Count), ref letters, ref capitals);
                    continue;
                }
                // Unsigned wrap-around: c - 'A' < 26 exactly for 'A'..'Z'.
                var upper = Vector128.LessThan(block - Vector128.Create((ushort)'A'), Vector128.Create((ushort)26));
                var lower = Vector128.LessThan(block - Vector128.Create((ushort)'a'), Vector128.Create((ushort)26));
                capitals += (int)uint.PopCount(upper.ExtractMostSignificantBits());
                letters += (int)uint.PopCount((upper | lower).ExtractMostSignificantBits());
            }
        }
        CountScalar(text[i..], ref letters, ref capitals);
        return letters;
    }

    private static void CountScalar(ReadOnlySpan<char> text, ref int letters, ref int capitals)
    {
        foreach (var c in text)
        {
            if (!char.IsLetter(c)) continue;
            letters++;
            if (char.IsUpper(c)) capitals++;
        }
    }

    /// <summary>The longest run of one character written again and again, white space not counted (0 for an empty text).</summary>
    private static int LongestRepeatOutsideWhiteSpace(ReadOnlySpan<char> text)
    {
        var longest = text.IsEmpty ? 0 : 1;
        var from = 0;
        while (true)
        {
            var start = IndexOfRepeat(text, from);
            if (start < 0) return longest;
            var end = start + 2;
            while (end < text.Length && text[end] == text[start]) end++;
            if (end - start > longest && !char.IsWhiteSpace(text[start])) longest = end - start;
            from = end;
        }
    }

    /// <summary>The first index at or after <paramref name="from"/> whose character the next one repeats, or -1.</summary>
    private static int IndexOfRepeat(ReadOnlySpan<char> text, int from)
    {
        var chars = MemoryMarshal.Cast<char, ushort>(text);
        var i = from;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<ushort>.Count < chars.Length; i += Vector128<ushort>.Count)
            {
                var here = Vector128.Create(chars.Slice(i, Vector128<ushort>.Count));
                var next = Vector128.Create(chars.Slice(i + 1, Vector128<ushort>.Count));
                var same = Vector128.Equals(here, next).ExtractMostSignificantBits();
                if (same != 0) return i + int.CreateTruncating(uint.TrailingZeroCount(same));
            }
        }
        for (; i + 1 < chars.Length; i++)
        {
            if (chars[i] == chars[i + 1]) return i;
        }
        return -1;
    }
}
