using System.Diagnostics;

namespace CommentModeration.Benchmarks;

/// <summary>`-- --quick`: a rough median per operation with a stopwatch, for iterating on the engine between BenchmarkDotNet runs.</summary>
public static class QuickTiming
{
    public static void Run()
    {
        if (Environment.GetCommandLineArgs().Contains("--regex"))
        {
            RegexEngineExperiment.Run();
            return;
        }
        var engine = new RuleEngineBenchmarks();
        engine.Setup();
        Report("(warm-up)", () => engine.EvaluateClean(), batches: 5, perBatch: 2000);
        Report("(warm-up, with hits)", () => engine.EvaluateWithHits(), batches: 5, perBatch: 2000);
        // Let the background JIT finish its tier-1 versions: on a loaded machine it lags, and its
        // CPU time would land in the first figures (CPU time is the whole process's).
        Thread.Sleep(1000);
        Report("Evaluate, clean 1 KB", () => engine.EvaluateClean());
        Report("Evaluate, 1 KB with hits", () => engine.EvaluateWithHits());
        Report("Word lists only (ours)", () => engine.WordListsOurs());
        Report("Regex rules only (ours)", () => engine.RegexRulesOnly());
        Report("Combined regex (Discourse style)", () => engine.WordListsCombinedRegex(), batches: 5, perBatch: 1);
        var definition = BenchmarkCorpus.Definition();
        var others = CommentModeration.Core.Rules.CompiledRuleSet.Compile(new CommentModeration.Core.Rules.Definition.RuleSetDefinition
        {
            Rules = definition.Rules.Skip(52).ToList(),
        }, new CommentModeration.Core.Discussion.DiscussionSettings());
        var candidate = BenchmarkCorpus.Candidate(BenchmarkCorpus.Comment(7, withHits: true));
        Report("Other 20 rules + built-ins", () => CommentModeration.Core.Rules.RuleEngine.Evaluate(candidate, others));
        if (Environment.GetCommandLineArgs().Contains("--each"))
        {
            foreach (var rule in definition.Rules.Skip(52))
            {
                var one = CommentModeration.Core.Rules.CompiledRuleSet.Compile(new CommentModeration.Core.Rules.Definition.RuleSetDefinition { Rules = [rule] }, null);
                Report(rule.Name + " " + rule.When!.GetType().Name, () => CommentModeration.Core.Rules.RuleEngine.Evaluate(candidate, one));
            }
        }
        var body = candidate.Body;
        Report("Normalize 1 KB body", () => CommentModeration.Core.Rules.Text.TextNormalizer.Normalize(body));
        var normalized = CommentModeration.Core.Rules.Text.TextNormalizer.Normalize(body);
        var matcher = CommentModeration.Core.Rules.Text.WordListMatcher.Compile(definition.WordLists["abuse"], CommentModeration.Core.Rules.Definition.WordMatch.Word);
        var sink = new List<CommentModeration.Core.Rules.Text.TermMatch>();
        Report("Match 10,000-term list on normalized", () => { sink.Clear(); return matcher.FindAll(normalized, sink); });
        var builtIns = CommentModeration.Core.Rules.CompiledRuleSet.FromSettings(new CommentModeration.Core.Discussion.DiscussionSettings());
        Report("Built-ins only", () => CommentModeration.Core.Rules.RuleEngine.Evaluate(candidate, builtIns));
        var compile = new CompileBenchmarks();
        compile.Setup();
        Report("Compile", () => compile.Compile(), batches: 7, perBatch: 1);
    }

    private static void Report(string name, Func<object> operation, int batches = 15, int perBatch = 200)
    {
        for (var i = 0; i < Math.Min(perBatch, 50); i++) operation();
        var times = new double[batches];
        var cpu = new double[batches];
        using var process = Process.GetCurrentProcess();
        long allocated = 0;
        for (var b = 0; b < batches; b++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < perBatch; i++) operation();
            times[b] = clock.Elapsed.TotalMicroseconds / perBatch;
            allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            process.Refresh();
            cpu[b] = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / perBatch;
        }
        // Allocations do not depend on the neighbours' load: a steadier signal than either clock.
        var allocatedPerOp = allocated / (double)(batches * perBatch);
        Array.Sort(times);
        Array.Sort(cpu);
        // On a shared machine wall time includes waiting for a core; CPU time is what the work itself costs.
        Console.WriteLine($"{name,-40} median wall {times[batches / 2],12:N2} µs/op, CPU {cpu[batches / 2],12:N2} µs/op, {allocatedPerOp,10:N0} B/op");
    }
}
