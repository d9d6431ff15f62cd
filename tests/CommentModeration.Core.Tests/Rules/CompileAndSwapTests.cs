using CommentModeration.Core.Rules;

namespace CommentModeration.Core.Tests.Rules;

/// <summary>A compiled set is immutable: evaluations on many threads while another thread compiles and swaps sets never see a half-built one.</summary>
public class CompileAndSwapTests
{
    private static CompiledRuleSet Version(int revision, string word) =>
        Given.Rules($$"""{ "wordLists": { "w": ["{{word}}", "filler*", "more words"] }, "rules": [ { "name": "R", "action": "hold", "when": { "words": { "list": "w" } } } ] }""", revision);

    [Fact]
    public async Task Concurrent_evaluation_during_compile_and_swap_sees_whole_rule_sets()
    {
        var current = Version(1, "alpha");
        var stop = false;
        var failures = 0;
        var evaluations = 0;
        var candidateAlpha = Given.Comment("alpha here");
        var candidateBeta = Given.Comment("beta here");

        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                var set = Volatile.Read(ref current);
                var alpha = RuleEngine.Evaluate(candidateAlpha, set);
                var beta = RuleEngine.Evaluate(candidateBeta, set);
                // Odd revisions ban alpha, even ones beta: exactly one of the two is held by any one set.
                var odd = set.Revision % 2 == 1;
                var consistent = alpha.Action == (odd ? VerdictAction.Hold : VerdictAction.Publish)
                    && beta.Action == (odd ? VerdictAction.Publish : VerdictAction.Hold)
                    && alpha.RuleSetRevision == set.Revision;
                if (!consistent) Interlocked.Increment(ref failures);
                Interlocked.Increment(ref evaluations);
            }
        })).ToArray();

        var swapsSeenByReaders = 0;
        for (var revision = 2; revision <= 60; revision++)
        {
            var next = Version(revision, revision % 2 == 1 ? "alpha" : "beta");
            Interlocked.Exchange(ref current, next);
            // Let the readers evaluate against this set before the next swap.
            var seen = Volatile.Read(ref evaluations);
            var deadline = DateTime.UtcNow.AddSeconds(2);
            while (Volatile.Read(ref evaluations) < seen + 8 && DateTime.UtcNow < deadline) Thread.Yield();
            if (Volatile.Read(ref evaluations) >= seen + 8) swapsSeenByReaders++;
        }
        Volatile.Write(ref stop, true);
        await Task.WhenAll(readers);

        Assert.Equal(0, failures);
        Assert.True(swapsSeenByReaders > 50, $"readers evaluated during only {swapsSeenByReaders} of 59 swaps");
        Assert.Equal(60, current.Revision);
    }
}
