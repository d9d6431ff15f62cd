using System.Collections.Frozen;
using System.Text.Json;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Core.Rules.Predicates;

namespace CommentModeration.Core.Rules.Kinds;

/// <summary><c>{ "links": { "atLeast": 3, "domains": ["example.com"], "domainList": "shady" } }</c></summary>
internal sealed class LinksKind() : ConditionKind<LinksCondition>("links")
{
    protected override void Read(LinksCondition links, RulesFileReader file, JsonObjectTree value, string path)
    {
        foreach (var m in file.Members(value, path, "atLeast", "domains", "domainList"))
        {
            var at = $"{path}.{m.Name}";
            switch (m.Name.ToLowerInvariant())
            {
                case "atleast": links.AtLeast = file.Int(m.Value, at); break;
                case "domains": links.Domains = file.Strings(m.Value, at) ?? []; break;
                case "domainlist": links.DomainList = file.String(m.Value, at); break;
            }
        }
    }

    protected override void Write(Utf8JsonWriter w, LinksCondition links)
    {
        if (links.AtLeast is { } atLeast) w.WriteNumber("atLeast", atLeast);
        if (links.Domains.Count > 0) RulesFile.WriteStrings(w, "domains", links.Domains);
        if (links.DomainList is not null) w.WriteString("domainList", links.DomainList);
    }

    protected override Predicate? Compile(LinksCondition links, RuleSetCompiler compiler, string path)
    {
        var at = links.Source;
        var domains = new List<string>(links.Domains ?? []);
        if (links.DomainList is { } listName)
        {
            if (!compiler.WordLists.TryGetValue(listName, out var listed) || listed is null)
            {
                compiler.Error(path + ".domainList", $"There is no word list named \u201c{listName}\u201d.", at);
                return null;
            }
            domains.AddRange(listed);
        }
        if (links.AtLeast is null && domains.Count == 0 && links.DomainList is null) { compiler.Error(path, "Give atLeast (a number of links), domains, or both.", at); return null; }
        if (links.AtLeast is < 1) { compiler.Error(path + ".atLeast", "atLeast must be at least 1.", at); return null; }
        var normalized = domains.Select(LinksPredicate.NormalizeDomain).ToList();
        var empty = domains.Where((d, i) => normalized[i].Length == 0).ToList();
        if (empty.Count > 0) { compiler.Error(path + ".domains", $"Not a domain: {string.Join(", ", empty.Select(d => $"\u201c{d}\u201d"))}.", at); return null; }
        var set = normalized.Count > 0 || links.DomainList is not null ? normalized.ToFrozenSet(StringComparer.OrdinalIgnoreCase) : null;
        return new LinksPredicate(links.AtLeast, set);
    }

    protected override string Describe(LinksCondition links)
    {
        var parts = new List<string>();
        if (links.AtLeast is { } n) parts.Add($"\u2265 {n} links");
        if (links.Domains.Count > 0) parts.Add("links to " + string.Join(", ", links.Domains));
        if (links.DomainList is { } list) parts.Add($"links to domains in \u201c{list}\u201d");
        return string.Join(" and ", parts);
    }

    protected override bool UsesList(LinksCondition links, string list) => links.DomainList == list;
}
