namespace CommentModeration.Core.Rules.Text;

/// <summary>
/// What a regex pattern's text says about how it will run, read without building it:
/// whether it could backtrack badly (a quantified group holding a quantifier or an alternation,
/// like <c>(a+)+$</c>, or two unbounded quantifiers), and a literal every match must contain
/// (so the pattern need not run on a text without it). A bounded repeat that may stop at more
/// than <see cref="LargeRepeat"/> places counts as unbounded: <c>.{0,30000}.{0,30000}#</c>
/// backtracks as <c>.*.*#</c> does. <see cref="HasLargeRepeat"/> says one is there.
/// </summary>
internal sealed record RegexShape(bool CouldBacktrackBadly, string? RequiredLiteral, bool RequiresDigit = false, bool HasLargeRepeat = false)
{
    private const int MinimumLiteral = 3;

    /// <summary>
    /// Two adjacent repeats of up to n try up to n² splits at every start: at 100 that is 10,000
    /// per character, past the match timeout on a long comment. Below it stay the everyday shapes
    /// (<c>[a-z]{2,6}</c>, <c>\w{1,30}</c>) that backtrack little on ordinary text; the comment's
    /// regex time budget bounds what they can cost.
    /// </summary>
    public const int LargeRepeat = 100;

    public static RegexShape Read(string pattern)
    {
        var risky = false;
        var requiresDigit = false;
        var unbounded = 0;
        var topLevelAlternation = false;
        var extendedSyntax = pattern.Contains("(?", StringComparison.Ordinal) && HasInlineX(pattern);
        var groups = new Stack<(bool Quantifier, bool Alternation)>();
        var current = (Quantifier: false, Alternation: false);
        var run = new System.Text.StringBuilder();
        string? best = null;

        // The longest ASCII piece of a top-level run: ASCII compares case-insensitively the same
        // way for the prefilter as for the regex engine.
        void EndRun()
        {
            if (groups.Count == 0)
            {
                var text = run.ToString();
                var start = 0;
                for (var k = 0; k <= text.Length; k++)
                {
                    if (k < text.Length && text[k] <= 127) continue;
                    if (k - start > (best?.Length ?? 0)) best = text[start..k];
                    start = k + 1;
                }
            }
            run.Clear();
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= pattern.Length) break;
                    var escaped = pattern[i + 1];
                    if (char.IsAsciiLetterOrDigit(escaped))
                    {
                        // \d \w \s \b \p{..} \k<..> \1 …: not a literal character.
                        EndRun();
                        i++;
                        if (escaped is 'p' or 'P' or 'k' && i + 1 < pattern.Length && pattern[i + 1] is '{' or '<' or '\'')
                        {
                            var close = pattern.IndexOfAny(['}', '>', '\''], i + 2);
                            i = close < 0 ? pattern.Length : close;
                        }
                        var digitAt = i;
                        i = Quantified(pattern, i, ref current, ref unbounded, single: true, run: null);
                        // A top-level \d that is not optional: every match holds a digit.
                        if (escaped == 'd' && groups.Count == 0 && !OptionalAfter(pattern, digitAt)) requiresDigit = true;
                    }
                    else
                    {
                        i++;
                        AppendLiteral(pattern, ref i, escaped, run, groups.Count, ref current, ref unbounded, EndRun);
                    }
                    break;
                case '[':
                    EndRun();
                    i = ClassEnd(pattern, i);
                    i = Quantified(pattern, i, ref current, ref unbounded, single: true, run: null);
                    break;
                case '(':
                    EndRun();
                    groups.Push(current);
                    current = (false, false);
                    break;
                case ')':
                    EndRun();
                    var inner = current;
                    current = groups.Count > 0 ? groups.Pop() : (false, false);
                    var before = unbounded;
                    var quantifierEnd = Quantified(pattern, i, ref current, ref unbounded, single: false, run: null, out var repeats);
                    if (repeats && (inner.Quantifier || inner.Alternation)) risky = true;
                    if (inner.Quantifier || repeats || unbounded > before) current.Quantifier = true;
                    i = quantifierEnd;
                    break;
                case '|':
                    EndRun();
                    current.Alternation = true;
                    if (groups.Count == 0) topLevelAlternation = true;
                    break;
                case '.':
                case '^':
                case '$':
                    EndRun();
                    if (c == '.') i = Quantified(pattern, i, ref current, ref unbounded, single: true, run: null);
                    break;
                default:
                    if (extendedSyntax && (char.IsWhiteSpace(c) || c == '#')) { EndRun(); break; }
                    AppendLiteral(pattern, ref i, c, run, groups.Count, ref current, ref unbounded, EndRun);
                    break;
            }
        }
        EndRun();
        if (unbounded >= 2) risky = true;
        var literal = topLevelAlternation || best is null || best.Length < MinimumLiteral ? null : best;
        return new RegexShape(risky, literal, requiresDigit && !topLevelAlternation, HasLarge(pattern));
    }

    private static void AppendLiteral(string pattern, ref int i, char literal, System.Text.StringBuilder run, int depth,
        ref (bool Quantifier, bool Alternation) current, ref int unbounded, Action endRun)
    {
        var next = i + 1 < pattern.Length ? pattern[i + 1] : '\0';
        if (next is '?' or '*' or '{' && (next != '{' || IsQuantifierBrace(pattern, i + 1)))
        {
            var optional = next is '?' or '*' || pattern.AsSpan(i + 1).StartsWith("{0", StringComparison.Ordinal);
            if (!optional && depth == 0) run.Append(literal);
            endRun();
            i = Quantified(pattern, i, ref current, ref unbounded, single: true, run: null);
            return;
        }
        if (next == '+')
        {
            if (depth == 0) run.Append(literal);
            endRun();
            i = Quantified(pattern, i, ref current, ref unbounded, single: true, run: null);
            return;
        }
        if (depth == 0) run.Append(literal);
    }

    private static int Quantified(string pattern, int at, ref (bool Quantifier, bool Alternation) current, ref int unbounded, bool single, System.Text.StringBuilder? run) =>
        Quantified(pattern, at, ref current, ref unbounded, single, run, out _);

    /// <summary>Reads a quantifier after position <paramref name="at"/>; returns the position of its last character (or <paramref name="at"/>).</summary>
    private static int Quantified(string pattern, int at, ref (bool Quantifier, bool Alternation) current, ref int unbounded, bool single, System.Text.StringBuilder? run, out bool repeats)
    {
        repeats = false;
        var i = at + 1;
        if (i >= pattern.Length) return at;
        var isUnbounded = false;
        switch (pattern[i])
        {
            case '*':
            case '+':
                isUnbounded = true;
                repeats = true;
                break;
            case '?':
                break;
            case '{' when IsQuantifierBrace(pattern, i):
                var close = pattern.IndexOf('}', i);
                var body = pattern.AsSpan(i + 1, close - i - 1);
                var comma = body.IndexOf(',');
                if (comma < 0) repeats = int.TryParse(body, out var exactly) && exactly > 1;
                else if (comma == body.Length - 1) { isUnbounded = true; repeats = true; }
                else
                {
                    repeats = int.TryParse(body[(comma + 1)..], out var max) && max > 1;
                    if (repeats && IsLarge(body)) isUnbounded = true;
                }
                i = close;
                break;
            default:
                return at;
        }
        if (isUnbounded) unbounded++;
        if (repeats && single) current.Quantifier = true;
        if (i + 1 < pattern.Length && pattern[i + 1] is '?' or '+') i++;
        return i;
    }

    /// <summary>The body of a bounded repeat, "m,n", that may stop at more than <see cref="LargeRepeat"/> places.</summary>
    private static bool IsLarge(ReadOnlySpan<char> body)
    {
        var comma = body.IndexOf(',');
        return comma >= 0 && int.TryParse(body[(comma + 1)..], out var max) && max - (int.TryParse(body[..comma], out var min) ? min : 0) > LargeRepeat;
    }

    private static bool HasLarge(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\') i++;
            else if (pattern[i] == '{' && IsQuantifierBrace(pattern, i) && IsLarge(pattern.AsSpan(i + 1, pattern.IndexOf('}', i) - i - 1))) return true;
        }
        return false;
    }

    private static bool OptionalAfter(string pattern, int at) =>
        at + 1 < pattern.Length && (pattern[at + 1] is '?' or '*' || pattern.AsSpan(at + 1).StartsWith("{0", StringComparison.Ordinal));

    private static bool IsQuantifierBrace(string pattern, int i)
    {
        var close = pattern.IndexOf('}', i);
        if (close < 0) return false;
        foreach (var c in pattern.AsSpan(i + 1, close - i - 1))
        {
            if (!char.IsAsciiDigit(c) && c != ',') return false;
        }
        return close > i + 1;
    }

    private static int ClassEnd(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^') i++;
        if (i < pattern.Length && pattern[i] == ']') i++;
        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\') { i++; continue; }
            if (pattern[i] == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':') { var end = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal); if (end > 0) { i = end + 1; continue; } }
            if (pattern[i] == ']') return i;
        }
        return pattern.Length;
    }

    private static bool HasInlineX(string pattern)
    {
        for (var i = pattern.IndexOf("(?", StringComparison.Ordinal); i >= 0; i = pattern.IndexOf("(?", i + 2, StringComparison.Ordinal))
        {
            for (var j = i + 2; j < pattern.Length && (char.IsAsciiLetter(pattern[j]) || pattern[j] == '-'); j++)
            {
                if (pattern[j] == 'x') return true;
            }
        }
        return false;
    }
}
