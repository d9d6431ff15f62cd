namespace CommentModeration.Data.Entities;

/// <summary>An address that asked, through the link in a reply mail, to get no more mails about replies to its comments.</summary>
public sealed class ReplyMailOptOut
{
    /// <summary>Lower-cased.</summary>
    public string Email { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
