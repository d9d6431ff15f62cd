using System.Text.Json;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules.Definition;
using CommentModeration.Core.Rules.File;
using CommentModeration.Core.Rules.Predicates;

namespace CommentModeration.Core.Rules.Kinds;

/// <summary><c>{ "article": { "ageDays": { "atLeast": 30 }, "policy": ["premoderated"] } }</c></summary>
internal sealed class ArticleKind() : ConditionKind<ArticleCondition>("article")
{
    protected override void Read(ArticleCondition article, RulesFileReader file, JsonObjectTree value, string path)
    {
        foreach (var m in file.Members(value, path, "ageDays", "policy"))
        {
            var at = $"{path}.{m.Name}";
            if (m.Name.Equals("ageDays", StringComparison.OrdinalIgnoreCase)) { article.AgeDays = file.Range(m.Value, at); continue; }
            foreach (var (name, position) in file.StringsWithPositions(m.Value, at))
            {
                var cleaned = name.Replace("-", "").Replace("_", "").Replace(" ", "");
                if (Enum.TryParse<CommentPolicy>(cleaned, true, out var policy) && !int.TryParse(cleaned, out _)) article.Policy.Add(policy);
                else file.Error(at, $"Unknown policy \u201c{name}\u201d; use open, premoderated or closed.", position);
            }
        }
    }

    protected override void Write(Utf8JsonWriter w, ArticleCondition article)
    {
        RulesFile.WriteRange(w, "ageDays", article.AgeDays);
        if (article.Policy.Count > 0) RulesFile.WriteStrings(w, "policy", article.Policy.Select(RulesFile.PolicyName));
    }

    protected override Predicate? Compile(ArticleCondition article, RuleSetCompiler compiler, string path)
    {
        var at = article.Source;
        if (article.AgeDays is null && article.Policy.Count == 0) { compiler.Error(path, "Give ageDays, policy or both.", at); return null; }
        compiler.CheckRange(article.AgeDays, path + ".ageDays", at);
        return new ArticlePredicate(article.AgeDays, article.Policy.ToArray());
    }

    protected override string Describe(ArticleCondition a)
    {
        var parts = new List<string>();
        if (a.AgeDays is { } age) parts.Add("age " + ConditionDescriptions.Range(age.AtLeast, age.AtMost, " days"));
        if (a.Policy.Count > 0) parts.Add("policy " + string.Join("/", a.Policy.Select(ConditionDescriptions.PolicyName)));
        return "article " + string.Join(", ", parts);
    }
}
