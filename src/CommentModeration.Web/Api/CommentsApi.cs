using System.Net;
using System.Text.Json.Serialization;
using CommentModeration.Core.Discussion;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Api;

/// <summary>A published comment as a guest reader sees it: the byline and website they gave, never an email.</summary>
/// <param name="Html">The body as readers see it: sanitized HTML, made once when it was written.</param>
/// <param name="Replies">Its published replies, oldest first, nested no deeper than the site's thread depth (empty for GET /comments/{id}).</param>
public sealed record ApiComment(long Id, long ArticleId, long? ParentId, string AuthorName, string AuthorUrl, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt,
    string Html, IReadOnlyList<ApiComment> Replies);

/// <summary>A comment posted on behalf of a named guest (authorName, authorEmail, authorUrl) or of a site account (userEmail).</summary>
/// <param name="ParentId">The published comment of the same article it replies to.</param>
/// <param name="UserEmail">The site account it is posted as; its name shows, as when they post on the site. Leave the author fields out then.</param>
/// <param name="Ip">The reader's address as the CMS saw it: flood control and rules judge it. The API client's own address when left out.</param>
/// <param name="UserAgent">The reader's browser as the CMS saw it. The API client's when left out.</param>
public sealed record NewComment(string? Body, long? ParentId = null, string? AuthorName = null, string? AuthorEmail = null, string? AuthorUrl = null,
    string? UserEmail = null, string? Ip = null, string? UserAgent = null);

[JsonConverter(typeof(JsonStringEnumConverter<ApiPostOutcome>))]
public enum ApiPostOutcome
{
    /// <summary>Readers see it now.</summary>
    [JsonStringEnumMemberName("published")] Published,

    /// <summary>Waiting for a moderator (as a reader is told, this includes what went to spam).</summary>
    [JsonStringEnumMemberName("held")] Held,
}

public sealed record ApiPostResult(long Id, ApiPostOutcome Outcome);

/// <summary>/api/v1/articles/{id}/comments and /api/v1/comments: the published threads, and posting as the reply form does.</summary>
public static class CommentsApi
{
    private const int MaxUserAgentLength = 500;

