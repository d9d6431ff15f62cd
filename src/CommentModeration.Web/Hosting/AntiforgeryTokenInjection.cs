using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;

namespace CommentModeration.Web.Hosting;

/// <summary>
/// Lets a cached page carry a fresh antiforgery token. Reader forms render a fixed placeholder
/// as the token's value (so the page can be output-cached and rendering never touches
/// IAntiforgery); this middleware, outside the output cache, swaps the placeholder in HTML
/// responses for a token issued to this browser. Works without JavaScript.
/// </summary>
public sealed class AntiforgeryTokenInjection(RequestDelegate next, IAntiforgery antiforgery)
{
    public const string Placeholder = "__cm_antiforgery_placeholder__";
    private static readonly byte[] PlaceholderBytes = Encoding.UTF8.GetBytes(Placeholder);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!MayCarryForm(context.Request))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new PooledResponseBuffer();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (buffer.Length == 0 && context.Response.StatusCode == StatusCodes.Status400BadRequest
            && context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            await WriteExpiredFormPageAsync(context, original);
            return;
        }

        var body = buffer.Written;
        var first = body.Span.IndexOf(PlaceholderBytes);
        if (first < 0 || context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) != true)
        {
            if (!context.Response.HasStarted && context.Response.ContentLength is null) context.Response.ContentLength = body.Length;
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.BodyWriter.WriteAsync(body, context.RequestAborted);
            return;
        }

        var token = Encoding.UTF8.GetBytes(antiforgery.GetAndStoreTokens(context).RequestToken ?? "");
        context.Response.ContentLength = body.Length + CountPlaceholders(body.Span[first..]) * (token.Length - PlaceholderBytes.Length);
        // Headers first: what is written before them Kestrel keeps aside and copies again behind them.
        await context.Response.StartAsync(context.RequestAborted);
        // Copied piece by piece from the buffer into the connection's own pipe, sent with one flush.
        var writer = context.Response.BodyWriter;
        var rest = body.Span;
        var index = first;
        while (index >= 0)
        {
            writer.Write(rest[..index]);
            writer.Write(token);
            rest = rest[(index + PlaceholderBytes.Length)..];
            index = rest.IndexOf(PlaceholderBytes);
        }
        writer.Write(rest);
        await writer.FlushAsync(context.RequestAborted);
    }

    private static int CountPlaceholders(ReadOnlySpan<byte> body)
    {
        var count = 0;
        for (var index = body.IndexOf(PlaceholderBytes); index >= 0; index = body.IndexOf(PlaceholderBytes))
        {
            count++;
            body = body[(index + PlaceholderBytes.Length)..];
        }
        return count;
    }

    /// <summary>A form posted without a valid token (expired page, or a forged cross-site post): say so plainly, store nothing.</summary>
    private static async Task WriteExpiredFormPageAsync(HttpContext context, Stream original)
    {
        var back = System.Net.WebUtility.HtmlEncode(context.Request.Path.Value ?? "/");
        var html = Encoding.UTF8.GetBytes(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Form expired</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head>" +
            "<body><main class=\"site-main\"><h1>This form has expired</h1><p role=\"alert\">What you sent was not saved because the page's security token was missing or out of date. " +
            $"Go back, reload the page and send it again.</p><p><a href=\"{back}\">Return to the page</a></p></main></body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength = html.Length;
        await original.WriteAsync(html, context.RequestAborted);
    }

    /// <summary>Reader pages (GET, and form posts that re-render them); not static files or the staff circuit.</summary>
    private static bool MayCarryForm(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsPost(request.Method)) return false;
        var path = request.Path;
        if (StaffArea.Contains(path) || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content")) return false;
        return !Path.HasExtension(path.Value);
    }
}
