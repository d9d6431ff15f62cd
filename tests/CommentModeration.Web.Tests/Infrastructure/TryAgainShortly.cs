using System.Net;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Hosting;

namespace CommentModeration.Web.Tests.Infrastructure;

/// <summary>What a reader sees when their post met the database out of reach.</summary>
public static class TryAgainShortly
{
    /// <summary>
    /// Asserts the post was answered 503 with Retry-After and "try again shortly" above the reply form,
    /// and returns that form (posted from <paramref name="pageUrl"/>), as the reader would send it again.
    /// </summary>
    public static async Task<PageForm> ReplyFormOfAsync(HttpResponseMessage refused, string pageUrl)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(DatabaseUnavailable.RetryAfter, refused.Headers.RetryAfter?.Delta);
        var page = FormClient.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("We couldn't save your comment just now; please try again shortly.", page.QuerySelector("#comment-error")?.TextContent);
        return FormClient.FormIn(page, "#commentform", pageUrl);
    }
}