    public static RouteGroupBuilder MapCommentsApi(this RouteGroupBuilder api)
    {
        var comments = api.MapGroup("").WithTags("Comments");
        comments.MapGet("/articles/{articleId:long}/comments", ListAsync).RequireScope(ApiScopes.Read)
            .WithSummary("List an article's published threads, oldest first, as a guest reader sees them")
            .WithDescription("Each item is a top-level comment with its published replies; pageSize counts threads.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        comments.MapGet("/comments/{id:long}", GetAsync).RequireScope(ApiScopes.Read)
            .WithSummary("Get a published comment").ProducesProblem(StatusCodes.Status404NotFound);
        comments.MapPost("/articles/{articleId:long}/comments", PostAsync).RequireScope(ApiScopes.Comment)
            .Accepts<NewComment>("application/json")
            .WithSummary("Post a comment on behalf of a guest or a site account")
            .WithDescription("The same discussion checks and rules as the reply form decide it: published, held, or refused (422 with the reason; 429 with Retry-After for the flood interval).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<Results<Ok<ApiPage<ApiComment>>, ProblemHttpResult>> ListAsync(long articleId, int? pageSize, string? cursor, HttpRequest request,
        IDbContextFactory<AppDbContext> dbFactory, SqlStatements sql, CurrentRuleSet rules, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ApiText.Errors();
        var size = ApiPaging.PageSize(pageSize, errors);
        var offset = ApiPaging.ReadCursor(cursor, 1, errors) is [var at] ? at : 0;
        if (offset is < 0 or > int.MaxValue) errors.Add("cursor", "The cursor is not one this list gave; start again without it.");
        if (errors.Any) return ApiProblems.Invalid(errors);

        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var threadCount = await db.Articles.AsNoTracking().Where(a => a.Id == articleId && a.PublishedAt <= now).Select(a => (int?)a.PublishedThreadCount).FirstOrDefaultAsync(ct);
        if (threadCount is null) return ApiProblems.NotFound($"There is no published article {articleId}.");

        // The reader page's own query and tree: exactly the threads a guest sees, the same statement on both providers.
        var settings = rules.Settings;
        var threads = CommentTree.Build(sql.VisibleThreadsOfPage(articleId, (int)offset, size), settings.ThreadDepth);
        var nextOffset = offset + size;
        var next = nextOffset < threadCount ? ApiPaging.NextLink(request, ApiPaging.Cursor(nextOffset)) : null;
        return TypedResults.Ok(new ApiPage<ApiComment>(threads.Select(t => ToApi(t, articleId)).ToList(), next));
    }

    private static async Task<Results<Ok<ApiComment>, ProblemHttpResult>> GetAsync(long id, IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var comment = await db.Comments.AsNoTracking().Where(CommentVisibility.IsVisible)
            .Where(c => c.Id == id && c.Article!.PublishedAt <= now)
            .Select(c => new ApiComment(c.Id, c.ArticleId, c.ParentId, c.AuthorName, c.AuthorUrl, c.CreatedAt, c.EditedAt, c.BodyHtml, Array.Empty<ApiComment>()))
            .FirstOrDefaultAsync(ct);
        return comment is null ? ApiProblems.NotFound($"There is no published comment {id}.") : TypedResults.Ok(comment);
    }

    private static async Task<Results<Created<ApiPostResult>, ProblemHttpResult, ApiProblems.TooManyRequests>> PostAsync(long articleId, HttpRequest request, ApiCaller caller,
        CommentPosting posting, IDbContextFactory<AppDbContext> dbFactory, CancellationToken ct)
    {
        var read = await ApiJson.ReadAsync<NewComment>(request);
        if (read.Problem is not null) return read.Problem;
        var comment = read.Value!;
        var errors = Check(comment);
        if (errors.Any) return ApiProblems.Invalid(errors);

        string? userId = null;
        if (comment.UserEmail is { } userEmail)
        {
            var normalized = userEmail.Trim().ToUpperInvariant();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            userId = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
            if (userId is null) return ApiProblems.Invalid("userEmail", "No account of this site has this email address.");
        }

        var result = await posting.PostAsync(new CommentSubmission
        {
            ArticleId = articleId,
            ParentId = comment.ParentId,
            Body = comment.Body!,
            AuthorName = comment.AuthorName ?? "",
            AuthorEmail = comment.AuthorEmail ?? "",
            AuthorUrl = comment.AuthorUrl ?? "",
            UserId = userId,
            // Never staff through the API: a key with the comment scope does not reach what the moderate scope gives (no holds, no flood control).
            HasStaffRole = false,
            Ip = comment.Ip?.Trim() ?? request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "",
            UserAgent = comment.UserAgent ?? request.Headers.UserAgent.ToString(),
        }, ct);

        if (result.CommentId is { } id)
        {
            var outcome = result.Outcome == PostingOutcome.Published ? ApiPostOutcome.Published : ApiPostOutcome.Held;
            return TypedResults.Created($"{ApiSetup.Prefix}/comments/{id}", new ApiPostResult(id, outcome));
        }
        var reason = result.Message ?? "The comment could not be posted.";
        return result.Refusal switch
        {
            RefusalKind.Flood => ApiProblems.TooMany(result.RetryAfter ?? TimeSpan.FromSeconds(1), reason),
            RefusalKind.NotFound => ApiProblems.NotFound(reason),
            _ => ApiProblems.Refused(reason, new Dictionary<string, object?> { ["reason"] = reason }),
        };
    }

    private static ApiText.Errors Check(NewComment comment)
    {
        var errors = new ApiText.Errors();
        errors.Text("body", comment.Body, DiscussionSettings.MaxCommentLength, required: true);
        errors.Text("authorName", comment.AuthorName, DiscussionSettings.MaxAuthorNameLength);
        errors.Text("authorEmail", comment.AuthorEmail, DiscussionSettings.MaxAuthorEmailLength);
        errors.Text("authorUrl", comment.AuthorUrl, DiscussionSettings.MaxAuthorUrlLength);
        errors.Text("userEmail", comment.UserEmail, DiscussionSettings.MaxAuthorEmailLength);
        errors.Text("userAgent", comment.UserAgent, MaxUserAgentLength);
        if (comment.UserEmail is not null && (comment.AuthorName ?? comment.AuthorEmail) is not null)
        {
            errors.Add("userEmail", "Post either as a site account (userEmail) or as a guest (authorName, authorEmail), not both.");
        }
        if (comment.Ip is not null && !IPAddress.TryParse(comment.Ip.Trim(), out _)) errors.Add("ip", "ip must be an IPv4 or IPv6 address.");
        if (comment.ParentId is <= 0) errors.Add("parentId", "parentId must be the id of a published comment.");
        return errors;
    }

    private static ApiComment ToApi(CommentNode node, long articleId) =>
        new(node.Comment.Id, articleId, node.Comment.ParentId, node.Comment.AuthorName, node.Comment.AuthorUrl, node.Comment.CreatedAt, node.Comment.EditedAt,
            node.Comment.BodyHtml, node.Children.Select(c => ToApi(c, articleId)).ToList());
}
