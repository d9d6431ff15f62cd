using System.Text.Json;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Moderation;

/// <summary>
/// Arranges moderation data by inserting rows the way the posting service stores them (counted by the kernel's CommentCounters).
/// Alice and Bob are moderators and Ada an admin in the database it is made over.
/// </summary>
public sealed class ModerationTestData
{
    private static long _sequence;
    private readonly IServiceProvider services;
    private readonly TimeProvider clock;

    public static readonly Moderator Alice = new("alice-id", "alice@example.com");
    public static readonly Moderator Bob = new("bob-id", "bob@example.com");
    public static readonly Moderator Ada = new("ada-id", "ada@example.com");

    public ModerationTestData(IServiceProvider services, TimeProvider clock)
    {
        this.services = services;
        this.clock = clock;
        StaffAccounts.EnsureAsync(services, Alice, Roles.Moderator).GetAwaiter().GetResult();
        StaffAccounts.EnsureAsync(services, Bob, Roles.Moderator).GetAwaiter().GetResult();
        StaffAccounts.EnsureAsync(services, Ada, Roles.Admin).GetAwaiter().GetResult();
    }

    public AppDbContext CreateDbContext() => services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    public T Get<T>() where T : notnull => services.GetRequiredService<T>();

    public async Task<Article> AddArticleAsync(string? title = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        await using var db = CreateDbContext();
        var article = new Article { Slug = $"article-{n}-{Guid.NewGuid():N}", Title = title ?? $"Article {n}", PublishedAt = clock.GetUtcNow().AddDays(-1) };
        db.Articles.Add(article);
        await db.SaveChangesAsync();
        return article;
    }

    public async Task<Comment> AddCommentAsync(long articleId, CommentStatus status = CommentStatus.Pending, string? body = null, string? author = null,
        IReadOnlyList<RuleHit>? hits = null, bool needsReview = false, DateTimeOffset? createdAt = null, long? parentId = null, string? email = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        var name = author ?? $"Reader {n}";
        var mail = email ?? $"{name.Replace(' ', '.').ToLowerInvariant()}@example.org";
        await using var db = CreateDbContext();
        var comment = new Comment
        {
            ArticleId = articleId,
            ParentId = parentId,
            AuthorName = name,
            AuthorEmail = mail,
            AuthorUrl = "https://example.org/" + n,
            AuthorKey = "email:" + mail,
            BodyText = body ?? $"Comment number {n} with an opinion.",
            BodyHtml = $"<p>{System.Net.WebUtility.HtmlEncode(body ?? $"Comment number {n} with an opinion.")}</p>",
            CreatedAt = createdAt ?? clock.GetUtcNow(),
            StatusChangedAt = createdAt ?? clock.GetUtcNow(),
            Status = status,
            NeedsReview = needsReview,
            VerdictAction = hits is { Count: > 0 } ? hits.Max(h => h.Action) : VerdictAction.Publish,
            VerdictJson = JsonSerializer.Serialize(hits ?? [], new JsonSerializerOptions(JsonSerializerDefaults.Web)),
            Ip = "203.0.113." + (n % 250),
            UserAgent = "test",
        };
        await using var transaction = await db.BeginWriteAsync();
        db.Comments.Add(comment);
        await db.SaveChangesAsync();
        comment.ThreadRootId = parentId ?? comment.Id;
        db.ModerationEvents.Add(AuditTrail.Posted(comment, status, reason: null));
        await db.SaveChangesAsync();
        if (!await db.AuthorStandings.AnyAsync(a => a.AuthorKey == comment.AuthorKey))
        {
            db.AuthorStandings.Add(new AuthorStanding { AuthorKey = comment.AuthorKey, Email = mail, Name = name, FirstSeenAt = comment.CreatedAt, LastCommentAt = comment.CreatedAt });
            await db.SaveChangesAsync();
        }
        await CommentCounters.ApplyAsync(Get<SqlStatements>(), db, CommentPlace.Of(comment), null, CommentState.Of(comment));
        await transaction.CommitAsync();
        return comment;
    }

    public async Task<Comment> ReloadAsync(long id)
    {
        await using var db = CreateDbContext();
        return await db.Comments.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    public async Task<long> CounterAsync(QueueKind queue)
    {
        var name = CommentQueues.CounterName(queue);
        await using var db = CreateDbContext();
        return await db.QueueCounters.Where(q => q.Name == name).Select(q => q.Value).FirstOrDefaultAsync();
    }

    public async Task<int> ApprovedCountOfArticleAsync(long articleId)
    {
        await using var db = CreateDbContext();
        return await db.Articles.Where(a => a.Id == articleId).Select(a => a.ApprovedCommentCount).SingleAsync();
    }

    public async Task<List<ModerationEvent>> EventsForAsync(long commentId)
    {
        await using var db = CreateDbContext();
        return await db.ModerationEvents.AsNoTracking().Where(e => e.CommentId == commentId && !e.Automatic).OrderBy(e => e.Id).ToListAsync();
    }

    public static CommentRef Ref(Comment comment) => new(comment.Id, comment.Version);

    public static RuleHit BodyHit(string body, string word, string rule = "Moderation words", string key = "builtin:moderation-keys", VerdictAction action = VerdictAction.Hold)
    {
        var start = body.IndexOf(word, StringComparison.Ordinal);
        return new RuleHit
        {
            RuleKey = key, Rule = rule, Action = action, Reason = $"Contains “{word}”", IsBuiltIn = key.StartsWith("builtin:"), Field = "body",
            Spans = [new MatchSpan(start, word.Length, word)],
        };
    }
}
