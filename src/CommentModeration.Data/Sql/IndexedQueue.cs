namespace CommentModeration.Data.Sql;

/// <summary>The small queues inside Approved that are read through a partial index of their own.</summary>
public enum IndexedQueue
{
    /// <summary>No partial index: the queue's LINQ filter picks the index.</summary>
    None,
    Flagged,
    Reported,
}
