using System.Text.Json.Serialization;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.File;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Moderation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommentModeration.Web.Api;

[JsonConverter(typeof(JsonStringEnumConverter<ApiCommentStatus>))]
public enum ApiCommentStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("approved")] Approved,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("spam")] Spam,
}

[JsonConverter(typeof(JsonStringEnumConverter<ApiQueue>))]
public enum ApiQueue
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("reported")] Reported,
    [JsonStringEnumMemberName("flagged")] Flagged,
    [JsonStringEnumMemberName("spam")] Spam,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("approved")] Approved,
    [JsonStringEnumMemberName("all")] All,
}

/// <summary>A rule or discussion check that fired, with what it matched (spans of the field's text).</summary>
/// <param name="Action">publish, flag, censor, hold, spam or reject.</param>
/// <param name="Overridden">A soft hold that an approve rule overrode: shown to explain, not deciding.</param>
public sealed record ApiHit(string Rule, string RuleKey, string Action, string Reason, string? Field, IReadOnlyList<MatchSpan> Spans, bool Overridden)
{
    public static ApiHit Of(RuleHit hit) => new(hit.Rule, hit.RuleKey, RulesFile.ActionName(hit.Action), hit.Reason, hit.Field, hit.Spans, hit.Overridden);
}

public sealed record ApiQueueCounts(long Pending, long Reported, long Flagged, long Spam, long Rejected, long Approved);

/// <param name="Version">The comment's version: send it back as If-Match to decide on it.</param>
/// <param name="Hits">The names of the rules and checks that fired when it was posted; GET /moderation/comments/{id} has their reasons and spans.</param>
public sealed record ApiQueueItem(long Id, string Version, ApiCommentStatus Status, DateTimeOffset CreatedAt, long ArticleId, string ArticleTitle, string AuthorName,
    string Excerpt, bool NeedsReview, int OpenReports, bool HiddenByReports, string Verdict, IReadOnlyList<string> Hits);

/// <param name="Version">Also the ETag: send it as If-Match to approve, reject or mark as spam.</param>
public sealed record ApiModerationComment(long Id, string Version, ApiCommentStatus Status, long ArticleId, string ArticleTitle, long? ParentId, string AuthorName,
    string Text, string Html, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, bool NeedsReview, int OpenReports, bool HiddenByReports,
    string? RejectionReason, string Verdict, IReadOnlyList<ApiHit> Hits);

public sealed record Rejection(string? Reason);

/// <summary>
/// /api/v1/moderation: the queues and the decisions, through <see cref="ModeratorDecisions"/> (the
/// comment kernel's transactions, audit rows naming the key's owner and the key). A decision names
/// the version it was made on (If-Match): a stale one changes nothing and answers 412 with the state now.
/// </summary>
public static class ModerationApi
{
    public static RouteGroupBuilder MapModerationApi(this RouteGroupBuilder api)
    {
        var moderation = api.MapGroup("/moderation").WithTags("Moderation");
        moderation.MapGet("/counts", CountsAsync).RequireScope(ApiScopes.Moderate).WithSummary("How many comments each queue holds");
        moderation.MapGet("/queues/{queue}", QueueAsync).RequireScope(ApiScopes.Moderate)
            .WithSummary("List a queue, oldest first, with the rules that fired").ProducesValidationProblem();
        moderation.MapGet("/comments/{id:long}", GetAsync).RequireScope(ApiScopes.Moderate)
            .WithSummary("Get a comment with its hits; its version is the ETag").ProducesProblem(StatusCodes.Status404NotFound);
        moderation.MapPost("/comments/{id:long}/approve", (long id, HttpRequest request, ApiCaller caller, ModeratorDecisions decisions, ModerationQueue queue, CancellationToken ct) =>
                DecideAsync(id, request, queue, comment => decisions.ApproveAsync([comment], caller.Actor, ct), ct))
            .RequireScope(ApiScopes.Moderate).Decision("Approve a comment: publish it, or clear its flag or reports");
        moderation.MapPost("/comments/{id:long}/reject", RejectAsync).RequireScope(ApiScopes.Moderate).Accepts<Rejection>("application/json")
            .Decision("Reject a comment, with the reason its author is told").ProducesValidationProblem();
        moderation.MapPost("/comments/{id:long}/spam", (long id, HttpRequest request, ApiCaller caller, ModeratorDecisions decisions, ModerationQueue queue, CancellationToken ct) =>
                DecideAsync(id, request, queue, comment => decisions.SpamAsync([comment], caller.Actor, ct), ct))
            .RequireScope(ApiScopes.Moderate).Decision("Mark a comment as spam");
        return api;
    }

