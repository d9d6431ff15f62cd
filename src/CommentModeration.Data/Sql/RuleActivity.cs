namespace CommentModeration.Data.Sql;

/// <summary>How often a rule fired, by the name its verdicts recorded.</summary>
public sealed record RuleActivity(string Rule, int Hits);
