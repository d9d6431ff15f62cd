using System.Text.Json;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CommentModeration.Web.Seeding;

/// <summary>What a demo seeding run did.</summary>
public sealed record DemoSeedReport(DemoAccountsReport Accounts, bool ContentSeeded, int Articles, int Comments);

/// <summary>
/// Seeds the demo site: roles and accounts (always made sure of), then articles and threads
/// once, on a database that has no article yet. Running it again changes nothing.
/// </summary>
public sealed class DemoSeeder(AppDbContext db, SqlStatements sql, IServiceProvider services, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    private static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    ];

    public async Task<DemoSeedReport> SeedAsync(CancellationToken cancellationToken = default)
    {
        var accounts = ActivatorUtilities.CreateInstance<DemoAccounts>(services);
        var (accountsReport, usersByEmail) = await accounts.EnsureAsync();

        if (await db.Articles.AnyAsync(cancellationToken))
        {
            return new DemoSeedReport(accountsReport, ContentSeeded: false, 0, 0);
        }

        var now = clock.GetUtcNow();
        var articles = DemoContent.Articles(SeedArticleText.Load());
        var moderator = usersByEmail[DemoContent.Moderator.Email];
        var commentCount = 0;
        var verdicts = new DemoVerdicts(articles, now, services.GetRequiredService<CurrentRuleSet>().Current);

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var dbTransaction = transaction.DbTransaction;
        using var writer = await sql.OpenCommentRowWriterAsync(db, cancellationToken);
        var tally = new SeedTally();
        tally.TouchAllQueues();
        var events = new List<ModerationEvent>();
        var reports = new List<Report>();

        foreach (var demo in articles)
        {
            var article = new Article
            {
                Slug = demo.Slug,
                Title = demo.Title,
                Excerpt = demo.Excerpt,
                Body = demo.Body,
                AuthorName = demo.AuthorName,
                PublishedAt = now.AddDays(-demo.PublishedDaysAgo),
                CommentPolicy = demo.Policy,
            };
            db.Articles.Add(article);
            await db.SaveChangesAsync(cancellationToken);

            var flat = Flatten(demo.Comments).ToList();
            var times = CommentTimes(article.PublishedAt, now, flat.Count);
            var ids = new Dictionary<DemoComment, Comment>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < flat.Count; i++)
            {
                var (spec, parentSpec) = flat[i];
                var parent = parentSpec is null ? null : ids[parentSpec];
                var createdAt = times[i];
                var comment = ToComment(spec, article, parent, writer.TakeId(), createdAt, usersByEmail);
                // A held comment carries the engine's hits (why it was held); the rest keep the demo's outcome without them.
                var verdict = verdicts.Decide(comment, spec, article);
                if (comment.VerdictAction == VerdictAction.Hold)
                {
                    comment.VerdictJson = JsonSerializer.Serialize(verdict.Hits, DemoVerdicts.HitsJson);
                    comment.RuleSetRevision = verdict.RuleSetRevision;
                }
                if (spec.ReportedBy is not null)
                {
                    comment.OpenReportCount = 1;
                    reports.Add(new Report
                    {
                        CommentId = comment.Id,
                        ReporterKey = "user:" + usersByEmail[spec.ReportedBy].Id,
                        Reason = ReportReason.Abuse,
                        Text = "This reads as a dig at the other commenter.",
                        CreatedAt = createdAt.AddHours(2),
                    });
                }
                events.AddRange(History(comment, spec, moderator, comment.VerdictAction == VerdictAction.Hold ? AuditTrail.ReasonOf(verdict) : null));
                writer.Insert(comment, dbTransaction);
                tally.Add(comment);
                ids[spec] = comment;
                commentCount++;
            }
            // The next article's insert runs on this connection.
            writer.Flush();
        }

        db.ModerationEvents.AddRange(events);
        db.Reports.AddRange(reports);
        await db.SaveChangesAsync(cancellationToken);
        tally.Flush(sql, db, dbTransaction);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();

        logger.LogInformation("Seeded {Articles} demo articles with {Comments} comments.", articles.Count, commentCount);
        return new DemoSeedReport(accountsReport, ContentSeeded: true, articles.Count, commentCount);
    }

    /// <summary>How long after posting the demo moderator decided a held comment.</summary>
    internal static readonly TimeSpan ModeratorDelay = TimeSpan.FromMinutes(25);

    /// <summary>When an article's comments were posted: they fill the first days after publication (at most 90% of the time since), in thread order.</summary>
    internal static DateTimeOffset[] CommentTimes(DateTimeOffset publishedAt, DateTimeOffset now, int count)
    {
        var window = TimeSpan.FromTicks(Math.Min((now - publishedAt).Ticks, TimeSpan.FromDays(3).Ticks) * 9 / 10);
        var step = window / (count + 1);
        return Enumerable.Range(0, count).Select(i => publishedAt + step * (i + 1) + TimeSpan.FromSeconds(37 * i % 300)).ToArray();
    }

    internal static IEnumerable<(DemoComment Comment, DemoComment? Parent)> Flatten(IEnumerable<DemoComment> comments, DemoComment? parent = null)
    {
        foreach (var comment in comments)
        {
            yield return (comment, parent);
            foreach (var reply in Flatten(comment.Replies, comment)) yield return reply;
        }
    }

    private static Comment ToComment(DemoComment spec, Article article, Comment? parent, long id, DateTimeOffset createdAt,
        IReadOnlyDictionary<string, ApplicationUser> usersByEmail)
    {
        var user = spec.Author.IsAccount ? usersByEmail[spec.Author.Email] : null;
        var decidedByModerator = spec.HeldThenApproved || spec.Status == CommentStatus.Rejected;
        return new Comment
        {
            Id = id,
            ArticleId = article.Id,
            ParentId = parent?.Id,
            ThreadRootId = parent?.ThreadRootId ?? id,
            Depth = (parent?.Depth ?? 0) + 1,
            UserId = user?.Id,
            AuthorName = user?.DisplayName ?? spec.Author.Name,
            AuthorEmail = user?.Email ?? spec.Author.Email,
            AuthorUrl = spec.Author.Url,
            AuthorKey = user is not null ? AuthorKeys.ForUser(user.Id) : AuthorKeys.ForEmail(spec.Author.Email),
            BodyText = spec.Text,
            BodyHtml = PlainTextHtml.Paragraphs(spec.Text),
            CreatedAt = createdAt,
            Status = spec.Status,
            StatusChangedAt = decidedByModerator ? createdAt + ModeratorDelay : createdAt,
            NeedsReview = spec.NeedsReview,
            VerdictAction = spec.Status switch
            {
                CommentStatus.Spam => VerdictAction.Spam,
                CommentStatus.Approved when spec.NeedsReview => VerdictAction.Flag,
                CommentStatus.Approved when !spec.HeldThenApproved => VerdictAction.Publish,
                _ => VerdictAction.Hold,
            },
            VerdictJson = "[]",
            RejectionReason = spec.RejectionReason,
            Ip = (spec.Author.IsAccount ? "198.51.100." : "203.0.113.") + (spec.Author.Email.Sum(c => c) % 200 + 20),
            UserAgent = UserAgents[(int)(id % UserAgents.Length)],
        };
    }

    /// <summary>The audit trail a real comment would have: the engine's decision at posting, then the moderator's.</summary>
    private static IEnumerable<ModerationEvent> History(Comment comment, DemoComment spec, ApplicationUser moderator, string? engineReason)
    {
        var decidedByModerator = spec.HeldThenApproved || spec.Status == CommentStatus.Rejected;
        yield return AuditTrail.Posted(comment, decidedByModerator ? CommentStatus.Pending : comment.Status, engineReason);
        if (!decidedByModerator) yield break;
        yield return AuditTrail.OfComment(comment, comment.Status == CommentStatus.Rejected ? AuditActions.Reject : AuditActions.Approve,
            CommentStatus.Pending, comment.Status, comment.RejectionReason, new AuditActor(moderator.Id, moderator.DisplayName), comment.StatusChangedAt);
    }
}