    private static RouteHandlerBuilder Decision(this RouteHandlerBuilder builder, string summary) =>
        builder.WithSummary(summary)
            .WithDescription("Send the comment's version as If-Match (the ETag of GET /moderation/comments/{id}). A stale version changes nothing: 412 with the state now.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);

    private static async Task<Ok<ApiQueueCounts>> CountsAsync(ModerationQueue queue, CancellationToken ct)
    {
        var counts = await queue.GetCountsAsync(ct);
        return TypedResults.Ok(new ApiQueueCounts(counts.Pending, counts.Reported, counts.Flagged, counts.Spam, counts.Rejected, counts.Approved));
    }

    private static async Task<Results<Ok<ApiPage<ApiQueueItem>>, ProblemHttpResult>> QueueAsync(string queue, int? pageSize, string? cursor, HttpRequest request,
        ModerationQueue moderationQueue, CancellationToken ct)
    {
        var errors = new ApiText.Errors();
        if (!Enum.TryParse<ApiQueue>(queue, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(queue, out _))
        {
            errors.Add("queue", $"The queues are {string.Join(", ", Enum.GetNames<ApiQueue>().Select(n => n.ToLowerInvariant()))}.");
        }
        var size = ApiPaging.PageSize(pageSize, errors);
        var after = ApiPaging.ReadCursor(cursor, 2, errors);
        if (errors.Any) return ApiProblems.Invalid(errors);

        var page = await moderationQueue.GetPageAsync(new QueueFilter { Queue = (QueueKind)kind },
            after is [var ticks, var id] ? new QueueCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id) : null, pageSize: size, ct: ct);
        var next = page.HasNext && page.Last is { } last ? ApiPaging.NextLink(request, ApiPaging.Cursor(last.CreatedAt.UtcTicks, last.Id)) : null;
        var items = page.Items.Select(i => new ApiQueueItem(i.Id, i.Version.ToString(), (ApiCommentStatus)i.Status, i.CreatedAt, i.ArticleId, i.ArticleTitle, i.AuthorName,
            i.Excerpt, i.NeedsReview, i.OpenReportCount, i.HiddenByReports, RulesFile.ActionName(i.VerdictAction), i.FiredRules)).ToList();
        return TypedResults.Ok(new ApiPage<ApiQueueItem>(items, next));
    }

    private static async Task<Results<Ok<ApiModerationComment>, ProblemHttpResult>> GetAsync(long id, HttpResponse response, ModerationQueue queue, CancellationToken ct)
    {
        if (await queue.GetItemAsync(id, ct) is not { } item) return ApiProblems.NotFound($"There is no comment {id}.");
        response.Headers.ETag = ETagOf(item.Version);
        return TypedResults.Ok(ToApi(item));
    }

    private static async Task<Results<Ok<ApiModerationComment>, ProblemHttpResult>> RejectAsync(long id, HttpRequest request, ApiCaller caller,
        ModeratorDecisions decisions, ModerationQueue queue, CancellationToken ct)
    {
        var read = await ApiJson.ReadAsync<Rejection>(request);
        if (read.Problem is not null) return read.Problem;
        var errors = new ApiText.Errors();
        errors.Text("reason", read.Value!.Reason, ModeratorDecisions.MaxReasonLength, required: true);
        if (errors.Any) return ApiProblems.Invalid(errors);
        return await DecideAsync(id, request, queue, comment => decisions.RejectAsync([comment], read.Value.Reason!, caller.Actor, ct), ct);
    }

    private static async Task<Results<Ok<ApiModerationComment>, ProblemHttpResult>> DecideAsync(long id, HttpRequest request, ModerationQueue queue,
        Func<CommentRef, Task<DecisionResult>> decide, CancellationToken ct)
    {
        string? ifMatch = request.Headers.IfMatch;
        if (string.IsNullOrEmpty(ifMatch))
        {
            return ApiProblems.Problem(StatusCodes.Status428PreconditionRequired, "If-Match required",
                "Send the comment's version as If-Match (the ETag of GET /moderation/comments/{id}), so a decision on a comment someone changed meanwhile changes nothing.");
        }
        if (!Guid.TryParse(ifMatch.Trim().Trim('"'), out var version))
        {
            return ApiProblems.Invalid("If-Match", "If-Match must be the comment's ETag, a quoted version like \"3f2c…\".");
        }
        if (await queue.GetItemAsync(id, ct) is not { } current) return ApiProblems.NotFound($"There is no comment {id}.");
        if (current.Version != version) return Stale(current);

        var result = await decide(new CommentRef(id, version));
        var now = await queue.GetItemAsync(id, ct);
        if (result.Changed.Count > 0 && now is not null)
        {
            request.HttpContext.Response.Headers.ETag = ETagOf(now.Version);
            return TypedResults.Ok(ToApi(now));
        }
        var message = string.Join(" ", result.Refused.Select(r => r.Message));
        if (now is null) return ApiProblems.NotFound($"There is no comment {id}.");
        if (message == CurrentRoles.Revoked) return ApiProblems.Forbidden(message);
        // Someone decided between the read above and this decision: the kernel refused it on the version.
        if (now.Version != version) return Stale(now);
        return ApiProblems.Conflict(message);
    }

    /// <summary>412 with the comment as it is now, so the caller can look again and decide with its current version.</summary>
    private static ProblemHttpResult Stale(QueueItemDetail now) =>
        ApiProblems.Problem(StatusCodes.Status412PreconditionFailed, "The comment changed",
            $"Comment {now.Id} changed since the version you sent; it is now {now.Status.ToString().ToLowerInvariant()}. Nothing was changed: look again and decide with its current version.",
            new Dictionary<string, object?> { ["current"] = ToApi(now), ["etag"] = ETagOf(now.Version) });

    private static string ETagOf(Guid version) => $"\"{version}\"";

    private static ApiModerationComment ToApi(QueueItemDetail c) =>
        new(c.Id, c.Version.ToString(), (ApiCommentStatus)c.Status, c.ArticleId, c.ArticleTitle, c.Parent?.Id, c.AuthorName, c.BodyText, c.BodyHtml, c.CreatedAt, c.EditedAt,
            c.NeedsReview, c.OpenReportCount, c.HiddenByReports, c.RejectionReason, RulesFile.ActionName(c.VerdictAction), c.Hits.Select(ApiHit.Of).ToList());
}
