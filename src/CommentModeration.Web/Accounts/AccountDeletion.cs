using CommentModeration.Core.Discussion;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Accounts;

public sealed record AccountDeletionResult(bool Succeeded, int Removed, int KeptAsDeletedUser);

/// <summary>
/// A reader deletes their account. Their comments go as the admin chose
/// (<see cref="DiscussionSettings.DeletedAccountComments"/>): removed, or kept as "deleted user".
/// Either way no comment keeps their name, email, address, browser or link, nor a key that leads
/// back to the account; their standing and the moderators' notes on them go; the counters follow;
/// one audit row says what happened. All in one transaction with the account's own deletion,
/// on the context Identity's store uses (the request's scope).
/// </summary>
public sealed class AccountDeletion(
    AppDbContext db,
    UserManager<ApplicationUser> users,
    CommentBodyRenderer renderer,
    CommentWrites comments,
    TimeProvider clock)
{

    /// <summary>The text left in a removed comment that others replied to, so their replies keep their place.</summary>
    public const string RemovedText = "This comment was removed when its author deleted their account.";

    /// <summary>How many comments the account has, and what deleting it would do with them.</summary>
    public async Task<(int Comments, DeletedAccountComments Policy)> PreviewAsync(string userId, CancellationToken ct = default)
    {
        var key = AuthorKeys.ForUser(userId);
        return (await db.Comments.CountAsync(c => c.AuthorKey == key, ct), await PolicyAsync(ct));
    }

    public async Task<AccountDeletionResult> DeleteAsync(ApplicationUser user, CancellationToken ct = default)
    {
        var key = AuthorKeys.ForUser(user.Id);
        var policy = await PolicyAsync(ct);
        var removedHtml = renderer.Render(RemovedText);
        var removed = 0;
        int kept;
        await using (var transaction = await comments.BeginAsync(db, ct))
        {
            foreach (var slug in await DisplayNameChange.PublishedOn(db, key).ToListAsync(ct)) transaction.ReaderPagesChanged(slug);
            transaction.AuthorChanged(key);
            if (policy == DeletedAccountComments.Remove)
            {
                // Comments nobody else replied to go, leaves first, until only those with others' replies under them are left.
                removed = await transaction.RemoveAsync(db.Comments.Where(c => c.AuthorKey == key && !db.Comments.Any(r => r.ParentId == c.Id)), ct);
                // What others replied to stays without its text (nor its earlier texts), so their replies keep their place.
                await db.CommentRevisions.Where(r => db.Comments.Any(c => c.Id == r.CommentId && c.AuthorKey == key)).ExecuteDeleteAsync(ct);
                await db.Comments.Where(c => c.AuthorKey == key).ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.BodyText, RemovedText)
                    .SetProperty(c => c.BodyHash, Comment.HashOf(RemovedText))
                    .SetProperty(c => c.BodyHtml, removedHtml), ct);
            }

            // A key of its own, unrelated to the account: moderators still see these comments as one author's.
            var anonymousKey = "deleted:" + Guid.NewGuid().ToString("N");
            kept = await db.Comments.Where(c => c.AuthorKey == key).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.AuthorName, ReaderNames.DeletedUser)
                .SetProperty(c => c.AuthorEmail, "")
                .SetProperty(c => c.AuthorUrl, "")
                .SetProperty(c => c.Ip, "")
                .SetProperty(c => c.UserAgent, "")
                .SetProperty(c => c.UserId, (string?)null)
                .SetProperty(c => c.AuthorKey, anonymousKey), ct);
            await db.CommentRevisions.Where(r => r.EditedByUserId == user.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.EditedByUserId, "")
                .SetProperty(r => r.EditedByName, ReaderNames.DeletedUser), ct);
            await db.AuthorStandings.Where(a => a.AuthorKey == key).ExecuteDeleteAsync(ct);
            await db.AuthorNotes.Where(n => n.AuthorKey == key).ExecuteDeleteAsync(ct);

            db.ModerationEvents.Add(AuditTrail.OfAuthor(key, AuditActions.AccountDeleted,
                policy == DeletedAccountComments.Remove
                    ? $"The reader deleted their account: {removed} comment(s) removed, {kept} others replied to kept as \"{ReaderNames.DeletedUser}\" without their text."
                    : $"The reader deleted their account: {kept} comment(s) kept as \"{ReaderNames.DeletedUser}\".",
                new AuditActor(null, ReaderNames.DeletedUser), clock.GetUtcNow()));
            // Saves the audit row with the account's deletion (its logins, roles and passkeys go with it).
            var deleted = await users.DeleteAsync(user);
            if (!deleted.Succeeded)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return new AccountDeletionResult(false, 0, 0);
            }
            await transaction.CommitAsync(ct);
        }

        return new AccountDeletionResult(true, removed, kept);
    }

    private async Task<DeletedAccountComments> PolicyAsync(CancellationToken ct) =>
        (await db.ReadDiscussionSettingsAsync(ct)).DeletedAccountComments;
}
