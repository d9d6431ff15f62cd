namespace CommentModeration.Core.Rules;

/// <summary>
/// What the rule engine's verdict does with a comment, and what each rule asks for. The numeric
/// value is the severity: the most severe hit decides. Publish means no rule fired. (What a
/// moderator does is <c>ModeratorDecisions</c> in the Web project.)
/// </summary>
public enum VerdictAction
{
    Publish = 0,
    Approve = 1,
    Censor = 2,
    Flag = 3,
    Hold = 4,
    Spam = 5,
    Reject = 6,
}
