using CommentModeration.Data.Entities;
using CommentModeration.Web.Tests.Articles;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests.Accounts;

/// <summary>Readers' accounts made and used through the real account pages.</summary>
public static class AccountArrange
{
    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string email, string displayName) =>
        client.SubmitFormAsync("/Account/Register", "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = displayName,
            ["Input.Password"] = ReaderArrange.Password,
            ["Input.ConfirmPassword"] = ReaderArrange.Password,
        });

    /// <summary>Registers through the form and signs in; the address is confirmed in the database as if the mailed link had been followed.</summary>
    public static async Task<(HttpClient Client, ApplicationUser User)> RegisteredReaderAsync(this AppFactory factory, string email, string displayName)
    {
        var client = factory.CreateBrowserClient();
        var registered = await client.RegisterAsync(email, displayName);
        if ((int)registered.StatusCode is not (302 or 303)) throw new InvalidOperationException($"Registration answered {(int)registered.StatusCode}: {await registered.Content.ReadAsStringAsync()}");
        ApplicationUser user;
        await using (var db = factory.CreateDbContext())
        {
            user = await db.Users.SingleAsync(u => u.Email == email);
            user.EmailConfirmed = true;
            await db.SaveChangesAsync();
        }
        await client.SignInAsync(email);
        return (client, user);
    }

    /// <summary>Posts a reply through the article page's form, as the client's reader; returns the stored comment's id.</summary>
    public static async Task<long> PostAsync(this HttpClient client, AppFactory factory, Article article, string text, long? replyTo = null)
    {
        // Flood control counts per author: each post comes a minute after the last.
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var fields = new Dictionary<string, string> { ["comment"] = text };
        if (replyTo is { } parent) fields["comment_parent"] = parent.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await client.SubmitFormAsync("/articles/" + article.Slug, "#commentform", fields);
        if ((int)response.StatusCode is not (302 or 303)) throw new InvalidOperationException($"Posting answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await using var db = factory.CreateDbContext();
        return await db.Comments.Where(c => c.ArticleId == article.Id && c.BodyText == text).Select(c => c.Id).SingleAsync();
    }
}
