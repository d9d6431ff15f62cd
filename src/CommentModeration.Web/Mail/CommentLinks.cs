using CommentModeration.Web.Articles;
using CommentModeration.Web.Rules;

namespace CommentModeration.Web.Mail;

/// <summary>The absolute address of a comment on the comment page its thread is on, for mails.</summary>
public sealed class CommentLinks(IServiceScopeFactory scopes, SiteAddress site)
{
    public string ToComment(long articleId, string articleSlug, long threadRootId, long commentId)
    {
        using var scope = scopes.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<CurrentRuleSet>().Settings;
        var page = scope.ServiceProvider.GetRequiredService<ArticleReader>().PageOfThread(articleId, threadRootId, settings);
        return site.Absolute(ArticleUrls.Comment(articleSlug, page, commentId));
    }
}
