using System.Collections.Frozen;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.Evaluation;
using CommentModeration.Core.Rules.Text;

namespace CommentModeration.Core.Rules.Predicates;

/// <summary>How many links the body has, and whether any link (body or website field) goes to a listed domain.</summary>
internal sealed class LinksPredicate(int? atLeast, FrozenSet<string>? domains) : Predicate
{
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>>? _domains = domains?.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>"https://www.Example.com/" → "www.example.com"; "*.example.com" → "example.com".</summary>
    public static string NormalizeDomain(string domain)
    {
        var d = domain.Trim().ToLowerInvariant();
        var scheme = d.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) d = d[(scheme + 3)..];
        var slash = d.IndexOfAny(['/', '?', '#', ':']);
        if (slash >= 0) d = d[..slash];
        return d.TrimStart('*').Trim('.');
    }

    public override bool Test(EvaluationContext context)
    {
        var links = context.BodyLinks;
        if (atLeast is { } minimum && links.Length < minimum) return false;
        if (_domains is not { } lookup)
        {
            foreach (var link in links) context.Matches.Add(new FieldMatch(TextField.Body, link.Start, link.End));
            return true;
        }
        var found = false;
        foreach (var link in links)
        {
            if (!IsListed(lookup, link.Host)) continue;
            found = true;
            context.Matches.Add(new FieldMatch(TextField.Body, link.Start, link.End));
        }
        foreach (var link in context.WebsiteLinks)
        {
            if (!IsListed(lookup, link.Host)) continue;
            found = true;
            context.Matches.Add(new FieldMatch(TextField.AuthorUrl, link.Start, link.End));
        }
        return found;
    }

    /// <summary>The host itself or any parent domain on a label boundary: www.example.com is within example.com, attacker-example.com is not.</summary>
    private static bool IsListed(FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup, string host)
    {
        ReadOnlySpan<char> rest = host;
        while (true)
        {
            if (lookup.Contains(rest)) return true;
            var dot = rest.IndexOf('.');
            if (dot < 0) return false;
            rest = rest[(dot + 1)..];
        }
    }
}
