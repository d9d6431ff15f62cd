using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Seeding;
using CommentModeration.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommentModeration.Web.Tests.Seeding;

/// <summary>The app started with Demo:Seed on and a configured demo password, as a newcomer's first `dotnet run` does.</summary>
public class SeededAppFactory : AppFactory
{
    public const string Password = "Demo-Password-2026!";

    /// <summary>How many comments one demo seed writes.</summary>
    public static int DemoCommentCount { get; } = DemoContent.Articles(SeedArticleText.Load()).Sum(a => CountOf(a.Comments));

    private static int CountOf(IEnumerable<DemoComment> comments) => comments.Sum(c => 1 + CountOf(c.Replies));

    public SeededAppFactory()
    {
        Settings["Demo:Seed"] = "true";
        Settings["Demo:Password"] = Password;
    }
}

public abstract class DemoSeedingTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : SeededAppFactory
{
    [Fact]
    public async Task First_article_is_the_news_story_with_its_headline_as_title()
    {
        var story = await File.ReadAllLinesAsync(Path.Combine(AppFactory.RepositoryRoot, "src/CommentModeration.Web/Seeding/seed-article.txt"));
        await using var db = factory.CreateDbContext();

        var first = await db.Articles.OrderBy(a => a.Id).FirstAsync();

        Assert.Equal(story[0].Trim(), first.Title);
        Assert.Contains("canceling the visit to Washington of two of his closest advisors", first.Body);
        Assert.DoesNotContain("Leave a Reply", first.Body);
        Assert.Equal(first.Slug, Slugs.From(first.Title));
        Assert.Equal("israels-conflict-with-hamas-a-diplomatic-standoff-and-the-search-for-lasting", first.Slug);
    }

    [Fact]
    public async Task Demo_articles_cover_a_premoderated_a_closed_and_an_old_article()
    {
        await using var db = factory.CreateDbContext();
        var articles = await db.Articles.ToListAsync();
        var now = factory.Clock.GetUtcNow();

        Assert.True(articles.Count >= 4);
        Assert.Contains(articles, a => a.CommentPolicy == CommentPolicy.PreModerated);
        Assert.Contains(articles, a => a.CommentPolicy == CommentPolicy.Closed);
        Assert.Contains(articles, a => now - a.PublishedAt > TimeSpan.FromDays(365));
        Assert.All(articles, a => Assert.True(a.PublishedAt < now));
    }

