namespace CommentModeration.Core.Rules;

/// <summary>
/// What a verdict does with a comment. The numeric value is the severity: the most severe
/// hit decides. Publish means no rule fired.
/// </summary>
public enum ModerationAction
{
    Publish = 0,
    Approve = 1,
    Censor = 2,
    Flag = 3,
    Hold = 4,
    Spam = 5,
    Reject = 6,
}
