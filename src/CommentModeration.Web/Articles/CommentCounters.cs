using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Entities;

namespace CommentModeration.Web.Articles;

/// <summary>What the counters care about in a comment's state.</summary>
public readonly record struct CountedState(CommentStatus Status, bool NeedsReview = false, bool HiddenByReports = false, int OpenReportCount = 0, bool IsThreadRoot = false)
{
    public static CountedState Of(Comment comment) => new(comment.Status, comment.NeedsReview, comment.HiddenByReports, comment.OpenReportCount, comment.ParentId is null);

    public bool IsPublished => Status == CommentStatus.Approved && !HiddenByReports;

    public bool IsPublishedThread => IsPublished && IsThreadRoot;
}

/// <summary>
/// The one place that keeps maintained counts in step with a comment's state: the queue sizes
/// (QueueCounter rows), the article's published comment and thread counts and the author's outcome counts.
/// Call it inside the same transaction as the change; it writes through the context's connection,
/// all its statements in one command.
/// </summary>
public static class CommentCounters
{
    public const string Pending = "Pending";
    public const string Spam = "Spam";
    public const string Approved = "Approved";
    public const string Rejected = "Rejected";
    public const string Flagged = "Flagged";
    public const string Reported = "Reported";

    public static readonly IReadOnlyList<string> QueueNames = [Pending, Reported, Flagged, Spam, Rejected, Approved];

    /// <summary>Applies the move of one comment from <paramref name="from"/> to <paramref name="to"/> (null: not stored).</summary>
    public static Task ApplyAsync(AppDbContext db, long articleId, string authorKey, CountedState? from, CountedState? to, CancellationToken ct = default) =>
        Append(new SqlBatch(), articleId, authorKey, from, to).ExecuteAsync(db, ct);

    /// <summary>Adds the statements of <see cref="ApplyAsync"/> to a batch, to run with other writes in one round trip.</summary>
    public static SqlBatch Append(SqlBatch batch, long articleId, string authorKey, CountedState? from, CountedState? to)
    {
        foreach (var queue in QueueNames)
        {
            var delta = (to is { } t && InQueue(queue, t) ? 1 : 0) - (from is { } f && InQueue(queue, f) ? 1 : 0);
            if (delta != 0)
            {
                batch.Add($"INSERT INTO \"QueueCounters\" (\"Name\", \"Value\") VALUES ({queue}, {delta}) ON CONFLICT (\"Name\") DO UPDATE SET \"Value\" = \"QueueCounters\".\"Value\" + {delta}");
            }
        }

        var published = (to?.IsPublished == true ? 1 : 0) - (from?.IsPublished == true ? 1 : 0);
        var threads = (to?.IsPublishedThread == true ? 1 : 0) - (from?.IsPublishedThread == true ? 1 : 0);
        if (published != 0)
        {
            batch.Add($"UPDATE \"Articles\" SET \"ApprovedCommentCount\" = \"ApprovedCommentCount\" + {published}, \"PublishedThreadCount\" = \"PublishedThreadCount\" + {threads} WHERE \"Id\" = {articleId}");
        }

        var approved = StatusDelta(CommentStatus.Approved, from, to);
        var rejected = StatusDelta(CommentStatus.Rejected, from, to);
        var spam = StatusDelta(CommentStatus.Spam, from, to);
        if ((approved | rejected | spam) != 0 && authorKey.Length > 0)
        {
            batch.Add($"UPDATE \"AuthorStandings\" SET \"ApprovedCount\" = \"ApprovedCount\" + {approved}, \"RejectedCount\" = \"RejectedCount\" + {rejected}, \"SpamCount\" = \"SpamCount\" + {spam} WHERE \"AuthorKey\" = {authorKey}");
        }
        return batch;
    }

    public static bool InQueue(string queue, CountedState state) => queue switch
    {
        Pending => state.Status == CommentStatus.Pending,
        Spam => state.Status == CommentStatus.Spam,
        Rejected => state.Status == CommentStatus.Rejected,
        Approved => state.Status == CommentStatus.Approved,
        Flagged => state.Status == CommentStatus.Approved && state.NeedsReview,
        Reported => state.Status == CommentStatus.Approved && state.OpenReportCount > 0,
        _ => false,
    };

    private static int StatusDelta(CommentStatus status, CountedState? from, CountedState? to) =>
        (to?.Status == status ? 1 : 0) - (from?.Status == status ? 1 : 0);
}