    [Fact]
    public async Task Demo_accounts_have_their_roles_a_confirmed_email_and_the_configured_password()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        foreach (var (email, role) in new[] { ("admin@example.com", Roles.Admin), ("moderator@example.com", Roles.Moderator) })
        {
            var user = await users.FindByEmailAsync(email);
            Assert.NotNull(user);
            Assert.True(user.EmailConfirmed);
            Assert.True(await users.IsInRoleAsync(user, role), $"{email} should be {role}");
            Assert.True(await users.CheckPasswordAsync(user, SeededAppFactory.Password));
        }
        var readers = (await users.GetUsersInRoleAsync(Roles.Admin)).Concat(await users.GetUsersInRoleAsync(Roles.Moderator)).Select(u => u.Email).ToHashSet();
        var all = await users.Users.Where(u => u.Email!.EndsWith("@example.com")).ToListAsync();
        Assert.True(all.Count(u => !readers.Contains(u.Email)) >= 2, "a couple of reader accounts");
        Assert.DoesNotContain(await users.GetUsersInRoleAsync(Roles.Admin), u => u.Email == "moderator@example.com");
    }

    [Fact]
    public async Task Demo_threads_are_several_levels_deep_with_held_spam_and_registered_authors()
    {
        await using var db = factory.CreateDbContext();
        var comments = await db.Comments.ToListAsync();
        var byId = comments.ToDictionary(c => c.Id);

        Assert.True(comments.Max(c => c.Depth) >= 4);
        Assert.Contains(comments, c => c.Status == CommentStatus.Pending);
        Assert.Contains(comments, c => c.Status == CommentStatus.Spam);
        Assert.Contains(comments, c => c.Status == CommentStatus.Rejected);
        Assert.Contains(comments, c => c.UserId is not null && c.AuthorKey == "user:" + c.UserId);
        Assert.Contains(comments, c => c.UserId is null && c.AuthorKey == "email:" + c.AuthorEmail.ToLowerInvariant());
        Assert.True(comments.Select(c => c.CreatedAt.Date).Distinct().Count() >= 3, "comments spread over days");
        foreach (var reply in comments.Where(c => c.ParentId is not null))
        {
            var parent = byId[reply.ParentId!.Value];
            Assert.Equal(parent.ArticleId, reply.ArticleId);
            Assert.Equal(CommentStatus.Approved, parent.Status);
            Assert.Equal(parent.ThreadRootId, reply.ThreadRootId);
            Assert.Equal(parent.Depth + 1, reply.Depth);
            Assert.True(reply.CreatedAt > parent.CreatedAt);
        }
        Assert.All(comments.Where(c => c.ParentId is null), c => Assert.Equal(c.Id, c.ThreadRootId));
        Assert.All(comments, c => Assert.StartsWith("<p>", c.BodyHtml));
        Assert.DoesNotContain(comments, c => c.BodyHtml.Contains('"') && !c.BodyHtml.Contains("&quot;") && c.BodyText.Contains('"'));
    }

    [Fact]
    public async Task Seeded_counters_standings_and_article_counts_agree_with_the_comments()
    {
        await using var db = factory.CreateDbContext();
        await AssertNumbersAgreeAsync(db);
        // Every demo comment has its history (generated comments, which another test adds, have none).
        Assert.True(await db.ModerationEvents.CountAsync() >= SeededAppFactory.DemoCommentCount);
        Assert.True(await db.Reports.AnyAsync(r => r.ResolvedAt == null));
    }

    [Fact]
    public async Task Seeded_held_comments_say_why_the_engine_held_them()
    {
        await using var db = factory.CreateDbContext();
        var posted = await db.ModerationEvents.AsNoTracking()
            .Where(e => e.Action == CommentModeration.Data.Comments.AuditActions.Posted && e.ToStatus == CommentStatus.Pending)
            .ToDictionaryAsync(e => e.CommentId!.Value, e => e.Reason);
        var held = await db.Comments.AsNoTracking().Where(c => posted.Keys.Contains(c.Id)).ToListAsync();

        Assert.True(held.Count >= 10, $"{held.Count} held demo comments");
        Assert.All(held, c =>
        {
            var holds = CommentModeration.Web.Moderation.VerdictHits.Parse(c.VerdictJson).Where(h => h.Action == CommentModeration.Core.Rules.VerdictAction.Hold).ToList();
            Assert.True(holds.Count > 0, $"#{c.Id} \"{c.BodyText}\" by {c.AuthorName} has no hit that holds it: {c.VerdictJson}");
            Assert.All(holds, h => Assert.NotEmpty(h.Reason));
            // The log's row of the engine's decision says the same.
            Assert.Contains(holds[0].Reason, posted[c.Id]);
        });
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        await using var db = factory.CreateDbContext();
        var before = await CountRowsAsync(db);

        await using var scope = factory.Services.CreateAsyncScope();
        var report = await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider).SeedAsync();

        Assert.False(report.ContentSeeded);
        Assert.Equal(DemoPasswordSource.Configured, report.Accounts.Source);
        await using var after = factory.CreateDbContext();
        Assert.Equal(before, await CountRowsAsync(after));
    }

    [Fact]
    public async Task Generated_comments_keep_the_numbers_in_agreement_and_stay_editable_through_EF()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var generator = ActivatorUtilities.CreateInstance<CommentGenerator>(scope.ServiceProvider);
        await using var db = factory.CreateDbContext();
        var article = await db.Articles.OrderBy(a => a.Id).Skip(1).FirstAsync();
        var before = await db.Comments.CountAsync(c => c.ArticleId == article.Id);

        var result = await generator.GenerateAsync(3_000, article.Slug, GeneratedStatusMix.Mixed);

        Assert.Equal(3_000, result.Count);
        await using var check = factory.CreateDbContext();
        Assert.Equal(before + 3_000, await check.Comments.CountAsync(c => c.ArticleId == article.Id));
        await AssertNumbersAgreeAsync(check);
        var generated = await check.Comments.Where(c => c.ArticleId == article.Id).OrderByDescending(c => c.Id).Take(3_000).ToListAsync();
        Assert.Contains(generated, c => c.Depth >= 3);
        Assert.All(generated, c => Assert.True(c.CreatedAt <= factory.Clock.GetUtcNow() && c.CreatedAt >= article.PublishedAt));

        // The concurrency token written by the generator matches what EF compares on update (a field
        // no counter follows: the other tests of the class, in whatever order they run, recount).
        var pending = generated.First(c => c.Status == CommentStatus.Pending);
        pending.UserAgent = "Edited through EF";
        pending.Version = Guid.NewGuid();
        await check.SaveChangesAsync();
    }

    [Fact]
    public async Task Generating_for_an_unknown_article_is_refused_and_writes_nothing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var generator = ActivatorUtilities.CreateInstance<CommentGenerator>(scope.ServiceProvider);
        await using var db = factory.CreateDbContext();
        var before = await db.Comments.CountAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(10, "no-such-article", GeneratedStatusMix.Mixed));

        Assert.Contains("no-such-article", error.Message);
        Assert.Equal(before, await db.Comments.CountAsync());
    }

    private static async Task<(int, int, int, int, int, int, long)> CountRowsAsync(AppDbContext db) => (
        await db.Articles.CountAsync(),
        await db.Comments.CountAsync(),
        await db.Users.CountAsync(),
        await db.ModerationEvents.CountAsync(),
        await db.AuthorStandings.CountAsync(),
        await db.Reports.CountAsync(),
        await db.QueueCounters.SumAsync(q => q.Value));

    internal static async Task AssertNumbersAgreeAsync(AppDbContext db)
    {
        var comments = await db.Comments.AsNoTracking().ToListAsync();
        var counters = await db.QueueCounters.AsNoTracking().ToDictionaryAsync(q => q.Name, q => q.Value);
        Assert.Equal(comments.Count(c => c.Status == CommentStatus.Pending), counters["Pending"]);
        Assert.Equal(comments.Count(c => c.Status == CommentStatus.Approved), counters["Approved"]);
        Assert.Equal(comments.Count(c => c.Status == CommentStatus.Spam), counters["Spam"]);
        Assert.Equal(comments.Count(c => c.Status == CommentStatus.Rejected), counters["Rejected"]);
        Assert.Equal(comments.Count(c => c.Status == CommentStatus.Approved && c.NeedsReview), counters["Flagged"]);
        Assert.Equal(comments.Count(c => c.Status == CommentStatus.Approved && c.OpenReportCount > 0), counters["Reported"]);

        foreach (var article in await db.Articles.AsNoTracking().ToListAsync())
        {
            Assert.Equal(comments.Count(c => c.ArticleId == article.Id && c.Status == CommentStatus.Approved && !c.HiddenByReports), article.ApprovedCommentCount);
            Assert.Equal(comments.Count(c => c.ArticleId == article.Id && c.ParentId == null && c.Status == CommentStatus.Approved && !c.HiddenByReports), article.PublishedThreadCount);
        }

        var standings = await db.AuthorStandings.AsNoTracking().ToDictionaryAsync(s => s.AuthorKey);
        foreach (var author in comments.GroupBy(c => c.AuthorKey))
        {
            var standing = standings[author.Key];
            Assert.Equal(author.Count(c => c.Status == CommentStatus.Approved), standing.ApprovedCount);
            Assert.Equal(author.Count(c => c.Status == CommentStatus.Rejected), standing.RejectedCount);
            Assert.Equal(author.Count(c => c.Status == CommentStatus.Spam), standing.SpamCount);
            Assert.Equal(author.Min(c => c.CreatedAt), standing.FirstSeenAt);
            Assert.Equal(author.Max(c => c.CreatedAt), standing.LastCommentAt);
        }
    }
}

