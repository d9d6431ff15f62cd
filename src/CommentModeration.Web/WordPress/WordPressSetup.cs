using CommentModeration.Data.Entities;

namespace CommentModeration.Web.WordPress;

/// <summary>WordPress import and export (WXR): the services, and the admins' download of the export.</summary>
public static class WordPressSetup
{
    public const string ExportPath = "/admin/wordpress/export";

    public static IServiceCollection AddWordPress(this IServiceCollection services)
    {
        services.AddSingleton<WordPressHtml>();
        services.AddSingleton<WxrImport>();
        services.AddSingleton<WxrExport>();
        return services;
    }

    public static IEndpointRouteBuilder MapWordPressExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ExportPath, async (WxrExport export, HttpContext context, CancellationToken cancellationToken) =>
        {
            // Written to a temporary file first: the XML writer writes synchronously, which a response body refuses.
            var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
            await export.WriteAsync(file, cancellationToken);
            file.Position = 0;
            return Results.File(file, "application/rss+xml; charset=utf-8", export.FileName);
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        return endpoints;
    }
}
