using CommentModeration.Web.Rules;

namespace CommentModeration.Web.Articles;

/// <summary>
/// <c>/comments/{id}</c>: an address of a comment that stays right as its article gains pages, for
/// links made once and kept (a webhook's permalink). It redirects to the comment on the page that
/// shows it: its thread's comment page, or, below the replies a page shows, a thread view
/// (<see cref="ThreadViews.LocateAsync"/>); a comment readers cannot see is not found.
/// </summary>
public static class CommentPermalink
{
    public static string Of(long commentId) => $"/comments/{commentId}";

    public static IEndpointRouteBuilder MapCommentPermalinks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/comments/{id:long}", async (long id, ThreadViews threads, CurrentRuleSet rules, CancellationToken ct) =>
            await threads.LocateAsync(id, rules.Settings, ct) is { } location ? Results.Redirect(location) : Results.NotFound());
        return endpoints;
    }
}
