using Stopwatch = System.Diagnostics.Stopwatch;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Rules;

public sealed record BacktestProgress(int Done, int Total);

/// <summary>One comment whose outcome the edited rule set changes, with what decided it before and after.</summary>
public sealed record BacktestExample(long CommentId, string Excerpt, CommentStatus Decision, VerdictAction Before, VerdictAction After, string? BeforeRule, string? AfterRule);

/// <summary>How many comments move from one outcome to another, with a few of them to look at.</summary>
public sealed record BacktestChange(VerdictAction Before, VerdictAction After, int Count, IReadOnlyList<BacktestExample> Examples);

/// <summary>Holding (hold, spam, reject) measured against what moderators turned down (rejected, spam).</summary>
public sealed record CatchScore(int Caught, int Bad, int CaughtBad)
{
    /// <summary>Of the comments held, the share moderators turned down; null when nothing was held.</summary>
    public double? Precision => Caught == 0 ? null : (double)CaughtBad / Caught;

    /// <summary>Of the comments moderators turned down, the share held; null when none were turned down.</summary>
    public double? Recall => Bad == 0 ? null : (double)CaughtBad / Bad;
}

public sealed class BacktestResult
{
    public static readonly CommentStatus[] Decisions = [CommentStatus.Approved, CommentStatus.Rejected, CommentStatus.Spam];

    public int Evaluated { get; init; }
    public bool Cancelled { get; init; }
    public TimeSpan Elapsed { get; init; }

    /// <summary>[engine outcome, moderator decision] for the edited rule set.</summary>
    public required int[,] Confusion { get; init; }

    /// <summary>The same table for the rule set in force.</summary>
    public required int[,] CurrentConfusion { get; init; }

    public required CatchScore Edited { get; init; }
    public required CatchScore Current { get; init; }

    /// <summary>Outcome changes, most frequent first.</summary>
    public required IReadOnlyList<BacktestChange> Changes { get; init; }

    public int Changed => Changes.Sum(c => c.Count);

    public int Count(VerdictAction outcome, CommentStatus decision) => Confusion[(int)outcome, (int)decision];

    public static bool IsCaught(VerdictAction action) => action is VerdictAction.Hold or VerdictAction.Spam or VerdictAction.Reject;

    public static bool IsBad(CommentStatus decision) => decision is CommentStatus.Rejected or CommentStatus.Spam;
}

