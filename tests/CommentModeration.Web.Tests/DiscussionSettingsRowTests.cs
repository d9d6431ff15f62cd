using CommentModeration.Core.Discussion;
using CommentModeration.Web.Tests.Infrastructure;

namespace CommentModeration.Web.Tests;

/// <summary>The one discussion settings row, read and written only through AppDbContext's settings methods.</summary>
public abstract class DiscussionSettingsRowTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AppFactory
{
    private static readonly DiscussionSettings Edited = new()
    {
        ManualApproval = true, HoldWhenLinksAtLeast = 4, ModerationKeys = "casino\npoker", FloodIntervalSeconds = 30,
        ThreadDepth = 3, CommentsPerPage = 20, NotifyAuthorsOfDecisions = false,
        CommentOrder = CommentOrder.NewestFirst, CommentLandingPage = CommentLandingPage.Last,
    };

    private async Task NoRowAsync()
    {
        await using var db = factory.CreateDbContext();
        await db.DiscussionSettings.ExecuteDeleteAsync();
    }

    private async Task<DiscussionSettings> ReadAsync()
    {
        await using var db = factory.CreateDbContext();
        return await db.ReadDiscussionSettingsAsync();
    }

    [Fact]
    public async Task Without_a_row_the_defaults_are_read_and_nothing_is_written()
    {
        await NoRowAsync();

        Assert.Equal(new DiscussionSettings(), await ReadAsync());
        await using var db = factory.CreateDbContext();
        Assert.Equal(0, await db.DiscussionSettings.CountAsync());
    }

    [Fact]
    public async Task Written_settings_read_back_equal_the_first_time_and_after()
    {
        await NoRowAsync();
        await using (var db = factory.CreateDbContext()) await db.WriteDiscussionSettingsAsync(Edited);
        Assert.Equal(Edited, await ReadAsync());

        var changed = Edited with { ManualApproval = false, ModerationKeys = "", CommentsPerPage = 7 };
        await using (var db = factory.CreateDbContext()) await db.WriteDiscussionSettingsAsync(changed);

        Assert.Equal(changed, await ReadAsync());
        await using var check = factory.CreateDbContext();
        Assert.Equal(DiscussionSettings.RowId, (await check.DiscussionSettings.SingleAsync()).Id);
    }

    [Fact]
    public async Task Settings_written_under_another_id_replace_the_one_row()
    {
        await using (var db = factory.CreateDbContext()) await db.WriteDiscussionSettingsAsync(Edited with { Id = 7 });

        await using var check = factory.CreateDbContext();
        var row = await check.DiscussionSettings.AsNoTracking().SingleAsync();
        Assert.Equal(Edited, row);
    }

    [Fact]
    public async Task One_context_writes_one_value_after_another()
    {
        await using (var db = factory.CreateDbContext())
        {
            await db.WriteDiscussionSettingsAsync(Edited);
            await db.WriteDiscussionSettingsAsync(Edited with { ThreadDepth = 8 });
            await db.WriteDiscussionSettingsAsync(Edited with { ThreadDepth = 9 });
        }

        Assert.Equal(Edited with { ThreadDepth = 9 }, await ReadAsync());
    }

    [Fact]
    public async Task A_row_the_context_read_with_tracking_is_replaced_too()
    {
        await using (var db = factory.CreateDbContext()) await db.WriteDiscussionSettingsAsync(Edited);

        await using (var db = factory.CreateDbContext())
        {
            var tracked = await db.DiscussionSettings.SingleAsync();
            await db.WriteDiscussionSettingsAsync(tracked with { ReportsToHide = 9 });
            Assert.Equal(Edited, tracked);
        }

        Assert.Equal(Edited with { ReportsToHide = 9 }, await ReadAsync());
    }

    [Fact]
    public async Task A_write_inside_a_write_transaction_is_undone_with_it()
    {
        await using (var db = factory.CreateDbContext()) await db.WriteDiscussionSettingsAsync(Edited);

        await using (var db = factory.CreateDbContext())
        {
            await using var writing = await db.BeginWriteAsync();
            await db.WriteDiscussionSettingsAsync(Edited with { GuestsMayComment = false });
            await writing.RollbackAsync();
        }

        Assert.Equal(Edited, await ReadAsync());
    }
}

public sealed class DiscussionSettingsRowTests(AppFactory factory) : DiscussionSettingsRowTests<AppFactory>(factory);

public sealed class DiscussionSettingsRowTestsOnPostgres(PostgresAppFactory factory) : DiscussionSettingsRowTests<PostgresAppFactory>(factory);
