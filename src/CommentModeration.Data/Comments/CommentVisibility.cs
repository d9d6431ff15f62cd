using System.Linq.Expressions;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;

namespace CommentModeration.Data.Comments;

/// <summary>
/// The one definition of a comment readers see: approved and not hidden by reports. Stated three
/// ways for the three places that ask (an EF query, a state in memory, a SQL statement); the reader
/// page tests hold the query and the SQL to the same comments.
/// </summary>
public static class CommentVisibility
{
    public static readonly Expression<Func<Comment, bool>> IsVisible = c =>
        c.Status == CommentStatus.Approved && !c.HiddenByReports;

    /// <summary>The opposite of <see cref="IsVisible"/>: held, rejected, spam, or hidden by reports.</summary>
    public static readonly Expression<Func<Comment, bool>> IsHidden = c =>
        !(c.Status == CommentStatus.Approved && !c.HiddenByReports);

    public static bool IsVisibleState(CommentStatus status, bool hiddenByReports) =>
        status == CommentStatus.Approved && !hiddenByReports;

    /// <summary>The same condition on the comment table aliased <paramref name="alias"/>.</summary>
    public static string Sql(string alias) =>
        $"{alias}.\"Status\" = {(int)CommentStatus.Approved} AND NOT {alias}.\"HiddenByReports\"";
}
