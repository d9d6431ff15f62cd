using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommentModeration.Web.Api;

/// <summary>
/// Reads request bodies. Endpoints read their JSON here instead of letting the framework bind
/// it, so that malformed JSON, a wrong type or an unknown field is a 400 problem naming the
/// field, not an empty 400. (Each endpoint declares its body with <c>Accepts</c> for the document.)
/// </summary>
public static class ApiJson
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // A misspelt or forged field is refused, not silently ignored.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public sealed record Read<T>(T? Value, ProblemHttpResult? Problem) where T : class;

    public static async Task<Read<T>> ReadAsync<T>(HttpRequest request, int maxBytes = MaxBodyBytes) where T : class
    {
        var text = await ReadTextAsync(request, maxBytes);
        if (text.Problem is not null) return new(null, text.Problem);
        try
        {
            var value = JsonSerializer.Deserialize<T>(text.Value!, Options);
            return value is null ? new(null, ApiProblems.Invalid("body", "The body must be a JSON object.")) : new(value, null);
        }
        catch (JsonException e)
        {
            var field = e.Path is null or "$" ? "body" : e.Path.TrimStart('$', '.');
            if (field.Length == 0) field = "body";
            var message = e.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            // Not the .NET type's name, which says nothing to a caller.
            message = message.Contains("could not be mapped", StringComparison.Ordinal) ? $"'{field}' is not a field of this request; see the reference at {ApiSetup.ReferencePath}."
                : "Not valid JSON here: " + message.Trim();
            return new(null, ApiProblems.Invalid(field, message));
        }
    }

    /// <summary>A JSON body as text, at most <paramref name="maxBytes"/>, refused as a problem when it is not JSON or too large.</summary>
    public static async Task<Read<string>> ReadTextAsync(HttpRequest request, int maxBytes = MaxBodyBytes)
    {
        if (!request.HasJsonContentType()) return new(null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as JSON (Content-Type: application/json)."));
        if (request.ContentLength > maxBytes) return new(null, TooLarge(maxBytes));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes) return new(null, TooLarge(maxBytes));
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return new(new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return new(null, ApiProblems.Invalid("body", "The body is not UTF-8 text."));
        }
    }

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {maxBytes / 1024:N0} KB.");
}
