using System.Diagnostics;
using System.Text.RegularExpressions;
using CommentModeration.Core.Rules.Definition;

namespace CommentModeration.Benchmarks;

/// <summary>`-- --quick --regex`: the benchmark's 50 patterns under each .NET regex engine: construction time, retained memory, scan time.</summary>
public static class RegexEngineExperiment
{
    public static void Run()
    {
        var patterns = BenchmarkCorpus.Definition().Rules.Select(r => r.When).OfType<RegexCondition>().Select(r => r.Pattern).ToArray();
        var body = BenchmarkCorpus.Comment(7, withHits: true);
        var warm = Stopwatch.StartNew();
        new Regex(@"\bwarm\s+up\b", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant).Count(body);
        Console.WriteLine($"First NonBacktracking regex in the process: {warm.Elapsed.TotalMilliseconds:N1} ms");
        foreach (var (name, options) in new[]
                 {
                     ("NonBacktracking", RegexOptions.NonBacktracking),
                     ("Interpreted", RegexOptions.None),
                     ("Compiled", RegexOptions.Compiled),
                 })
        {
            var before = GC.GetTotalMemory(true);
            var clock = Stopwatch.StartNew();
            var regexes = patterns.Select(p => new Regex(p, options | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200))).ToArray();
            var built = clock.Elapsed.TotalMilliseconds;
            var count = 0;
            foreach (var r in regexes) count += r.Count(body);
            var after = GC.GetTotalMemory(true);
            var times = new double[9];
            for (var b = 0; b < times.Length; b++)
            {
                clock.Restart();
                for (var i = 0; i < 100; i++)
                {
                    foreach (var r in regexes) count += r.Count(body);
                }
                times[b] = clock.Elapsed.TotalMicroseconds / 100;
            }
            Array.Sort(times);
            Console.WriteLine($"{name,-16} build {built,8:N1} ms, retained {(after - before) / 1048576.0,6:N1} MB, 50 scans of 1 KB median {times[4],8:N1} µs ({count})");
            GC.KeepAlive(regexes);
        }
    }
}
