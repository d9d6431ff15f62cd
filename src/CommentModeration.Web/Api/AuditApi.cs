using CommentModeration.Web.Moderation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommentModeration.Web.Api;

/// <param name="Actor">Who: a person (through the API: "NAME via API key KEY"), or "automatic" for the engine.</param>
/// <param name="FiredChecks">For the engine's decisions: the rules and checks that fired (for a refused post: the one that refused it).</param>
/// <param name="OldText">For an edit: the text it replaced.</param>
/// <param name="NewText">For an edit: the text it wrote.</param>
public sealed record ApiAuditEntry(long Id, DateTimeOffset At, string Action, bool Automatic, string Actor, long? CommentId, string? AuthorKey,
    ApiCommentStatus? From, ApiCommentStatus? To, string? Reason, IReadOnlyList<string> FiredChecks, string? OldText, string? NewText);

/// <summary>/api/v1/audit: the append-only audit trail, newest first (by time, ties broken by id).</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ReadAsync).WithTags("Audit log").RequireScope(ApiScopes.Admin)
            .WithSummary("Read the audit log, newest first, filtered by action, actor, comment and time")
            .WithDescription("action: an action name (approve, reject, spam, posted, …); actor: part of the actor's name; from (inclusive) and until (exclusive): ISO 8601 times.")
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<Results<Ok<ApiPage<ApiAuditEntry>>, ProblemHttpResult>> ReadAsync(string? action, string? actor, long? commentId,
        DateTimeOffset? from, DateTimeOffset? until, int? pageSize, string? cursor, HttpRequest request, AuditLog log, CancellationToken ct)
    {
        var errors = new ApiText.Errors();
        errors.Text("action", action, 50);
        errors.Text("actor", actor, 300);
        var size = ApiPaging.PageSize(pageSize, errors);
        var after = ApiPaging.ReadCursor(cursor, 2, errors);
        if (after is [var ticks, _] && (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks))
        {
            errors.Add("cursor", "The cursor is not one this list gave; start again without it.");
        }
        if (from > until) errors.Add("from", "from must be before until.");
        if (errors.Any) return ApiProblems.Invalid(errors);

        var filter = new AuditLogFilter { Action = action?.Trim(), Actor = actor?.Trim(), CommentId = commentId, From = from, Until = until };
        AuditLogCursor? start = after is null ? null : new AuditLogCursor(new DateTimeOffset(after[0], TimeSpan.Zero), after[1]);
        var (entries, hasMore) = await log.GetPageAsync(filter, start, ct, size);
        var next = hasMore ? ApiPaging.NextLink(request, ApiPaging.Cursor(entries[^1].At.UtcTicks, entries[^1].Id)) : null;
        return TypedResults.Ok(new ApiPage<ApiAuditEntry>(entries.Select(e => new ApiAuditEntry(e.Id, e.At, e.Action, e.Automatic, e.ActorName, e.CommentId, e.AuthorKey,
            (ApiCommentStatus?)e.FromStatus, (ApiCommentStatus?)e.ToStatus, e.Reason, e.FiredChecks, e.OldText, e.NewText)).ToList(), next));
    }
}
