namespace CommentModeration.Data.Entities;

/// <summary>
/// One saved state of the whole rule set: the rules file (word lists, rules, built-in
/// thresholds) as JSON. Every save appends one; the newest is in force; verdicts name the
/// revision that made them; diff and revert work between revisions.
/// </summary>
public sealed class RuleSetRevision
{
    public int Id { get; set; }
    public string RulesJson { get; set; } = "";
    public string CreatedByUserId { get; set; } = "";
    public string CreatedByName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string Note { get; set; } = "";
}

/// <summary>How often a rule fired on a day, maintained at posting: the rules list shows the last 7 days.</summary>
public sealed class RuleHitDaily
{
    public required string RuleKey { get; set; }
    public DateOnly Day { get; set; }
    public int Count { get; set; }
}
