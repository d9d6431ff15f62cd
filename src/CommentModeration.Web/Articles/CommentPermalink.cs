using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Rules;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Articles;

/// <summary>
/// <c>/comments/{id}</c>: an address of a comment that stays right as its article gains pages, for
/// links made once and kept (a webhook's permalink). It redirects to the comment on the page its
/// thread is on; a comment readers cannot see is not found.
/// </summary>
public static class CommentPermalink
{
    public static string Of(long commentId) => $"/comments/{commentId}";

    public static IEndpointRouteBuilder MapCommentPermalinks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/comments/{id:long}", async (long id, AppDbContext db, ArticleReader reader, CurrentRuleSet rules, CancellationToken ct) =>
        {
            var comment = await db.Comments.AsNoTracking().Where(c => c.Id == id).Where(CommentVisibility.IsVisible)
                .Select(c => new { c.ArticleId, c.Article!.Slug, c.ThreadRootId }).FirstOrDefaultAsync(ct);
            if (comment is null) return Results.NotFound();
            var page = await reader.PageOfThreadAsync(comment.ArticleId, comment.ThreadRootId, rules.Settings, ct);
            return Results.Redirect(ArticleUrls.Comment(comment.Slug, page, id));
        });
        return endpoints;
    }
}
