using System.Linq.Expressions;
using CommentModeration.Data;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace CommentModeration.Web.Mail;

/// <summary>
/// A comment's mail marks (<see cref="Comment.DecisionMailed"/>, <see cref="Comment.ReplyMailed"/>)
/// are set in the transaction of the change that owes the mail, so the same change made again
/// owes none. A change undone before its mail's turn sends nothing and clears its mark, so the
/// next change mails. The clearing is one conditional statement: when a moderator made the same
/// change again meanwhile (found the mark set and queued nothing), nothing is cleared and the
/// mail in hand still goes.
/// </summary>
internal static class OwedMailMarks
{
    /// <summary>Clears the mark when the comment still carries it (<paramref name="marked"/>) and is still as <paramref name="undone"/> says; false when a moderator made the change again.</summary>
    public static async Task<bool> ClearIfUndoneAsync(AppDbContext db, long commentId, Expression<Func<Comment, bool>> marked, Expression<Func<Comment, bool>> undone,
        Action<UpdateSettersBuilder<Comment>> clear, CancellationToken ct)
    {
        await using var transaction = await db.BeginWriteAsync(ct);
        var cleared = await db.Comments.Where(c => c.Id == commentId).Where(marked).Where(undone).ExecuteUpdateAsync(clear, ct);
        await transaction.CommitAsync(ct);
        return cleared > 0;
    }
}
