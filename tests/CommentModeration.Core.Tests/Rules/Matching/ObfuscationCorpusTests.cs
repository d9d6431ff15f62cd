using System.Text.Json;
using CommentModeration.Core.Rules;
using Xunit.Abstractions;

namespace CommentModeration.Core.Tests.Rules.Matching;

/// <summary>The word matcher against <see cref="ObfuscationCorpus"/>: what it catches and what it wrongly flags, kind by kind.</summary>
public class ObfuscationCorpusTests(ITestOutputHelper output)
{
    private static readonly CompiledRuleSet Banned = Given.Rules(
        $$"""{ "wordLists": { "banned": {{JsonSerializer.Serialize(ObfuscationCorpus.Terms)}} }, "rules": [ { "name": "Banned words", "action": "hold", "when": { "words": { "list": "banned" } } } ] }""");

    private static bool Matches(string body) => RuleEngine.Evaluate(Given.Comment(body), Banned).Hits.Count > 0;

    [Fact]
    public void Most_tricks_of_two_kinds_together_are_caught()
    {
        var missed = ObfuscationCorpus.CombinedObfuscated.Where(c => !Matches(c.Text)).ToList();
        var total = ObfuscationCorpus.CombinedObfuscated.Length;
        output.WriteLine($"{ObfuscationCorpus.Combined}: {total - missed.Count}/{total} caught");
        foreach (var (_, text) in missed) output.WriteLine($"missed: {text}");

        Assert.True(missed.Count * 10 <= total, $"{missed.Count} of {total} missed: {string.Join(", ", missed.Select(m => m.Text))}");
    }

    [Fact]
    public void Every_kind_of_obfuscation_is_caught_and_no_clean_sentence_is_flagged()
    {
        var missed = ObfuscationCorpus.Obfuscated.Where(c => !Matches(c.Text)).ToList();
        var flagged = ObfuscationCorpus.Clean.Where(c => Matches(c.Text)).ToList();

        output.WriteLine($"{"kind",-32} {"caught",10} {"false positives",16}");
        foreach (var kind in ObfuscationCorpus.Kinds)
        {
            var cases = ObfuscationCorpus.Obfuscated.Count(c => c.Kind == kind);
            var clean = ObfuscationCorpus.Clean.Count(c => c.Kind == kind);
            var caught = cases - missed.Count(c => c.Kind == kind);
            output.WriteLine($"{kind,-32} {(cases == 0 ? "-" : $"{caught}/{cases}"),10} {$"{flagged.Count(c => c.Kind == kind)}/{clean}",16}");
        }
        var total = ObfuscationCorpus.Obfuscated.Length;
        output.WriteLine($"{"all",-32} {$"{total - missed.Count}/{total}",10} {$"{flagged.Count}/{ObfuscationCorpus.Clean.Length}",16}");
        output.WriteLine($"catch rate {100.0 * (total - missed.Count) / total:F0}%");
        foreach (var (kind, text) in missed) output.WriteLine($"missed ({kind}): {text}");
        foreach (var (kind, text) in flagged) output.WriteLine($"flagged ({kind}): {text}");

        Assert.True(ObfuscationCorpus.Clean.Length >= 150);
        Assert.Empty(flagged);
        Assert.Empty(missed);
    }

    [Fact]
    // A small list skips words that start with none of its terms' letters; each trick still has to reach the one term it hides.
    public void Every_obfuscation_is_caught_by_a_list_of_the_one_term_it_hides()
    {
        var alone = ObfuscationCorpus.Terms.Select(term => Given.Rules(
            $$"""{ "rules": [ { "name": "One term", "action": "hold", "when": { "words": { "terms": [{{JsonSerializer.Serialize(term)}}] } } } ] }""")).ToList();

        var missed = ObfuscationCorpus.Obfuscated.Concat(ObfuscationCorpus.CombinedObfuscated)
            .Where(c => !alone.Any(rules => RuleEngine.Evaluate(Given.Comment(c.Text), rules).Hits.Count > 0))
            .Select(c => c.Text)
            .ToList();

        Assert.Empty(missed);
    }
}
