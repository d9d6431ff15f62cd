using System.Diagnostics;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Predicates;
using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Rules.Evaluation;

/// <summary>A match a predicate found in one text field, in the original text's coordinates.</summary>
internal readonly record struct FieldMatch(TextField Field, int Start, int End);

/// <summary>
/// A regex that ran out of time on a field: the rule could not decide there. <paramref name="OutOfBudget"/>:
/// the comment's patterns had used up their time together before this one could finish.
/// </summary>
internal readonly record struct RegexTimeout(TextField Field, string Pattern, bool OutOfBudget = false);

/// <summary>
/// One evaluation's scratch space: each field is normalized (and its links scanned) at most
/// once, however many rules look at it; predicates put the spans they match in <see cref="Matches"/>.
/// Its patterns share one time budget (<see cref="RegexTimeLeft"/>).
/// </summary>
internal sealed class EvaluationContext(CommentCandidate candidate, LiteralScanner literals, TimeSpan regexBudget)
{
    private long _regexTicksLeft = (long)(regexBudget.TotalSeconds * Stopwatch.Frequency);
    private readonly NormalizedText?[] _normalized = new NormalizedText?[6];
    private readonly bool[]?[] _literals = new bool[]?[6];
    private readonly bool?[] _digits = new bool?[6];
    private Link[]? _bodyLinks;
    private Link[]? _websiteLinks;
    private TextShape? _bodyShape;

    public CommentCandidate Candidate { get; } = candidate;

    public List<FieldMatch> Matches { get; } = [];

    /// <summary>Patterns of the rule being tested that timed out; the engine turns them into a hit for review.</summary>
    public List<RegexTimeout> Timeouts { get; } = [];

    /// <summary>For a split rule tested under the write gate: what its early parts gave.</summary>
    public TestedPart[] TestedParts { get; set; } = [];

    /// <summary>Whether the comment's patterns have time left to run.</summary>
    public bool RegexTimeLeft => _regexTicksLeft > 0;

    /// <summary>Counts a pattern's run, started at <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp), against the budget.</summary>
    public void SpendRegexTime(long startedAt) => _regexTicksLeft -= Stopwatch.GetTimestamp() - startedAt;

    /// <summary>Reused by word predicates to collect term matches.</summary>
    public List<TermMatch> TermMatches { get; } = [];

    public string Text(TextField field) => field switch
    {
        TextField.Body => Candidate.Body ?? "",
        TextField.AuthorName => Candidate.AuthorName ?? "",
        TextField.AuthorEmail => Candidate.AuthorEmail ?? "",
        TextField.AuthorUrl => Candidate.AuthorUrl ?? "",
        TextField.Ip => Candidate.Ip ?? "",
        TextField.UserAgent => Candidate.UserAgent ?? "",
        _ => "",
    };

    public NormalizedText Normalized(TextField field) =>
        _normalized[(int)field] ??= TextNormalizer.Normalize(Text(field), symbolStandIns: field != TextField.AuthorEmail, pooled: true);

    /// <summary>Gives the normalized texts' buffers back; called once the verdict holds copies of every span.</summary>
    public void Release()
    {
        foreach (var text in _normalized) text?.Return();
        Array.Clear(_normalized);
    }

    /// <summary>Whether the field contains the regex rules' required literal number <paramref name="index"/>.</summary>
    public bool HasLiteral(TextField field, int index) => (_literals[(int)field] ??= literals.Scan(Text(field)))[index];

    /// <summary>Whether the field has a character a regex's \d matches (any Unicode decimal digit).</summary>
    public bool HasDigit(TextField field) => _digits[(int)field] ??= ContainsDigit(Text(field));

    private static bool ContainsDigit(string text)
    {
        var span = text.AsSpan();
        if (span.IndexOfAnyInRange('0', '9') >= 0) return true;
        if (!span.ContainsAnyExceptInRange('\0', '\u007F')) return false;
        foreach (var c in span)
        {
            if (char.IsDigit(c)) return true;
        }
        return false;
    }

    /// <summary>The body's letters, capitals and longest repeat, counted once for every shape rule.</summary>
    public TextShape BodyShape => _bodyShape ??= TextShape.Of(Text(TextField.Body));

    public Link[] BodyLinks => _bodyLinks ??= LinkScanner.Scan(Text(TextField.Body));

    public Link[] WebsiteLinks => _websiteLinks ??= LinkScanner.ScanAddress(Text(TextField.AuthorUrl));
}