/// <summary>
/// Runs a rule set (usually the unsaved draft) over the comments moderators have decided and
/// compares it with the rule set in force and with the moderators' decisions.
///
/// Decided comments: status Approved, Rejected or Spam with at least one non-automatic
/// moderation event (a moderator acted on it); the newest N by id. Comments the engine
/// published that nobody reviewed are left out: nobody judged them.
///
/// Each comment is replayed as it was posted: its text fields, its article's policy and age
/// at the time, the author's registration and account age at the time, and the author's
/// standing and counts now minus this comment's own outcome. What depended on the traffic of
/// the moment (flood, recent comments, same text, duplicates, reply state) is not replayed.
///
/// Comments are read in keyset batches with a projection and no tracking, so memory stays flat
/// however many are run; each batch is evaluated on all cores.
/// </summary>
public sealed class Backtest(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int MaxComments = 100_000;
    public const int BatchSize = 2_000;
    public const int ExamplesPerChange = 5;

    private sealed record Row(
        long Id, string Body, string AuthorName, string AuthorEmail, string AuthorUrl, string Ip, string UserAgent,
        CommentStatus Status, DateTimeOffset CreatedAt, long ArticleId, CommentPolicy Policy, DateTimeOffset ArticlePublishedAt,
        bool IsRegistered, DateTimeOffset? UserCreatedAt,
        AuthorStandingLevel? Level, int Approved, int Rejected, int Spam);

    public async Task<int> CountDecidedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Decided(db).CountAsync(cancellationToken);
    }

    public async Task<BacktestResult> RunAsync(CompiledRuleSet edited, CompiledRuleSet current, int limit,
        IProgress<BacktestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        limit = Math.Clamp(limit, 1, MaxComments);
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var tally = new Tally();
        var done = 0;
        var cancelled = false;
        try
        {
            var total = Math.Min(limit, await Decided(db).CountAsync(cancellationToken));
            progress?.Report(new BacktestProgress(0, total));
            // Read the next batch while this one is evaluated: the database and the engine work at once.
            // (SQLite's async calls complete synchronously, hence Task.Run; one query at a time uses the context.)
            Task<List<Row>> Fetch(long beforeId, int take) => Task.Run(() => Batch(db, beforeId, take).ToListAsync(cancellationToken), cancellationToken);
            Task<List<Row>>? next = total > 0 ? Fetch(long.MaxValue, Math.Min(BatchSize, total)) : null;
            while (next is not null)
            {
                var batch = await next;
                next = null;
                cancellationToken.ThrowIfCancellationRequested();
                if (batch.Count == 0) break;
                var remaining = total - done - batch.Count;
                if (remaining > 0) next = Fetch(batch[^1].Id, Math.Min(BatchSize, remaining));

                var outcomes = new (Verdict Edited, Verdict Current)[batch.Count];
                Parallel.For(0, batch.Count, i =>
                {
                    var candidate = Candidate(batch[i]);
                    outcomes[i] = (RuleEngine.Evaluate(candidate, edited), RuleEngine.Evaluate(candidate, current));
                });
                for (var i = 0; i < batch.Count; i++) tally.Add(batch[i], outcomes[i].Edited, outcomes[i].Current);
                done += batch.Count;
                progress?.Report(new BacktestProgress(done, total));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A cancelled run still reports what it covered.
            cancelled = true;
        }

        return tally.Result(done, cancelled, clock.Elapsed);
    }

    private static IQueryable<Data.Entities.Comment> Decided(AppDbContext db) =>
        db.Comments.AsNoTracking()
            // "Not pending" (= approved, rejected or spam) rather than a list of statuses: SQLite then walks the
            // primary key for the keyset batches instead of the status index plus a sort of every decided row per batch.
            .Where(c => c.Status != CommentStatus.Pending)
            .Where(c => db.ModerationEvents.Any(e => e.CommentId == c.Id && !e.Automatic));

    private static IQueryable<Row> Batch(AppDbContext db, long beforeId, int take) =>
        from c in Decided(db).Where(c => c.Id < beforeId).OrderByDescending(c => c.Id).Take(take)
        join s in db.AuthorStandings on c.AuthorKey equals s.AuthorKey into standings
        from s in standings.DefaultIfEmpty()
        join u in db.Users on c.UserId equals u.Id into users
        from u in users.DefaultIfEmpty()
        orderby c.Id descending
        select new Row(
            c.Id, c.BodyText, c.AuthorName, c.AuthorEmail, c.AuthorUrl, c.Ip, c.UserAgent,
            c.Status, c.CreatedAt, c.ArticleId, c.Article!.CommentPolicy, c.Article!.PublishedAt,
            c.UserId != null, u == null ? null : u.CreatedAt,
            s == null ? null : s.Level, s == null ? 0 : s.ApprovedCount, s == null ? 0 : s.RejectedCount, s == null ? 0 : s.SpamCount);

    private static CommentCandidate Candidate(Row row)
    {
        // The standing's counts include this comment's own outcome; the engine saw them without it.
        var approved = Math.Max(0, row.Approved - (row.Status == CommentStatus.Approved ? 1 : 0));
        var rejected = Math.Max(0, row.Rejected - (row.Status == CommentStatus.Rejected ? 1 : 0));
        var spam = Math.Max(0, row.Spam - (row.Status == CommentStatus.Spam ? 1 : 0));
        var standing = new CandidateStanding(row.Level ?? AuthorStandingLevel.Normal, approved, rejected, spam);
        return CommentCandidates.Of(
            new CandidateText(row.Body, row.AuthorName, row.AuthorEmail, row.AuthorUrl, row.Ip, row.UserAgent),
            CommentCandidates.Author(row.IsRegistered, isStaff: false, row.UserCreatedAt, standing, hasPreviouslyApproved: approved > 0, row.CreatedAt),
            new CandidateArticle(row.ArticleId, row.Policy, row.ArticlePublishedAt),
            new ActivityContext { Now = row.CreatedAt });
    }

    private sealed class Tally
    {
        private const int Actions = (int)VerdictAction.Reject + 1;
        private const int Statuses = (int)CommentStatus.Spam + 1;
        private readonly int[,] _edited = new int[Actions, Statuses];
        private readonly int[,] _current = new int[Actions, Statuses];
        private readonly Dictionary<(VerdictAction, VerdictAction), (int Count, List<BacktestExample> Examples)> _changes = [];

        public void Add(Row row, Verdict edited, Verdict current)
        {
            _edited[(int)edited.Action, (int)row.Status]++;
            _current[(int)current.Action, (int)row.Status]++;
            if (edited.Action == current.Action) return;
            var key = (current.Action, edited.Action);
            if (!_changes.TryGetValue(key, out var change)) change = (0, []);
            if (change.Examples.Count < ExamplesPerChange)
            {
                change.Examples.Add(new BacktestExample(row.Id, Excerpt(row.Body), row.Status, current.Action, edited.Action,
                    current.DecidingHit?.Rule, edited.DecidingHit?.Rule));
            }
            _changes[key] = (change.Count + 1, change.Examples);
        }

        public BacktestResult Result(int evaluated, bool cancelled, TimeSpan elapsed) => new()
        {
            Evaluated = evaluated,
            Cancelled = cancelled,
            Elapsed = elapsed,
            Confusion = _edited,
            CurrentConfusion = _current,
            Edited = Score(_edited),
            Current = Score(_current),
            Changes = _changes
                .Select(c => new BacktestChange(c.Key.Item1, c.Key.Item2, c.Value.Count, c.Value.Examples))
                .OrderByDescending(c => c.Count).ThenByDescending(c => c.After)
                .ToList(),
        };

        private static CatchScore Score(int[,] table)
        {
            int caught = 0, bad = 0, caughtBad = 0;
            for (var a = 0; a < Actions; a++)
            {
                foreach (var decision in BacktestResult.Decisions)
                {
                    var n = table[a, (int)decision];
                    var isCaught = BacktestResult.IsCaught((VerdictAction)a);
                    var isBad = BacktestResult.IsBad(decision);
                    if (isCaught) caught += n;
                    if (isBad) bad += n;
                    if (isCaught && isBad) caughtBad += n;
                }
            }
            return new CatchScore(caught, bad, caughtBad);
        }

        private static string Excerpt(string body) => body.Length <= 200 ? body : body[..200] + "\u2026";
    }
}
