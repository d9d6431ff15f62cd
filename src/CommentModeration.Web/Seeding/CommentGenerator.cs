using System.Diagnostics;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CommentModeration.Web.Seeding;

/// <summary>Which statuses generated comments get.</summary>
public enum GeneratedStatusMix
{
    /// <summary>Like a busy site: 78% approved, 15% pending, 5% spam, 2% rejected.</summary>
    Mixed,
    Approved,
    Pending,
    Spam,
}

public sealed record GeneratedComments(int Count, TimeSpan Elapsed, IReadOnlyList<string> ArticleSlugs);

/// <summary>
/// Generates many plausible comments fast (benchmarks, load tests, a full moderation queue):
/// threads up to the configured depth, replies only to approved comments of the same article,
/// a pool of guest and registered authors, times spread between publication and now. Inserted in
/// batches, each batch in one transaction with its counters, so the numbers always agree.
/// </summary>
public sealed class CommentGenerator(AppDbContext db, SqlStatements sql, TimeProvider clock)
{
    private const int BatchSize = 50_000;
    private const int MaxDepth = 5;

    /// <summary>The share of comments, in percent, that reply to an earlier one unless the caller says otherwise.</summary>
    public const int DefaultReplyPercent = 65;

    private static readonly string[] FirstNames = ["Anna", "Ben", "Chloe", "David", "Elif", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemi", "Lukas", "Maya", "Nikos", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Victor", "Wen", "Yara", "Zoltan"];
    private static readonly string[] LastNames = ["Adams", "Berg", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Haddad", "Ivanova", "Jensen", "Kowalski", "Lopez", "Moreau", "Nowak", "Okafor", "Petrov", "Rossi", "Silva", "Tanaka", "Weber"];
    private static readonly string[] Sentences =
    [
        "I think the article leaves out the most important part of the story.",
        "This is exactly what people warned about last year.",
        "Does anyone have a source for the figures in the third paragraph?",
        "Good reporting, thank you for covering this properly.",
        "The government has known about this for years and done nothing.",
        "I disagree, the evidence points the other way.",
        "My town went through the same thing and nobody listened then either.",
        "It is easy to criticise from the sidelines; the choices here are all bad ones.",
        "Both sides are talking past each other, as usual.",
        "Follow the money and the decision makes a lot more sense.",
        "Can we please keep this civil? There are real people affected.",
        "The comparison with last decade's crisis doesn't really hold up.",
        "I'd like to see what the independent experts say before judging.",
        "That's a fair point, I hadn't thought of it that way.",
        "Nothing will change until voters make it an election issue.",
        "The headline is more dramatic than the facts underneath it.",
        "Read the actual report, it is more nuanced than this.",
        "Costs always land on the people least able to pay them.",
        "Interesting that the opposition said the opposite two years ago.",
        "We need a long-term plan, not another emergency measure.",
    ];
    private static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    ];

    private sealed record Author(string Key, string? UserId, string Name, string Email, string Ip);

    private sealed record Replyable(long Id, long ThreadRootId, int Depth, DateTimeOffset CreatedAt);

    private sealed class ArticleState(Article article)
    {
        public Article Article { get; } = article;
        public List<Replyable> Recent { get; } = [];
        public int Generated { get; set; }
    }

