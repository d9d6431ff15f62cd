namespace CommentModeration.Core.Rules.Text;

/// <summary>A link found in text: its span in the original and its host name (lower case).</summary>
internal readonly record struct Link(int Start, int End, string Host);

/// <summary>
/// Finds links the way a reader would count them: every http:// or https:// address and every
/// bare www. address, whether written plainly, as a Markdown link or inside an HTML anchor.
/// </summary>
internal static class LinkScanner
{
    private static readonly Link[] None = [];

    public static Link[] Scan(string text)
    {
        if (string.IsNullOrEmpty(text)) return None;
        List<Link>? links = null;
        var span = text.AsSpan();
        var at = 0;
        while (at < span.Length)
        {
            var http = span[at..].IndexOf("http", StringComparison.OrdinalIgnoreCase);
            var www = span[at..].IndexOf("www.", StringComparison.OrdinalIgnoreCase);
            if (http < 0 && www < 0) break;
            var next = at + (http < 0 ? www : www < 0 ? http : Math.Min(http, www));
            if (next > 0 && char.IsLetterOrDigit(text[next - 1])) { at = next + 1; continue; }
            var hostStart = HostStart(text, next);
            if (hostStart < 0) { at = next + 1; continue; }
            var end = LinkEnd(text, hostStart);
            var host = Host(text, hostStart, end);
            if (host.Length == 0 || !host.Contains('.')) { at = next + 1; continue; }
            (links ??= []).Add(new Link(next, end, host));
            at = end;
        }
        return links?.ToArray() ?? None;
    }

    /// <summary>A website field: an address with or without its scheme.</summary>
    public static Link[] ScanAddress(string address)
    {
        var trimmed = address.Trim();
        if (trimmed.Length == 0) return None;
        var offset = address.IndexOf(trimmed, StringComparison.Ordinal);
        var hostStart = HostStart(address, offset);
        if (hostStart < 0) hostStart = offset;
        var end = LinkEnd(address, hostStart);
        var host = Host(address, hostStart, end);
        return host.Contains('.') ? [new Link(offset, end, host)] : None;
    }

    /// <summary>True when <paramref name="host"/> is <paramref name="domain"/> or one of its subdomains: on label boundaries only.</summary>
    public static bool IsWithin(ReadOnlySpan<char> host, ReadOnlySpan<char> domain) =>
        host.Length == domain.Length
            ? host.Equals(domain, StringComparison.OrdinalIgnoreCase)
            : host.Length > domain.Length && host[^(domain.Length + 1)] == '.' && host[^domain.Length..].Equals(domain, StringComparison.OrdinalIgnoreCase);

    private static int HostStart(string text, int at)
    {
        var rest = text.AsSpan(at);
        if (rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return at + 8;
        if (rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) return at + 7;
        if (rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) return at;
        return -1;
    }

    private static int LinkEnd(string text, int from)
    {
        var end = from;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('<' or '>' or '"' or '\'' or '(' or ')' or '[' or ']' or '{' or '}' or '|' or '`'))
        {
            end++;
        }
        while (end > from && text[end - 1] is '.' or ',' or ';' or ':' or '!' or '?' or '*' or '_') end--;
        return end;
    }

    private static string Host(string text, int start, int end)
    {
        var authority = text.AsSpan(start, end - start);
        var stop = authority.IndexOfAny('/', '?', '#');
        if (stop >= 0) authority = authority[..stop];
        var credentials = authority.LastIndexOf('@');
        if (credentials >= 0) authority = authority[(credentials + 1)..];
        var port = authority.IndexOf(':');
        if (port >= 0) authority = authority[..port];
        authority = authority.TrimEnd('.');
        return authority.ToString().ToLowerInvariant();
    }
}
