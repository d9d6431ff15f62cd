using CommentModeration.Data;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CommentModeration.Web.Tests.Accounts;

/// <summary>
/// The data fix for what was stored before readers chose a name: accounts that had none post and
/// show as "Reader" and the start of their id, and comments of accounts deleted before stop
/// showing their email (issue 12, items 5 and 6). Runs the real migrations over a database
/// filled at the schema before them.
/// </summary>
public sealed class ReaderNamesMigrationTests : IDisposable
{
    /// <summary>The last migration before the fix: the rows below are written at its schema.</summary>
    private const string SchemaBeforeTheFix = "20261128100204_PostingAndPagingLookups";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cm-web-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Accounts_get_a_name_fit_to_show_and_comments_of_deleted_accounts_lose_their_email()
    {
        Directory.CreateDirectory(_folder);
        var options = DataServiceCollectionExtensions.ConfigureSqlite(new DbContextOptionsBuilder<AppDbContext>(), $"Data Source={Path.Combine(_folder, "old.db")}")
            // Migrating to an earlier migration than the model's makes EF warn that the model is ahead: that is the point here.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        await using var db = new AppDbContext((DbContextOptions<AppDbContext>)options.Options);
        await using (await db.LockWritesAsync())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(SchemaBeforeTheFix);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "AspNetUsers" ("Id", "DisplayName", "CreatedAt", "UserName", "Email", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
                VALUES ('aaaaaa11-0000-0000-0000-000000000000', '', 0, 'nameless@example.com', 'nameless@example.com', 1, 0, 0, 1, 0),
                       ('bbbbbb22-0000-0000-0000-000000000000', 'emailed@example.com', 0, 'emailed@example.com', 'emailed@example.com', 1, 0, 0, 1, 0),
                       ('cccccc33-0000-0000-0000-000000000000', 'Proper Name', 0, 'proper@example.com', 'proper@example.com', 1, 0, 0, 1, 0);
                INSERT INTO "Articles" ("Id", "Slug", "Title", "Excerpt", "Body", "AuthorName", "PublishedAt", "CommentPolicy", "ApprovedCommentCount", "PublishedThreadCount")
                VALUES (1, 'old-article', 'Old article', '', '', '', 0, 0, 5, 5);
                INSERT INTO "Comments" ("Id", "ArticleId", "ThreadRootId", "Depth", "UserId", "AuthorName", "AuthorEmail", "AuthorUrl", "AuthorKey", "BodyText", "BodyHtml",
                    "CreatedAt", "Status", "StatusChangedAt", "NeedsReview", "OpenReportCount", "HiddenByReports", "VerdictAction", "VerdictJson", "RuleSetRevision", "Ip", "UserAgent", "Version")
                VALUES (1, 1, 1, 1, 'aaaaaa11-0000-0000-0000-000000000000', 'nameless@example.com', 'nameless@example.com', '', 'user:aaaaaa11-0000-0000-0000-000000000000', 'one', '<p>one</p>', 1, 1, 1, 0, 0, 0, 0, '[]', 0, '203.0.113.1', 'ua', '00000000-0000-0000-0000-000000000001'),
                       (2, 1, 2, 1, 'bbbbbb22-0000-0000-0000-000000000000', 'emailed@example.com', 'emailed@example.com', '', 'user:bbbbbb22-0000-0000-0000-000000000000', 'two', '<p>two</p>', 2, 1, 2, 0, 0, 0, 0, '[]', 0, '203.0.113.2', 'ua', '00000000-0000-0000-0000-000000000002'),
                       (3, 1, 3, 1, 'cccccc33-0000-0000-0000-000000000000', 'Proper Name', 'proper@example.com', '', 'user:cccccc33-0000-0000-0000-000000000000', 'three', '<p>three</p>', 3, 1, 3, 0, 0, 0, 0, '[]', 0, '203.0.113.3', 'ua', '00000000-0000-0000-0000-000000000003'),
                       (4, 1, 4, 1, 'dddddd44-0000-0000-0000-000000000000', 'gone@example.com', 'gone@example.com', 'https://gone.example.net/', 'user:dddddd44-0000-0000-0000-000000000000', 'four', '<p>four</p>', 4, 1, 4, 0, 0, 0, 0, '[]', 0, '203.0.113.4', 'ua', '00000000-0000-0000-0000-000000000004'),
                       (5, 1, 5, 1, NULL, 'Guest Name', 'guest@example.com', '', 'email:guest@example.com', 'five', '<p>five</p>', 5, 1, 5, 0, 0, 0, 0, '[]', 0, '203.0.113.5', 'ua', '00000000-0000-0000-0000-000000000005');
                INSERT INTO "AuthorStandings" ("AuthorKey", "UserId", "Email", "Name", "Level", "ApprovedCount", "RejectedCount", "SpamCount", "FirstSeenAt", "Version")
                VALUES ('user:aaaaaa11-0000-0000-0000-000000000000', 'aaaaaa11-0000-0000-0000-000000000000', 'nameless@example.com', 'nameless@example.com', 0, 1, 0, 0, 1, '00000000-0000-0000-0000-000000000011'),
                       ('user:dddddd44-0000-0000-0000-000000000000', 'dddddd44-0000-0000-0000-000000000000', 'gone@example.com', 'gone@example.com', 0, 1, 0, 0, 4, '00000000-0000-0000-0000-000000000014');
                """);

            await migrator.MigrateAsync();
        }

        var names = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id[..6], u => u.DisplayName);
        Assert.Equal("Reader aaaaaa", names["aaaaaa"]);
        Assert.Equal("Reader bbbbbb", names["bbbbbb"]);
        Assert.Equal("Proper Name", names["cccccc"]);

        var comments = await db.Comments.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(["Reader aaaaaa", "Reader bbbbbb", "Proper Name", "deleted user", "Guest Name"], comments.Select(c => c.AuthorName));
        var orphan = comments[3];
        Assert.Equal(("", "", "", ""), (orphan.AuthorEmail, orphan.AuthorUrl, orphan.Ip, orphan.UserAgent));
        Assert.Null(orphan.UserId);
        Assert.StartsWith("deleted:", orphan.AuthorKey);
        Assert.DoesNotContain("dddddd44", orphan.AuthorKey);
        Assert.Equal("four", orphan.BodyText);
        // Guests keep what they gave; staff still see a guest's email.
        Assert.Equal(("guest@example.com", "email:guest@example.com"), (comments[4].AuthorEmail, comments[4].AuthorKey));

        var standings = await db.AuthorStandings.AsNoTracking().ToListAsync();
        Assert.Equal("Reader aaaaaa", Assert.Single(standings).Name);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