    /// <param name="articleSlug">Only this article; otherwise spread over every article.</param>
    /// <param name="replyPercent">How many comments in a hundred reply to an earlier one (when there is one to reply to).</param>
    public async Task<GeneratedComments> GenerateAsync(int count, string? articleSlug, GeneratedStatusMix mix, int seed = 1,
        int replyPercent = DefaultReplyPercent, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var articles = articleSlug is null
            ? await db.Articles.AsNoTracking().OrderBy(a => a.Id).ToListAsync(cancellationToken)
            : await db.Articles.AsNoTracking().Where(a => a.Slug == articleSlug).ToListAsync(cancellationToken);
        if (articles.Count == 0)
        {
            throw new ArgumentException(articleSlug is null
                ? "There is no article to comment on: run `seed demo` first."
                : $"There is no article with the slug '{articleSlug}'.");
        }

        var random = new Random(seed);
        var authors = await AuthorsAsync(count, random, cancellationToken);
        var states = articles.Select(a => new ArticleState(a)).ToArray();
        var perArticle = (count + states.Length - 1) / states.Length;
        var now = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await sql.PrepareBulkInsertsAsync(db, cancellationToken);
            using var writer = await sql.OpenCommentRowWriterAsync(db, cancellationToken);
            var written = 0;
            while (written < count)
            {
                await using var transaction = await db.BeginWriteAsync(cancellationToken);
                var dbTransaction = transaction.DbTransaction;
                var tally = new SeedTally();
                tally.TouchAllQueues();
                var batchEnd = Math.Min(count, written + BatchSize);
                for (; written < batchEnd; written++)
                {
                    var state = states[written % states.Length];
                    var comment = Next(state, writer.TakeId(), perArticle, now, random, authors, mix, replyPercent);
                    writer.Insert(comment, dbTransaction);
                    tally.Add(comment);
                    state.Generated++;
                    if (comment.Status == CommentStatus.Approved && comment.Depth < MaxDepth)
                    {
                        if (state.Recent.Count == 200) state.Recent.RemoveAt(random.Next(200));
                        state.Recent.Add(new Replyable(comment.Id, comment.ThreadRootId, comment.Depth, comment.CreatedAt));
                    }
                }
                writer.Flush();
                tally.Flush(sql, db, dbTransaction);
                await transaction.CommitAsync(cancellationToken);
                progress?.Invoke(written);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return new GeneratedComments(count, stopwatch.Elapsed, articles.Select(a => a.Slug).ToList());
    }

    private static Comment Next(ArticleState state, long id, int perArticle, DateTimeOffset now, Random random,
        IReadOnlyList<Author> authors, GeneratedStatusMix mix, int replyPercent)
    {
        var article = state.Article;
        // Times rise through the run, from just after publication to just before now.
        var span = now - article.PublishedAt;
        if (span <= TimeSpan.Zero) span = TimeSpan.FromMinutes(1);
        var createdAt = article.PublishedAt + span * ((state.Generated + 0.5) / (perArticle + 1));

        var parent = state.Recent.Count > 0 && random.NextDouble() < replyPercent / 100.0 ? state.Recent[random.Next(state.Recent.Count)] : null;
        var author = authors[random.Next(authors.Count)];
        var status = mix switch
        {
            GeneratedStatusMix.Approved => CommentStatus.Approved,
            GeneratedStatusMix.Pending => CommentStatus.Pending,
            GeneratedStatusMix.Spam => CommentStatus.Spam,
            _ => random.Next(100) switch
            {
                < 78 => CommentStatus.Approved,
                < 93 => CommentStatus.Pending,
                < 98 => CommentStatus.Spam,
                _ => CommentStatus.Rejected,
            },
        };
        var text = string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Sentences[random.Next(Sentences.Length)]));
        var moderated = status is CommentStatus.Rejected;
        return new Comment
        {
            Id = id,
            ArticleId = article.Id,
            ParentId = parent?.Id,
            ThreadRootId = parent?.ThreadRootId ?? id,
            Depth = (parent?.Depth ?? 0) + 1,
            UserId = author.UserId,
            AuthorName = author.Name,
            AuthorEmail = author.Email,
            AuthorKey = author.Key,
            BodyText = text,
            BodyHtml = PlainTextHtml.Paragraphs(text),
            CreatedAt = createdAt,
            Status = status,
            StatusChangedAt = moderated ? createdAt.AddMinutes(30) : createdAt,
            NeedsReview = status == CommentStatus.Approved && random.Next(100) == 0,
            VerdictAction = status switch
            {
                CommentStatus.Approved => VerdictAction.Publish,
                CommentStatus.Spam => VerdictAction.Spam,
                _ => VerdictAction.Hold,
            },
            VerdictJson = "[]",
            RejectionReason = moderated ? "Off topic." : null,
            Ip = author.Ip,
            UserAgent = UserAgents[random.Next(UserAgents.Length)],
        };
    }

    /// <summary>Registered users (up to 50) and one guest per twenty comments (at least ten).</summary>
    private async Task<IReadOnlyList<Author>> AuthorsAsync(int count, Random random, CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Id).Take(50)
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToListAsync(cancellationToken);
        var authors = users.Select((u, i) => new Author("user:" + u.Id, u.Id, u.DisplayName, u.Email ?? "", $"198.51.100.{i % 250 + 1}")).ToList();
        var guests = Math.Max(10, count / 20);
        for (var i = 0; i < guests; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var email = $"{first}.{last}{i}@example.net".ToLowerInvariant();
            authors.Add(new Author("email:" + email, null, $"{first} {last}", email, $"203.0.{i / 250 % 250}.{i % 250 + 1}"));
        }
        return authors;
    }
}
