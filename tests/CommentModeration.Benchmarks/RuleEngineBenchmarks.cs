using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;
using CommentModeration.Core.Rules.Definition;

namespace CommentModeration.Benchmarks;

/// <summary>
/// The issue's speed targets: one 1 KB comment through the full rule set (10,000 + 5,000 terms,
/// 50 regex rules, 20 others, built-in checks), and the same two word lists as one combined
/// case-insensitive regex of escaped words with word boundaries, as Discourse builds its
/// watched words, against our word-list matching alone.
/// </summary>
[MemoryDiagnoser]
public class RuleEngineBenchmarks
{
    private CompiledRuleSet _full = null!;
    private CompiledRuleSet _wordListsOnly = null!;
    private CompiledRuleSet _regexOnly = null!;
    private Regex _combined = null!;
    private CommentCandidate _clean = null!;
    private CommentCandidate _withHits = null!;

    [GlobalSetup]
    public void Setup()
    {
        var definition = BenchmarkCorpus.Definition();
        _full = CompiledRuleSet.Compile(definition, new DiscussionSettings());
        _wordListsOnly = CompiledRuleSet.Compile(new RuleSetDefinition
        {
            WordLists = definition.WordLists,
            Rules = definition.Rules.Where(r => r.When is WordsCondition { List: not null }).ToList(),
        }, null);
        _regexOnly = CompiledRuleSet.Compile(new RuleSetDefinition
        {
            Rules = definition.Rules.Where(r => r.When is RegexCondition).ToList(),
        }, null);
        _combined = CombinedWordRegex(definition.WordLists.Values.SelectMany(t => t));
        _clean = BenchmarkCorpus.Candidate(BenchmarkCorpus.Comment(7, withHits: false));
        _withHits = BenchmarkCorpus.Candidate(BenchmarkCorpus.Comment(7, withHits: true));
    }

    /// <summary>
    /// The word lists as Discourse matches watched words: one alternation of the escaped terms
    /// between word boundaries, case-insensitive (`*` as `\S*`), compiled.
    /// </summary>
    public static Regex CombinedWordRegex(IEnumerable<string> terms)
    {
        var alternation = string.Join("|", terms.Select(t => Regex.Escape(t).Replace(@"\*", @"\S*", StringComparison.Ordinal)));
        return new Regex($@"\b(?:{alternation})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    [Benchmark(Description = "Evaluate: full rule set, clean 1 KB comment")]
    public Verdict EvaluateClean() => RuleEngine.Evaluate(_clean, _full);

    [Benchmark(Description = "Evaluate: full rule set, 1 KB comment with hits")]
    public Verdict EvaluateWithHits() => RuleEngine.Evaluate(_withHits, _full);

    [Benchmark(Baseline = true, Description = "Word lists: ours, 1 KB with hits")]
    public Verdict WordListsOurs() => RuleEngine.Evaluate(_withHits, _wordListsOnly);

    [Benchmark(Description = "Word lists: one combined regex (Discourse), 1 KB with hits")]
    public int WordListsCombinedRegex() => _combined.Count(_withHits.Body);

    [Benchmark(Description = "Regex rules only: 50 patterns, 1 KB with hits")]
    public Verdict RegexRulesOnly() => RuleEngine.Evaluate(_withHits, _regexOnly);
}

/// <summary>Compiling the full rule set from its definition (what an admin's save costs).</summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private RuleSetDefinition _definition = null!;

    [GlobalSetup]
    public void Setup() => _definition = BenchmarkCorpus.Definition();

    [Benchmark(Description = "Compile: 10,000 + 5,000 terms, 50 regexes, 20 other rules")]
    public CompiledRuleSet Compile() => CompiledRuleSet.Compile(_definition, new DiscussionSettings());
}

/// <summary>A backtest's inner loop: 1,000 varied 1 KB comments through the full set (× 100 for the issue's 100,000).</summary>
public class BacktestBenchmarks
{
    private CompiledRuleSet _full = null!;
    private CommentCandidate[] _comments = null!;

    [GlobalSetup]
    public void Setup()
    {
        _full = CompiledRuleSet.Compile(BenchmarkCorpus.Definition(), new DiscussionSettings());
        _comments = Enumerable.Range(0, 1000).Select(i => BenchmarkCorpus.Candidate(BenchmarkCorpus.Comment(i, withHits: i % 4 == 0))).ToArray();
    }

    [Benchmark(Description = "Backtest: 1,000 comments")]
    public int Backtest1000()
    {
        var held = 0;
        foreach (var comment in _comments)
        {
            if (!RuleEngine.Evaluate(comment, _full).Publishes) held++;
        }
        return held;
    }
}
