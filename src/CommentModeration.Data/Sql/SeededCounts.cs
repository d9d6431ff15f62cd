namespace CommentModeration.Data.Sql;

/// <summary>
/// What a batch of seeded comments adds to the maintained numbers, tallied by the seeder and
/// written by <see cref="SqlStatements.AddSeededCounts"/> in the comments' transaction.
/// </summary>
public sealed class SeededCounts
{
    /// <summary>Comments added to each queue counter, by queue name.</summary>
    public Dictionary<string, long> Queues { get; } = new();

    /// <summary>Published comments and published threads added, by article id.</summary>
    public Dictionary<long, (int Comments, int Threads)> PublishedByArticle { get; } = new();

    /// <summary>Each author's seeded comments, by author key.</summary>
    public Dictionary<string, Author> Authors { get; } = new();

    public void Clear()
    {
        Queues.Clear();
        PublishedByArticle.Clear();
        Authors.Clear();
    }

    public sealed class Author
    {
        public string? UserId;
        public string Email = "";
        public string Name = "";
        public int Approved, Rejected, Spam;
        public DateTimeOffset First = DateTimeOffset.MaxValue, Last = DateTimeOffset.MinValue;
    }
}
