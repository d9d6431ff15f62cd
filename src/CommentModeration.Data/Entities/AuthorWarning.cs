namespace CommentModeration.Data.Entities;

/// <summary>A message a moderator sent an author about their comments: kept on the author card, mailed where the author gave an email.</summary>
public sealed class AuthorWarning
{
    public long Id { get; set; }
    public string AuthorKey { get; set; } = "";
    public string Text { get; set; } = "";
    public string CreatedByUserId { get; set; } = "";
    public string CreatedByName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether it was queued to the author's email; false when the author gave none.</summary>
    public bool Mailed { get; set; }
}
