using System.Globalization;
using System.Text;
using CommentModeration.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommentModeration.Web.Appeals;

/// <summary>The admins' downloads of the transparency report (CSV and JSON), from /admin/transparency.</summary>
public static class TransparencyExport
{
    public const string ExportPath = "/admin/transparency/export";

    public static readonly TimeSpan LongestRange = TimeSpan.FromDays(366);

    public static string? RangeProblem(DateTimeOffset? from, DateTimeOffset? until) =>
        from is null || until is null ? "Give both from and until."
        : from >= until ? "from must be before until."
        : until - from > LongestRange ? "The range is at most 366 days."
        : null;

    public static string UrlFor(DateTimeOffset from, DateTimeOffset until, string format) =>
        $"{ExportPath}?from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&until={Uri.EscapeDataString(until.ToString("O", CultureInfo.InvariantCulture))}&format={format}";

    public static FileContentHttpResult Csv(TransparencyFigures figures) =>
        TypedResults.File(Encoding.UTF8.GetBytes(TransparencyReport.ToCsv(figures)), "text/csv; charset=utf-8", FileName(figures, "csv"));

    public static IEndpointRouteBuilder MapTransparencyExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ExportPath, async (DateTimeOffset? from, DateTimeOffset? until, string? format, TransparencyReport report, CancellationToken ct) =>
        {
            if (RangeProblem(from, until) is { } problem) return Results.BadRequest(problem);
            var figures = await report.ComputeAsync(from!.Value, until!.Value, ct);
            return format == "csv" ? Csv(figures)
                : Results.File(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(figures, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
                    "application/json", FileName(figures, "json"));
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        return endpoints;
    }

    private static string FileName(TransparencyFigures figures, string extension) =>
        $"transparency-{figures.From:yyyy-MM-dd}-{figures.Until:yyyy-MM-dd}.{extension}";
}
