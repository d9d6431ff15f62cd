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
            && context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } invalid)
        {
            // The token could not even be read when the form itself could not be: say what was wrong with it instead.
            if (UnreadableForm.Of(invalid.Error) is { } unreadable) await WriteUnreadableFormPageAsync(context, original, unreadable);
            else await WriteExpiredFormPageAsync(context, original);
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

    private static async Task WriteUnreadableFormPageAsync(HttpContext context, Stream original, UnreadableForm unreadable)
    {
        var back = System.Net.WebUtility.HtmlEncode(context.Request.Path.Value ?? "/");
        var html = Encoding.UTF8.GetBytes(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not posted</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head>" +
            $"<body><main class=\"site-main\"><h1>{unreadable.Title}</h1><p role=\"alert\">Nothing was posted: {System.Net.WebUtility.HtmlEncode(unreadable.Message)}</p>" +
            $"<p><a href=\"{back}\">Return to the page</a></p></main></body></html>");
        context.Response.StatusCode = unreadable.StatusCode;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength = html.Length;
        await original.WriteAsync(html, context.RequestAborted);
    }

    /// <summary>Reader pages (GET, and form posts that re-render them); not static files or the staff circuit.</summary>
    private static bool MayCarryForm(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsPost(request.Method)) return false;
        var path = request.Path;
        if (StaffArea.Contains(path) || Api.ApiSetup.Contains(path) || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content")) return false;
        return !Path.HasExtension(path.Value);
    }
}

/// <summary>
/// A posted form the server could not read, and why, for the author: a NUL byte, a text over the
/// form's size limits, or more fields than any form here has. The framework only throws
/// InvalidDataException with its own wording; what is not recognised is passed on as it says it.
/// </summary>
internal sealed record UnreadableForm(int StatusCode, string Title, string Message)
{
    public static UnreadableForm? Of(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return TooLong;
            if (e is not InvalidDataException) continue;
            if (e.Message.Contains("invalid characters", StringComparison.OrdinalIgnoreCase))
            {
                return new(StatusCodes.Status400BadRequest, "The text contains a character a form cannot carry",
                    "the text contains a NUL character (U+0000), which no comment, name or address may hold. Go back, remove it and post again.");
            }
            if (e.Message.Contains("count limit", StringComparison.OrdinalIgnoreCase))
            {
                return new(StatusCodes.Status400BadRequest, "The form sent too many fields",
                    "the form sent far more fields than any form on this site has. Go back, reload the page and post again.");
            }
            if (e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase)) return TooLong;
            return new(StatusCodes.Status400BadRequest, "The form could not be read", $"the form could not be read ({e.Message}). Go back, reload the page and post again.");
        }
        return null;
    }

    private static readonly UnreadableForm TooLong = new(StatusCodes.Status413PayloadTooLarge, "The text is too long",
        $"the text is far too long to send; a comment may have at most {CommentModeration.Core.Discussion.DiscussionSettings.MaxCommentLength:N0} characters. Go back, shorten it and post again.");
}
