using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.File;
using CommentModeration.Data.Comments;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommentModeration.Web.Api;

/// <summary>A text to check against the rules in force, with what is known of its author (a guest with no history unless said).</summary>
public sealed record RulesCheckRequest(string? Body, string? AuthorName = null, string? AuthorEmail = null, string? AuthorUrl = null, string? Ip = null);

/// <param name="Action">What the rules would do with it: publish, flag, censor, hold, spam or reject.</param>
/// <param name="DecidedBy">The rule or check that decided; null when none fired.</param>
public sealed record ApiVerdict(string Action, string? DecidedBy, string? Reason, int Revision, IReadOnlyList<ApiHit> Hits);

public sealed record ApiRulesImported(int Revision, int Rules, int WordLists);

/// <summary>
/// /api/v1/rules: the rules file out and in (the format of docs/rules.md, validated as the admin
/// page and `rules import` validate it), and a text checked against the rules in force. Checking
/// needs the moderate scope, not read: its hits show what the word lists hold, which the public must not learn.
/// </summary>
public static class RulesApi
{
    /// <summary>As the admin page's import.</summary>
    private const int MaxRulesFileBytes = 5 * 1024 * 1024;

    public static RouteGroupBuilder MapRulesApi(this RouteGroupBuilder api)
    {
        var rules = api.MapGroup("/rules").WithTags("Rules");
        rules.MapGet("/", ExportAsync).RequireScope(ApiScopes.Admin)
            .WithSummary("Export the rule set in force as a rules file").Produces(StatusCodes.Status200OK, contentType: "application/json");
        rules.MapPut("/", ImportAsync).RequireScope(ApiScopes.Admin).Accepts<object>("application/json")
            .WithSummary("Import a rules file: validated whole, then saved as a new revision in force at once")
            .WithDescription("The body is a rules file (docs/rules.md). An invalid file saves nothing: 400 with every error and its line and position.")
            .ProducesValidationProblem();
        rules.MapPost("/check", Check).RequireScope(ApiScopes.Moderate).Accepts<RulesCheckRequest>("application/json")
            .WithSummary("Check a text against the rules in force: the verdict and every hit")
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<ContentHttpResult> ExportAsync(RuleSetStore store, CancellationToken ct) =>
        TypedResults.Text(RulesFile.Serialize(await store.LoadAsync(ct)), "application/json; charset=utf-8");

    private static async Task<Results<Ok<ApiRulesImported>, ProblemHttpResult>> ImportAsync(HttpRequest request, ApiCaller caller, RuleSetEditing editing, CancellationToken ct)
    {
        var read = await ApiJson.ReadTextAsync(request, MaxRulesFileBytes);
        if (read.Problem is not null) return read.Problem;
        var (definition, errors) = RuleSetEditing.Import(read.Value!);
        if (definition is null) return Invalid(errors);
        var saved = await editing.SaveAsync(definition, caller.Actor, $"Imported through the API (key {caller.KeyName})", ct);
        if (saved.Succeeded) return TypedResults.Ok(new ApiRulesImported(saved.Revision!.Value, definition.Rules.Count, definition.WordLists.Count));
        return saved.Errors.Any(e => e.Message == CurrentRoles.Revoked) ? ApiProblems.Forbidden(CurrentRoles.Revoked) : Invalid(saved.Errors);
    }

    private static ProblemHttpResult Invalid(IReadOnlyList<RuleSetError> errors)
    {
        var fields = new ApiText.Errors();
        foreach (var error in errors) fields.Add("rules", error.ToString());
        return ApiProblems.Invalid(fields);
    }

    private static async Task<Results<Ok<ApiVerdict>, ProblemHttpResult>> Check(HttpRequest request, CurrentRuleSet rules, TimeProvider clock)
    {
        var read = await ApiJson.ReadAsync<RulesCheckRequest>(request);
        if (read.Problem is not null) return read.Problem;
        var input = read.Value!;
        var errors = new ApiText.Errors();
        errors.Text("body", input.Body, Core.Discussion.DiscussionSettings.MaxCommentLength, required: true);
        errors.Text("authorName", input.AuthorName, Core.Discussion.DiscussionSettings.MaxAuthorNameLength);
        errors.Text("authorEmail", input.AuthorEmail, Core.Discussion.DiscussionSettings.MaxAuthorEmailLength);
        errors.Text("authorUrl", input.AuthorUrl, Core.Discussion.DiscussionSettings.MaxAuthorUrlLength);
        errors.Text("ip", input.Ip, 45);
        if (errors.Any) return ApiProblems.Invalid(errors);

        var text = new CandidateText(input.Body!, input.AuthorName ?? "", input.AuthorEmail ?? "", input.AuthorUrl ?? "", input.Ip ?? "", "");
        var ruleSet = rules.Current;
        var verdict = RuleEngine.Evaluate(CommentCandidates.Of(text, new AuthorContext(), article: null, new ActivityContext { Now = clock.GetUtcNow() }), ruleSet);
        return TypedResults.Ok(new ApiVerdict(RulesFile.ActionName(verdict.Action), verdict.DecidingHit?.Rule, verdict.DecidingHit?.Reason,
            verdict.RuleSetRevision, verdict.Hits.Select(ApiHit.Of).ToList()));
    }
}
