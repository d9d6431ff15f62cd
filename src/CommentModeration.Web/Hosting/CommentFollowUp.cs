using CommentModeration.Data.Comments;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Mail;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Webhooks;

namespace CommentModeration.Web.Hosting;

/// <summary>
/// What follows a committed change of comments on this host, in order: the reader pages that show
/// something else are evicted (cached pages and rendered threads), open moderation pages are told,
/// the mails the change owes go to the outbox, and the webhook dispatcher is woken for the events it
/// wrote. The kernel decides when (after the commit, never
/// for a change rolled back); this says what.
/// </summary>
public sealed class CommentFollowUp(ArticlePageCache pageCache, IModerationNotifier notifier, DecisionMail decisionMail, ReplyMail replyMail, NoticeMail noticeMail,
    WebhookSignal webhooks)
    : ICommentFollowUp
{
    public async Task AfterCommitAsync(CommittedChanges changes, CancellationToken ct)
    {
        foreach (var slug in changes.ReaderPages) await pageCache.EvictAsync(slug, ct);

        foreach (var id in changes.AddedComments) notifier.Publish(ModerationChange.Added(id));
        foreach (var id in changes.ChangedComments) notifier.Publish(ModerationChange.Changed(id));
        if (changes.AddedComments.Count == 0 && changes.ChangedComments.Count == 0 && (changes.Queues.Count > 0 || changes.Authors.Count > 0))
        {
            notifier.Publish(ModerationChange.Counts());
        }

        foreach (var mail in changes.DecisionMails) decisionMail.Queue(new DecisionNotice(mail.CommentId, mail.Outcome));
        foreach (var mail in changes.ReplyMails) replyMail.Queue(mail.ReplyId, mail.RepliedToId);
        foreach (var statement in changes.Statements) decisionMail.QueueStatement(statement);
        foreach (var outcome in changes.ReportOutcomes) await noticeMail.QueueOutcomesAsync(outcome, ct);
        if (changes.WroteEvents) webhooks.Wake();
    }
}
