using CommentModeration.Data;
using System.Text.Json;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data.Comments;

/// <summary>What a post's last decision step must see of every comment stored before it.</summary>
/// <param name="CommentTimes">Times of the author's (user or email) and the address's comments over <see cref="CommentTransaction.RecentWindow"/>, newest first.</param>
/// <param name="IsDuplicate">The same article, parent, author and text is stored already.</param>
public sealed record RecentActivity(IReadOnlyList<DateTimeOffset> CommentTimes, bool IsDuplicate);

public sealed partial class CommentTransaction
{
    /// <summary>How far back a post's activity is looked at (flood control, copy-paste spam).</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(1);

    /// <summary>
    /// Places beyond the newest comments a verdict counts, for comments stored with a time after
    /// this post's (a slower post of the same moment, another server's clock), which the checks skip.
    /// </summary>
    private const int LaterCommentsAllowance = 4;

    internal static readonly JsonSerializerOptions HitsJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The activity around <paramref name="draft"/> (a comment not stored yet) that only the write
    /// gate shows completely: read it in the post's group, just before <see cref="RecordPostedAsync"/>.
    /// A post's statements block: they run on the posting writer's own thread (<see cref="PostingWrites"/>).
    /// <paramref name="newestNeeded"/>: how many of the newest comments the verdict counts
    /// (<see cref="CompiledRuleSet.NewestCommentsNeeded"/>); a prolific author's others are not read.
    /// </summary>
    public RecentActivity RecentActivityOf(Comment draft, int newestNeeded)
    {
        var lowerEmail = draft.AuthorEmail.ToLowerInvariant();
        var checks = Sql.ReadPostingChecks(Db, draft, lowerEmail.Length > 0 ? "email:" + lowerEmail : "", (draft.CreatedAt - RecentWindow).UtcTicks,
            newestNeeded + LaterCommentsAllowance);
        _reservedCommentId = checks.ReservedId;
        return new RecentActivity(checks.RecentTicks.ConvertAll(t => new DateTimeOffset(t, TimeSpan.Zero)), checks.IsDuplicate);
    }

    // The id the checks took for the comment ahead (PostgreSQL), so that it is stored in the same round trip as its other rows.
    private long? _reservedCommentId;

    /// <summary>
    /// Stores a posted comment with the engine's verdict: the row with the status the verdict gives
    /// it, its thread root, the audit row, its author's standing (started on a first comment), the
    /// maintained counts, the day's rule hits and its webhook events. <paramref name="repliedToId"/> is the comment the
    /// reply answers, owed a mail when it is published at once.
    /// </summary>
    public async Task RecordPostedAsync(Comment comment, Verdict verdict, string articleSlug, long? repliedToId)
    {
        var status = StatusOf(verdict.Action);
        comment.Status = status;
        comment.StatusChangedAt = comment.CreatedAt;
        comment.NeedsReview = verdict.Action == VerdictAction.Flag;
        comment.VerdictAction = verdict.Action;
        comment.VerdictJson = JsonSerializer.Serialize(verdict.Hits, HitsJson);
        comment.RuleSetRevision = verdict.RuleSetRevision;
        // Published at once: the reply mail is owed now (queued after the commit), never again.
        comment.ReplyMailed = status == CommentStatus.Approved && repliedToId is not null;
        // The comment's rows in one command; its own too, when its id was taken ahead.
        var rows = new SqlBatch();
        if (_reservedCommentId is { } id)
        {
            comment.Id = id;
            if (comment.ThreadRootId == 0) comment.ThreadRootId = id;
            rows.Add(Sql.InsertComment(Db, comment));
        }
        else
        {
            Db.Comments.Add(comment);
            Db.SaveChanges();
            if (comment.ThreadRootId == 0)
            {
                comment.ThreadRootId = comment.Id;
                rows.Add(Sql.SetThreadRoot(comment.Id));
            }
        }
        rows.Add(Sql.InsertAuditRow(AuditTrail.Posted(comment, status, AuditTrail.ReasonOf(verdict))));
        rows.Add(Sql.RecordAuthorPosting(comment, comment.UserId is null ? comment.AuthorEmail.ToLowerInvariant() : comment.AuthorEmail, Guid.NewGuid()));
        var state = CommentState.Of(comment);
        CommentCounters.Append(Sql, rows, CommentPlace.Of(comment), from: null, to: state);
        AppendRuleHits(rows, verdict, comment.CreatedAt);
        if (await _writes.Outbox.AppendCommentEventsAsync(Db, rows, comment, articleSlug, comment.CreatedAt, WebhookEvents.CommentPosted, WebhookEvents.OfMove(null, state)))
        {
            Changes.EventsWritten();
        }
        rows.Execute(Db);

        Changes.Added(comment.Id);
        Changes.QueuesMoved(null, state);
        if (state.IsPublished) Changes.ReaderPagesOf(articleSlug);
        if (comment.ReplyMailed) Changes.Owed(new OwedReplyMail(comment.Id, repliedToId!.Value));
        if (status == CommentStatus.Spam && !string.IsNullOrWhiteSpace(comment.AuthorEmail)) Changes.Owed(new OwedStatementOfReasons(comment.Id, DecisionEventId: null));
    }

    /// <summary>
    /// A post the engine refused: no comment is stored, only the audit row naming its author and the
    /// check that refused it, and the day's rule hits, so the log, the dashboard and the rules' figures count it.
    /// </summary>
    public void RecordRefused(Comment draft, Verdict verdict)
    {
        Db.ModerationEvents.Add(AuditTrail.Refused(draft, verdict, draft.CreatedAt));
        Db.SaveChanges();
        AppendRuleHits(new SqlBatch(), verdict, draft.CreatedAt).Execute(Db);
    }

    /// <summary>Where the engine's decision puts a comment (a censored or flagged one is published).</summary>
    private static CommentStatus StatusOf(VerdictAction action) => action switch
    {
        VerdictAction.Spam => CommentStatus.Spam,
        VerdictAction.Hold => CommentStatus.Pending,
        _ => CommentStatus.Approved,
    };

    private SqlBatch AppendRuleHits(SqlBatch rows, Verdict verdict, DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        foreach (var ruleKey in verdict.Hits.Select(h => h.RuleKey).Distinct())
        {
            rows.Add(Sql.AddRuleHit(ruleKey, day));
        }
        return rows;
    }
}
