using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Rules;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Articles;

/// <summary>The reader site's app: posting rate limits raised so tests that post many comments measure the behaviour they name.</summary>
public class ReaderAppFactory : AppFactory
{
    public ReaderAppFactory()
    {
        Settings["RateLimits:Comments:PermitLimit"] = "100000";
        Settings["RateLimits:SignIn:PermitLimit"] = "100000";
    }
}

/// <summary>Arranging articles, comments and discussion settings straight in the database.</summary>
public static class ReaderArrange
{
    public const string Password = "Test-password-1";
    private static int _sequence;

    public static string UniqueSlug(string prefix) => $"{prefix}-{Interlocked.Increment(ref _sequence)}";

    public static async Task<Article> AddArticleAsync(this AppFactory factory, string slug, CommentPolicy policy = CommentPolicy.Open,
        DateTimeOffset? publishedAt = null, string? authorUserId = null)
    {
        await using var db = factory.CreateDbContext();
        var article = new Article
        {
            Slug = slug,
            Title = "Title of " + slug,
            Excerpt = "Excerpt of " + slug,
            Body = "First paragraph of " + slug + ".\n\nSecond paragraph.",
            AuthorName = "Staff Writer",
            AuthorUserId = authorUserId,
            PublishedAt = publishedAt ?? factory.Clock.GetUtcNow().AddHours(-1),
            CommentPolicy = policy,
        };
        db.Articles.Add(article);
        await db.SaveChangesAsync();
        return article;
    }

    /// <summary>Stores a comment as if it had been posted and decided earlier: no engine and no author counts; the queue and article counts kept, as reader pages are counted from them.</summary>
    public static async Task<Comment> AddCommentAsync(this AppFactory factory, Article article, string body,
        CommentStatus status = CommentStatus.Approved, Comment? parent = null, string author = "Earlier Reader",
        string email = "earlier@example.com", string? userId = null, DateTimeOffset? at = null)
    {
        await using var db = factory.CreateDbContext();
        var renderer = factory.Services.GetRequiredService<CommentBodyRenderer>();
        var comment = new Comment
        {
            ArticleId = article.Id,
            ParentId = parent?.Id,
            ThreadRootId = parent?.ThreadRootId ?? 0,
            Depth = parent is null ? 1 : parent.Depth + 1,
            AuthorName = author,
            AuthorEmail = email,
            UserId = userId,
            AuthorKey = userId is null ? AuthorKeys.ForEmail(email) : AuthorKeys.ForUser(userId),
            BodyText = body,
            BodyHtml = renderer.Render(body),
            CreatedAt = at ?? factory.Clock.GetUtcNow().AddMinutes(-30),
            Status = status,
        };
        db.Comments.Add(comment);
        await db.SaveChangesAsync();
        if (comment.ThreadRootId == 0)
        {
            comment.ThreadRootId = comment.Id;
            await db.SaveChangesAsync();
        }
        await CommentCounters.ApplyAsync(factory.Services.GetRequiredService<SqlStatements>(), db, CommentPlace.Of(comment) with { AuthorKey = "" }, from: null, to: CommentState.Of(comment));
        return comment;
    }

    /// <summary>Posts <paramref name="submission"/> through the site's posting service, in a request scope of its own.</summary>
    public static async Task<CommentPostResult> PostAsync(this AppFactory factory, CommentSubmission submission)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CommentPosting>().PostAsync(submission);
    }

    /// <summary>Puts <paramref name="rulesJson"/> in force, as a saved revision (once per text, for a class's tests sharing the app).</summary>
    public static async Task UseRulesAsync(this AppFactory factory, string rulesJson)
    {
        await using (var db = factory.CreateDbContext())
        {
            if (!await db.RuleSetRevisions.AnyAsync(r => r.RulesJson == rulesJson))
            {
                db.RuleSetRevisions.Add(new RuleSetRevision { RulesJson = rulesJson, CreatedByName = "test", CreatedAt = factory.Clock.GetUtcNow() });
                await db.SaveChangesAsync();
            }
        }
        await factory.Services.GetRequiredService<CurrentRuleSet>().ReloadAsync();
    }

    /// <summary>Changes the discussion settings row (id 1) and reloads the rule set in force.</summary>
    public static async Task ConfigureDiscussionAsync(this AppFactory factory, Func<DiscussionSettings, DiscussionSettings> change)
    {
        await using (var db = factory.CreateDbContext())
        {
            await db.WriteDiscussionSettingsAsync(change(await db.ReadDiscussionSettingsAsync()));
        }
        await factory.Services.GetRequiredService<CurrentRuleSet>().ReloadAsync();
        await factory.Services.GetRequiredService<ArticlePageCache>().EvictAllAsync();
    }

    public static async Task<HttpClient> SignedInClientAsync(this AppFactory factory, string email, params string[] roles)
    {
        await factory.CreateUserAsync(email, Password, roles);
        var client = factory.CreateBrowserClient();
        await client.SignInAsync(email);
        return client;
    }

    /// <summary>Signs in through the real sign-in form; the client keeps the cookie.</summary>
    public static async Task SignInAsync(this HttpClient client, string email)
    {
        var response = await client.SubmitFormAsync("/Account/Login", "form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        });
        if ((int)response.StatusCode is not (302 or 303)) throw new InvalidOperationException($"Sign-in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static Dictionary<string, string> GuestReply(string comment, string author = "Guest Reader", string email = "guest@example.com", string url = "") => new()
    {
        ["comment"] = comment,
        ["author"] = author,
        ["email"] = email,
        ["url"] = url,
    };
}
