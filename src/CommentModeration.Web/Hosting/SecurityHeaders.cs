namespace CommentModeration.Web.Hosting;

/// <summary>
/// Headers on every response. Reader pages run one small same-origin script (wwwroot/js/replies.js,
/// which loads the replies a page leaves out in place) and no inline script, so their policy allows
/// only same-origin scripts; the staff workspaces add what Blazor Server and
/// MudBlazor need (inline styles), still without inline script; 'self' in connect-src covers the
/// circuit's WebSocket to this host, so no bare ws: or wss: lets a script reach any other.
/// </summary>
public static class SecurityHeaders
{
    public const string ReaderPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string StaffPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Decided by the address asked for, before any re-execution (error and not-found pages).
            var path = context.Request.Path;
            var policy = StaffArea.Contains(path) ? StaffPolicy : ReaderPolicy;
            var apiReference = path.StartsWithSegments(Api.ApiSetup.ReferencePath, StringComparison.OrdinalIgnoreCase);
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                // The API reference's scripts carry the nonce its page was rendered with, known only now.
                headers.ContentSecurityPolicy = apiReference ? Api.ApiSetup.ReferencePagePolicy(context) : policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
