using CommentModeration.Web.Appeals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommentModeration.Web.Api;

/// <summary>/api/v1/transparency: the transparency report's figures for a time range, as JSON or CSV.</summary>
public static class TransparencyApi
{
    public static RouteGroupBuilder MapTransparencyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/transparency", ReadAsync).WithTags("Transparency").RequireScope(ApiScopes.Admin)
            .WithSummary("Notices by category, removals by ground and by automated or human decision, median time to decision, appeals and reversals")
            .WithDescription("from (inclusive) and until (exclusive): ISO 8601 times, at most 366 days apart; format: json (the default) or csv.")
            .Produces<TransparencyFigures>().Produces<string>(contentType: "text/csv")
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<Results<FileContentHttpResult, Ok<TransparencyFigures>, ProblemHttpResult>> ReadAsync(DateTimeOffset? from, DateTimeOffset? until, string? format,
        TransparencyReport report, CancellationToken ct)
    {
        var errors = new ApiText.Errors();
        if (TransparencyExport.RangeProblem(from, until) is { } problem) errors.Add("until", problem);
        if (format is not (null or "json" or "csv")) errors.Add("format", "format is json or csv.");
        if (errors.Any) return ApiProblems.Invalid(errors);
        var figures = await report.ComputeAsync(from!.Value, until!.Value, ct);
        return format == "csv" ? TransparencyExport.Csv(figures) : TypedResults.Ok(figures);
    }
}