public sealed class DemoSeedingTests(SeededAppFactory factory) : DemoSeedingTests<SeededAppFactory>(factory);

public sealed class DemoSeedingTestsOnPostgres(PostgresSeededAppFactory factory) : DemoSeedingTests<PostgresSeededAppFactory>(factory);

public sealed class DemoPasswordAndCommandLineTests
{
    [Fact]
    public void Generated_demo_passwords_differ_and_meet_the_sign_in_password_rules()
    {
        var passwords = Enumerable.Range(0, 20).Select(_ => DemoAccounts.GeneratePassword()).ToList();

        Assert.Equal(passwords.Count, passwords.Distinct().Count());
        Assert.All(passwords, p =>
        {
            Assert.True(p.Length >= 20);
            Assert.Contains(p, char.IsUpper);
            Assert.Contains(p, char.IsLower);
            Assert.Contains(p, char.IsDigit);
            Assert.Contains(p, c => !char.IsLetterOrDigit(c));
        });
    }

    [Theory]
    [InlineData("--count", "abc")]
    [InlineData("--count", "-5")]
    [InlineData("--count")]
    [InlineData("--article", "x")]
    [InlineData("--count", "10", "--status", "purple")]
    [InlineData("--count", "10", "--frobnicate")]
    public void Seed_comments_refuses_bad_options_with_a_message(params string[] args)
    {
        Assert.False(SeedCommand.TryParseComments(args, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Seed_comments_reads_count_article_and_status()
    {
        Assert.True(SeedCommand.TryParseComments(["--count", "1000000", "--article", "my-story", "--status", "approved"], out var options, out _));

        Assert.Equal(new SeedCommand.CommentsOptions(1_000_000, "my-story", GeneratedStatusMix.Approved, 1), options);
    }
}
