using CommentModeration.Web.Articles;
using CommentModeration.Web.Rules;

namespace CommentModeration.Web.Mail;

/// <summary>The absolute address of a comment on the comment page its thread is on, for mails.</summary>
public sealed class CommentLinks(IServiceScopeFactory scopes, SiteAddress site)
{
    public async Task<string> ToCommentAsync(long articleId, string articleSlug, long threadRootId, long commentId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<CurrentRuleSet>().Settings;
        var page = await scope.ServiceProvider.GetRequiredService<ArticleReader>().PageOfThreadAsync(articleId, threadRootId, settings, ct);
        return site.Absolute(ArticleUrls.Comment(articleSlug, page, commentId));
    }
}
