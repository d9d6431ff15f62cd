using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

/// <summary>
/// The old and new text of the edits in a page of the log. An edit keeps the text it replaced as a
/// revision stamped with the edit's time; the text it wrote is the next revision's, or the comment's
/// own when no later edit followed. Read from there, the log shows what account deletion left of them.
/// </summary>
public static class AuditEditTexts
{
    public static async Task<IReadOnlyDictionary<long, (string? Old, string? New)>> OfAsync(AppDbContext db, IReadOnlyCollection<ModerationEvent> rows, CancellationToken ct)
    {
        var edits = rows.Where(r => r.CommentId is not null && r.Action is AuditActions.Edit or AuditActions.AuthorEdit).ToList();
        if (edits.Count == 0) return new Dictionary<long, (string?, string?)>();
        var ids = edits.Select(r => r.CommentId!.Value).Distinct().ToList();
        var revisions = (await db.CommentRevisions.AsNoTracking().Where(r => ids.Contains(r.CommentId))
                .Select(r => new { r.CommentId, r.EditedAt, r.Id, r.BodyText })
                .ToListAsync(ct))
            .ToLookup(r => r.CommentId);
        var current = await db.Comments.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.BodyText, ct);

        var texts = new Dictionary<long, (string?, string?)>();
        foreach (var edit in edits)
        {
            var id = edit.CommentId!.Value;
            var ordered = revisions[id].OrderBy(r => r.EditedAt).ThenBy(r => r.Id).ToList();
            // Edits in one instant pair with that instant's revisions in the order both were written.
            var sameInstant = edits.Where(e => e.CommentId == id && e.At == edit.At).OrderBy(e => e.Id).ToList().IndexOf(edit);
            var index = ordered.FindIndex(r => r.EditedAt == edit.At) + sameInstant;
            if (index < sameInstant || index >= ordered.Count || ordered[index].EditedAt != edit.At) continue;
            var next = index + 1 < ordered.Count ? ordered[index + 1].BodyText : current.GetValueOrDefault(id);
            texts[edit.Id] = (ordered[index].BodyText, next);
        }
        return texts;
    }
}
