namespace CommentModeration.Data.Entities;

public enum AppealOutcome
{
    /// <summary>The decision stands.</summary>
    Upheld = 0,

    /// <summary>The decision is undone: the comment is published again.</summary>
    Reversed = 1,
}

/// <summary>
/// An author's appeal against a removal or restriction of their comment (EU Digital Services Act, Art. 20):
/// one per decision (<see cref="DecisionEventId"/>, the audit row of the decision), decided by someone
/// other than <see cref="FirstDeciderUserId"/>.
/// </summary>
public sealed class Appeal
{
    public const int MaxTextLength = 2000;

    public long Id { get; set; }
    public long CommentId { get; set; }

    /// <summary>The audit row of the decision appealed against.</summary>
    public long DecisionEventId { get; set; }

    /// <summary>The staff member who decided; null when the rule engine or readers' reports did.</summary>
    public string? FirstDeciderUserId { get; set; }

    /// <summary>The author's reasons.</summary>
    public string Text { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public AppealOutcome? Outcome { get; set; }
    public string? DecidedByUserId { get; set; }
    public string? DecidedByName { get; set; }
    public string? DecisionReason { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}
