using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using CommentModeration.Benchmarks;
using CommentModeration.Core.Discussion;
using CommentModeration.Core.Rules;

// Memory of one compiled rule set: what stays reachable after compiling (measured outside
// BenchmarkDotNet, which reports allocations, not retained size).
var definition = BenchmarkCorpus.Definition();
var before = GC.GetTotalMemory(forceFullCollection: true);
var compiled = CompiledRuleSet.Compile(definition, new DiscussionSettings());
var after = GC.GetTotalMemory(forceFullCollection: true);
Console.WriteLine($"Compiled rule set ({compiled.Rules.Count} rules, 15,000 terms): {(after - before) / 1024.0 / 1024.0:F1} MB retained.");
GC.KeepAlive(compiled);
GC.KeepAlive(definition);

if (args.Contains("--quick"))
{
    QuickTiming.Run();
    return;
}

// A shared 2-core machine can take minutes to build the generated benchmark project.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkCorpus).Assembly).Run(args, config);
