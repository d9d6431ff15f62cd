using CommentModeration.Core.Comments;

namespace CommentModeration.Data.Comments;

/// <summary>
/// The work that follows a change of comments: the host's page caches, its live moderation pages,
/// its mail, its webhook dispatcher. The kernel runs it once per committed transaction, after the commit, and never for a
/// change that was rolled back; the host says how (in Web, <c>Hosting/CommentFollowUp</c>).
/// </summary>
public interface ICommentFollowUp
{
    Task AfterCommitAsync(CommittedChanges changes, CancellationToken ct);
}

/// <summary>A mail owed to a comment's author: the decision on their held comment.</summary>
public readonly record struct OwedDecisionMail(long CommentId, CommentStatus Outcome);

/// <summary>A mail owed to the author of the comment a newly published reply answers.</summary>
public readonly record struct OwedReplyMail(long ReplyId, long RepliedToId);

/// <summary>
/// A statement of reasons owed to a comment's author (EU Digital Services Act, Art. 17): the comment was
/// removed or restricted by the decision its audit row <paramref name="DecisionEventId"/> records (null:
/// the engine's decision at posting, its "posted" row).
/// </summary>
public readonly record struct OwedStatementOfReasons(long CommentId, long? DecisionEventId);

/// <summary>The readers whose reports on a comment were resolved at <paramref name="ResolvedAt"/> are owed the outcome (Art. 16(5)).</summary>
public readonly record struct OwedReportOutcome(long CommentId, DateTimeOffset ResolvedAt);

/// <summary>What a committed transaction changed, as the work after it needs to know.</summary>
public sealed class CommittedChanges
{
    private readonly List<long> _added = [];
    private readonly List<long> _changed = [];
    private readonly HashSet<string> _readerPages = new(StringComparer.Ordinal);
    private readonly HashSet<QueueKind> _queues = [];
    private readonly HashSet<string> _authors = new(StringComparer.Ordinal);
    private readonly List<OwedDecisionMail> _decisionMails = [];
    private readonly List<OwedReplyMail> _replyMails = [];
    private readonly List<OwedStatementOfReasons> _statements = [];
    private readonly List<OwedReportOutcome> _reportOutcomes = [];
    private bool _wroteEvents;

    /// <summary>Comments stored.</summary>
    public IReadOnlyList<long> AddedComments => _added;

    /// <summary>Comments whose state, text or reports changed.</summary>
    public IReadOnlyList<long> ChangedComments => _changed;

    /// <summary>The articles (by slug) whose reader pages show something else now.</summary>
    public IReadOnlyCollection<string> ReaderPages => _readerPages;

    /// <summary>The queues whose counts moved.</summary>
    public IReadOnlyCollection<QueueKind> Queues => _queues;

    /// <summary>Authors (by key) whose standing or account changed.</summary>
    public IReadOnlyCollection<string> Authors => _authors;

    public IReadOnlyList<OwedDecisionMail> DecisionMails => _decisionMails;

    public IReadOnlyList<OwedReplyMail> ReplyMails => _replyMails;

    public IReadOnlyList<OwedStatementOfReasons> Statements => _statements;

    public IReadOnlyList<OwedReportOutcome> ReportOutcomes => _reportOutcomes;

    /// <summary>Webhook events were written to the outbox: the dispatcher has work.</summary>
    public bool WroteEvents => _wroteEvents;

    public bool IsEmpty => _added.Count == 0 && _changed.Count == 0 && _readerPages.Count == 0 && _queues.Count == 0 && _authors.Count == 0
        && _decisionMails.Count == 0 && _replyMails.Count == 0 && _statements.Count == 0 && _reportOutcomes.Count == 0 && !_wroteEvents;

    internal void Added(long commentId) => _added.Add(commentId);

    internal void Changed(long commentId) => _changed.Add(commentId);

    internal void ReaderPagesOf(string articleSlug) => _readerPages.Add(articleSlug);

    internal void QueuesMoved(CommentState? from, CommentState? to) => _queues.UnionWith(CommentCounters.QueuesMoved(from, to));

    internal void AuthorOf(string authorKey) => _authors.Add(authorKey);

    internal void Owed(OwedDecisionMail mail) => _decisionMails.Add(mail);

    internal void Owed(OwedReplyMail mail) => _replyMails.Add(mail);

    internal void Owed(OwedStatementOfReasons mail) => _statements.Add(mail);

    internal void Owed(OwedReportOutcome mail) => _reportOutcomes.Add(mail);

    internal void EventsWritten() => _wroteEvents = true;
}
