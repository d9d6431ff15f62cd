using System.Data.Common;
using CommentModeration.Data.Entities;

namespace CommentModeration.Data.Sql;

/// <summary>
/// Inserts comments fast, with ids it hands out itself so that a thread's root and parents are
/// known before anything is written; the rows are exactly what EF would write. Seeding only: live
/// comments go through the posting service. Opened by <see cref="SqlStatements.OpenCommentRowWriterAsync"/>.
/// </summary>
public abstract class CommentRowWriter : IDisposable
{
    /// <summary>The id the next new comment gets (set it on the comment before <see cref="Insert"/>).</summary>
    public abstract long TakeId();

    public abstract void Insert(Comment comment, DbTransaction transaction);

    public abstract void Dispose();
}
