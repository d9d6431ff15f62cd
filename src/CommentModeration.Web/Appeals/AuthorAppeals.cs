using CommentModeration.Data;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Appeals;

/// <summary>A decision as its author sees it on the appeal form.</summary>
public sealed record AppealableDecision(long DecisionEventId, long CommentId, string Excerpt, string ArticleTitle, string Outcome, string Ground,
    DateTimeOffset DecidedAt, DateTimeOffset Deadline, bool AlreadyAppealed, string? AuthorUserId);

/// <summary>What became of an appeal sent: filed, or the plain reason it was not (nothing written).</summary>
public sealed record AppealFiling(bool Filed, string? Problem)
{
    public static AppealFiling Refused(string problem) => new(false, problem);
}

/// <summary>
/// An author's appeal against a removal of their comment (EU Digital Services Act, Art. 20): once per
/// decision, within six months of it, reached through the signed link of the statement of reasons (or,
/// signed in, from the account that wrote the comment). Appeals wait in the appeals queue (<see cref="AppealDecisions"/>).
/// </summary>
public sealed class AuthorAppeals(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IModerationNotifier notifier)
{
    public async Task<AppealableDecision?> FindAsync(long decisionEventId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var decision = await db.ModerationEvents.AsNoTracking().Where(e => e.Id == decisionEventId).Where(RemovalDecision.Is).FirstOrDefaultAsync(ct);
        if (decision is null) return null;
        var comment = await db.Comments.AsNoTracking().Include(c => c.Article).FirstOrDefaultAsync(c => c.Id == decision.CommentId, ct);
        if (comment?.Article is null) return null;
        var appealed = await db.Appeals.AnyAsync(a => a.DecisionEventId == decisionEventId, ct);
        var excerpt = comment.BodyText.Length > 300 ? comment.BodyText[..300] + "…" : comment.BodyText;
        return new AppealableDecision(decision.Id, comment.Id, excerpt, comment.Article.Title, RemovalDecision.Outcome(decision),
            RemovalDecision.Ground(decision, comment.RejectionReason), decision.At, RemovalDecision.AppealDeadline(decision.At), appealed, comment.UserId);
    }

    /// <summary>The removals of a signed-in author's comments that still hold, newest first: what they may appeal from their account.</summary>
    public async Task<IReadOnlyList<AppealableDecision>> OfUserAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from decision in db.ModerationEvents.AsNoTracking().Where(RemovalDecision.Is)
                          join comment in db.Comments.AsNoTracking() on decision.CommentId equals comment.Id
                          where comment.UserId == userId
                          orderby decision.Id descending
                          select new { decision, comment, comment.Article!.Title })
            .Take(100).ToListAsync(ct);
        var appealed = await db.Appeals.AsNoTracking().Where(a => rows.Select(r => r.decision.Id).Contains(a.DecisionEventId)).Select(a => a.DecisionEventId).ToListAsync(ct);
        return rows.Where(r => RemovalDecision.StillInForce(r.decision, r.comment)).DistinctBy(r => r.comment.Id)
            .Select(r => new AppealableDecision(r.decision.Id, r.comment.Id, r.comment.BodyText.Length > 300 ? r.comment.BodyText[..300] + "…" : r.comment.BodyText,
                r.Title, RemovalDecision.Outcome(r.decision), RemovalDecision.Ground(r.decision, r.comment.RejectionReason), r.decision.At,
                RemovalDecision.AppealDeadline(r.decision.At), appealed.Contains(r.decision.Id), userId))
            .ToList();
    }

    /// <summary>Files the appeal; refused with a plain message (and nothing written) when too late, made before, or empty.</summary>
    public async Task<AppealFiling> FileAsync(long decisionEventId, string? text, CancellationToken ct = default)
    {
        text = text?.Trim() ?? "";
        if (text.Length == 0) return AppealFiling.Refused("Say why you think the decision is wrong.");
        if (text.Length > Appeal.MaxTextLength) return AppealFiling.Refused($"Please keep your appeal under {Appeal.MaxTextLength} characters (you wrote {text.Length}).");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var decision = await db.ModerationEvents.AsNoTracking().Where(e => e.Id == decisionEventId).Where(RemovalDecision.Is).FirstOrDefaultAsync(ct);
        if (decision?.CommentId is not { } commentId) return AppealFiling.Refused("This decision cannot be appealed against.");
        var now = clock.GetUtcNow();
        var deadline = RemovalDecision.AppealDeadline(decision.At);
        if (now > deadline) return AppealFiling.Refused($"The time to appeal against this decision ended on {deadline:d MMMM yyyy}.");
        if (await db.Appeals.AnyAsync(a => a.DecisionEventId == decisionEventId, ct)) return AlreadyAppealed;

        db.Appeals.Add(new Appeal
        {
            CommentId = commentId,
            DecisionEventId = decisionEventId,
            FirstDeciderUserId = decision.Automatic ? null : decision.ActorUserId,
            Text = text,
            CreatedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two sends of the form at once: the unique index let one in.
            if (await AppealedMeanwhileAsync(decisionEventId, ct)) return AlreadyAppealed;
            throw;
        }
        notifier.Publish(ModerationChange.Counts());
        return new AppealFiling(true, null);
    }

    private static AppealFiling AlreadyAppealed => AppealFiling.Refused("You have already appealed against this decision; an author may appeal once.");

    private async Task<bool> AppealedMeanwhileAsync(long decisionEventId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Appeals.AnyAsync(a => a.DecisionEventId == decisionEventId, ct);
    }
}
