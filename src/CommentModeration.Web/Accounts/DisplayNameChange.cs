using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Accounts;

/// <summary>
/// A reader renames themselves. The byline of every comment they wrote follows the account's
/// current name: readers know a commenter by one name, and someone who dropped their real name
/// for a pseudonym would not want it left on their old comments. Runs in the request's scope,
/// on the context Identity's store uses, so the account and its comments change in one transaction.
/// </summary>
public sealed class DisplayNameChange(AppDbContext db, UserManager<ApplicationUser> users, CommentWrites comments)
{
    /// <summary>Null when the name is saved (or unchanged); otherwise what is wrong, and nothing changed.</summary>
    public async Task<string?> ChangeAsync(ApplicationUser user, string? requested, CancellationToken ct = default)
    {
        if (!ReaderNames.TryNormalize(requested, out var name, out var error)) return error;
        if (name == user.DisplayName) return null;

        var key = AuthorKeys.ForUser(user.Id);
        var previous = user.DisplayName;
        await using (var transaction = await comments.BeginAsync(db, ct))
        {
            user.DisplayName = name;
            var updated = await users.UpdateAsync(user);
            if (!updated.Succeeded)
            {
                user.DisplayName = previous;
                await transaction.RollbackAsync(CancellationToken.None);
                return "Your display name could not be saved: the account changed meanwhile. Please try again.";
            }
            await db.Comments.Where(c => c.AuthorKey == key).ExecuteUpdateAsync(s => s.SetProperty(c => c.AuthorName, name), ct);
            await db.AuthorStandings.Where(a => a.AuthorKey == key).ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, name), ct);
            foreach (var slug in await PublishedOn(db, key).ToListAsync(ct)) transaction.ReaderPagesChanged(slug);
            await transaction.CommitAsync(ct);
        }
        return null;
    }

    /// <summary>The articles on which readers see this author's comments: their pages must be written again.</summary>
    internal static IQueryable<string> PublishedOn(AppDbContext db, string authorKey) =>
        db.Comments.Where(c => c.AuthorKey == authorKey).Where(CommentVisibility.IsVisible)
            .Select(c => c.Article!.Slug).Distinct();
}
