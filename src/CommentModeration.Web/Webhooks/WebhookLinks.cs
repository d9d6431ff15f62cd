using CommentModeration.Data.Comments;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Mail;

namespace CommentModeration.Web.Webhooks;

/// <summary>The public addresses an event names, from the site's public address (as mails have them).</summary>
public sealed class WebhookLinks(SiteAddress site) : IEventLinks
{
    public string Article(string slug) => site.Absolute(ArticleUrls.Article(slug));

    public string Comment(long commentId) => site.Absolute(CommentPermalink.Of(commentId));
}
