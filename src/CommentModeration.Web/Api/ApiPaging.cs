using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace CommentModeration.Web.Api;

/// <summary>A page of a list: its items, and the address of the next page (null on the last).</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// The one way every list endpoint pages: <c>?pageSize=</c> (1 to 100, default 20) and an opaque
/// <c>cursor</c> taken from the previous page's <c>next</c> link, which keeps the other parameters.
/// </summary>
public static class ApiPaging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>The page size asked for, or an error on <c>pageSize</c>.</summary>
    public static int PageSize(int? requested, ApiText.Errors errors)
    {
        if (requested is not { } size) return DefaultPageSize;
        if (size is >= 1 and <= MaxPageSize) return size;
        errors.Add("pageSize", $"pageSize must be from 1 to {MaxPageSize}.");
        return DefaultPageSize;
    }

    public static string Cursor(params long[] parts) =>
        WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes(string.Join('.', parts.Select(p => p.ToString(CultureInfo.InvariantCulture)))));

    /// <summary>The numbers a cursor holds (<paramref name="count"/> of them), or an error on <c>cursor</c>; none when no cursor was given.</summary>
    public static long[]? ReadCursor(string? cursor, int count, ApiText.Errors errors)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var parts = Encoding.ASCII.GetString(WebEncoders.Base64UrlDecode(cursor)).Split('.');
            var numbers = new long[parts.Length];
            if (parts.Length == count && parts.Select((p, i) => long.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i])).All(ok => ok)) return numbers;
        }
        catch (FormatException)
        {
        }
        errors.Add("cursor", "The cursor is not one this list gave; start again without it.");
        return null;
    }

    /// <summary>This request's address with <paramref name="cursor"/> in place of its own.</summary>
    public static string NextLink(HttpRequest request, string cursor)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(p => !p.Key.Equals("cursor", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new KeyValuePair<string, string?>("cursor", cursor));
        return request.PathBase + request.Path + QueryString.Create(query);
    }
}
