namespace CommentModeration.Core.Rules;

/// <summary>A run of original text a rule matched: offsets in the original field's UTF-16 text.</summary>
public sealed record MatchSpan(int Start, int Length, string Text);

/// <summary>One rule (or built-in check) that fired, with what it matched and where.</summary>
public sealed record RuleHit
{
    /// <summary>A stable key: the rule's id, or "builtin:…" for a discussion check.</summary>
    public required string RuleKey { get; init; }
    public required string Rule { get; init; }
    public int RuleRevision { get; init; }
    public required VerdictAction Action { get; init; }
    public string Reason { get; init; } = "";
    public bool IsBuiltIn { get; init; }

    /// <summary>body, authorName, authorEmail, authorUrl, ip, userAgent; null when the rule looks at no text.</summary>
    public string? Field { get; init; }
    public IReadOnlyList<MatchSpan> Spans { get; init; } = [];

    /// <summary>A soft built-in hold that an approve rule overrode: kept to explain, not deciding.</summary>
    public bool Overridden { get; init; }
}

/// <summary>The decision for one comment and every hit that led to it.</summary>
public sealed record Verdict
{
    public required VerdictAction Action { get; init; }
    public IReadOnlyList<RuleHit> Hits { get; init; } = [];

    /// <summary>For Reject: the message shown to the author.</summary>
    public string? RefusalReason { get; init; }

    /// <summary>For Reject: true when the refusal is a flood (answered with 429).</summary>
    public bool IsFlood { get; init; }

    /// <summary>For Censor: the body with the matched words masked.</summary>
    public string? CensoredBody { get; init; }

    /// <summary>The rule set revision that decided.</summary>
    public int RuleSetRevision { get; init; }

    /// <summary>The comment goes live now (publish, approve, censor, flag); otherwise it is held, spam or refused.</summary>
    public bool Publishes => Action <= VerdictAction.Flag;

    /// <summary>The hit whose reason explains the decision: the first hit of the deciding action.</summary>
    public RuleHit? DecidingHit => Hits.FirstOrDefault(h => h.Action == Action && !h.Overridden);
}
