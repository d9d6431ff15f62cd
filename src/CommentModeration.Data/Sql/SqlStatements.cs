using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using CommentModeration.Data.Comments;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CommentModeration.Data.Sql;

/// <summary>
/// Every statement the site runs as SQL rather than through LINQ, each behind a name that says
/// what it reads or writes: feature code calls these and EF, and holds no SQL text. A database
/// provider supplies all of them in one subclass (<see cref="SqliteStatements"/>), which
/// <see cref="DataServiceCollectionExtensions"/> registers for the provider it configures; a
/// second provider is one more subclass, its file the one place its SQL is written.
/// </summary>
/// <remarks>
/// Adding a statement: an abstract method here, under the feature that calls it, named for what
/// it does and saying what it returns in words (visibility as <see cref="CommentVisibility"/>
/// states it); then its text in each provider's subclass. A read a reader's page runs on every
/// view is kept prepared (SQLite: <see cref="PreparedReads"/>). A write that goes with others in
/// one round trip returns a <see cref="FormattableString"/> for the caller's <see cref="SqlBatch"/>
/// (its interpolated values become parameters). Anything else takes the caller's
/// <see cref="AppDbContext"/> and runs on its connection, in its transaction.
/// </remarks>
public abstract class SqlStatements
{
    // Reader pages: run for every view the output cache and the fragment cache cannot serve, so kept prepared.

    /// <summary>
    /// Every visible comment of the threads whose visible roots stand at
    /// [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="count"/>) among the
    /// article's visible roots in posting order (created at, then id), in no particular order.
    /// </summary>
    public abstract List<CommentView> VisibleThreadsOfPage(long articleId, int offset, int count);

    /// <summary>How many of the article's visible roots come after (<paramref name="createdAt"/>, <paramref name="id"/>) in posting order.</summary>
    public abstract int CountVisibleThreadsAfter(long articleId, DateTimeOffset createdAt, long id);

    /// <summary>
    /// Where the thread of root <paramref name="rootId"/> stands on the article, in one statement
    /// (every post asks, to redirect to its thread): null when there is no such comment.
    /// </summary>
    public abstract ThreadPlace? PlaceOfThread(long articleId, long rootId);

    /// <summary>The comment, if it is held (pending) and on the article.</summary>
    public abstract CommentView? HeldComment(long commentId, long articleId);

    /// <summary>The author's held (pending) comments on the article, in no particular order.</summary>
    public abstract List<CommentView> HeldCommentsOfAuthor(string authorKey, long articleId);

    // The moderation queue and its dashboard.

    /// <summary>
    /// The comments a queue page starts from, where LINQ alone would read them slowly: the
    /// <paramref name="queue"/>'s comments read through its partial index, and only those whose
    /// verdict fired the rule <paramref name="firedRuleKey"/> (a rule's key as its hits store it),
    /// when given. With neither, every comment. Composable: the caller adds its LINQ filters and order.
    /// </summary>
    public abstract IQueryable<Comment> QueueComments(AppDbContext db, IndexedQueue queue, string? firedRuleKey);

    /// <summary>
    /// The rules that fired most often on comments created since <paramref name="since"/>, by the
    /// rule names their verdicts recorded, most hits first, at most <paramref name="count"/>.
    /// </summary>
    public abstract Task<List<RuleActivity>> TopRulesSinceAsync(AppDbContext db, DateTimeOffset since, int count, CancellationToken ct = default);

    // Seeding: many rows in large transactions, on the context's open connection.

    /// <summary>Readies the context's open connection for inserting a great many rows.</summary>
    public abstract Task PrepareBulkInsertsAsync(AppDbContext db, CancellationToken ct = default);

    /// <summary>An inserter of comments with ids of its own, on the context's open connection.</summary>
    public abstract Task<CommentRowWriter> OpenCommentRowWriterAsync(AppDbContext db, CancellationToken ct = default);

    /// <summary>
    /// Adds seeded comments' numbers to the stored queue counters, article counts and author
    /// standings (created where missing), in <paramref name="transaction"/>.
    /// </summary>
    public void AddSeededCounts(AppDbContext db, DbTransaction transaction, SeededCounts counts)
    {
        var connection = db.Database.GetDbConnection();
        using (var command = Prepare(connection, transaction,
            """
            INSERT INTO "QueueCounters" ("Name", "Value") VALUES (@name, @value)
            ON CONFLICT ("Name") DO UPDATE SET "Value" = "QueueCounters"."Value" + excluded."Value"
            """, "@name", "@value"))
        {
            foreach (var (name, value) in counts.Queues) Run(command, name, value);
        }

        using (var command = Prepare(connection, transaction,
            """UPDATE "Articles" SET "ApprovedCommentCount" = "ApprovedCommentCount" + @count, "PublishedThreadCount" = "PublishedThreadCount" + @threads WHERE "Id" = @id""", "@count", "@threads", "@id"))
        {
            foreach (var (articleId, (count, threads)) in counts.PublishedByArticle) Run(command, count, threads, articleId);
        }

        AddSeededAuthors(connection, transaction, counts.Authors);
    }

    /// <summary>The seeded authors' part of <see cref="AddSeededCounts"/>: their standings added to, or started.</summary>
    protected abstract void AddSeededAuthors(DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<string, SeededCounts.Author> authors);

    // The comment kernel's writes (Data/Comments): each goes into the caller's SqlBatch with the rest of one change.
    // Those written here are SQL that SQLite and PostgreSQL both speak (quoted names, upserts); a provider overrides where its dialect differs.

    /// <summary>Adds <paramref name="delta"/> to the queue counter <paramref name="queue"/>, starting it where missing.</summary>
    public virtual FormattableString AddToQueueCounter(string queue, int delta) =>
        $"INSERT INTO \"QueueCounters\" (\"Name\", \"Value\") VALUES ({queue}, {delta}) ON CONFLICT (\"Name\") DO UPDATE SET \"Value\" = \"QueueCounters\".\"Value\" + {delta}";

    /// <summary>Adds to the article's published comment and thread counts.</summary>
    public virtual FormattableString AddToArticleCounts(long articleId, int comments, int threads) =>
        $"UPDATE \"Articles\" SET \"ApprovedCommentCount\" = \"ApprovedCommentCount\" + {comments}, \"PublishedThreadCount\" = \"PublishedThreadCount\" + {threads} WHERE \"Id\" = {articleId}";

    /// <summary>Adds to the author's approved, rejected and spam counts (no row: nothing).</summary>
    public virtual FormattableString AddToAuthorOutcomes(string authorKey, int approved, int rejected, int spam) =>
        $"UPDATE \"AuthorStandings\" SET \"ApprovedCount\" = \"ApprovedCount\" + {approved}, \"RejectedCount\" = \"RejectedCount\" + {rejected}, \"SpamCount\" = \"SpamCount\" + {spam} WHERE \"AuthorKey\" = {authorKey}";

    /// <summary>Makes a stored top-level comment the root of its own thread.</summary>
    public virtual FormattableString SetThreadRoot(long commentId) =>
        $"UPDATE \"Comments\" SET \"ThreadRootId\" = {commentId} WHERE \"Id\" = {commentId}";

    /// <summary>Inserts the audit row (made by <see cref="AuditTrail"/>).</summary>
    public virtual FormattableString InsertAuditRow(ModerationEvent row) => $"""
        INSERT INTO "ModerationEvents" ("At", "CommentId", "AuthorKey", "Action", "FromStatus", "ToStatus", "Reason", "Automatic", "ActorUserId", "ActorName")
        VALUES ({row.At.UtcTicks}, {row.CommentId}, {row.AuthorKey}, {row.Action}, {(int?)row.FromStatus}, {(int?)row.ToStatus}, {row.Reason}, {row.Automatic}, {row.ActorUserId}, {row.ActorName})
        """;

    /// <summary>
    /// The author's standing on a post: started (normal, no outcomes yet, <paramref name="version"/>)
    /// on their first comment, otherwise their name and last comment time brought up to this one.
    /// <paramref name="email"/> is what the standing stores (lower-cased for a guest).
    /// </summary>
    public abstract FormattableString RecordAuthorPosting(Comment comment, string email, Guid version);

    /// <summary>Counts one hit of the rule on the day.</summary>
    public virtual FormattableString AddRuleHit(string ruleKey, DateOnly day) =>
        $"INSERT INTO \"RuleHitsDaily\" (\"RuleKey\", \"Day\", \"Count\") VALUES ({ruleKey}, {day}, 1) ON CONFLICT (\"RuleKey\", \"Day\") DO UPDATE SET \"Count\" = \"RuleHitsDaily\".\"Count\" + 1";

    /// <summary>
    /// What a post's last checks must see, read in the post's transaction (one of <see cref="PostingWrites"/>'
    /// group, on the posting writer's own thread, which it blocks: <see cref="PostingWrites"/>): the creation times (UTC ticks) of the newest comments, at most <paramref name="limit"/>,
    /// newest first, created after <paramref name="sinceTicks"/> by the draft's author key, from its
    /// address (when not empty) or by <paramref name="emailAuthorKey"/> (when not empty), each comment
    /// once (one indexed lookup per key, each cut at the limit: an OR over the three read every comment
    /// of a busy address); whether the same article, parent, author and text is stored already; and,
    /// where the database hands out ids ahead (PostgreSQL), the id the comment is to be stored under
    /// (<see cref="InsertComment"/>). Where several servers post (PostgreSQL), every other post by one
    /// of these keys is held back until the transaction ends, so that the checks see every comment
    /// stored before this one; within one server the posting writer already runs posts one after another.
    /// </summary>
    public abstract PostingChecks ReadPostingChecks(AppDbContext db, Comment draft, string emailAuthorKey, long sinceTicks, int limit);

    /// <summary>
    /// Inserts a posted comment whose id was taken ahead (<see cref="PostingChecks.ReservedId"/>), every
    /// column as EF would write it, for the caller's <see cref="SqlBatch"/>: the comment and the rows
    /// that go with it in one round trip.
    /// </summary>
    public FormattableString InsertComment(AppDbContext db, Comment comment)
    {
        var insert = CommentInserts.GetOrAdd(db.Model, static (_, db) => CommentInsert.Of(db), db);
        return FormattableStringFactory.Create(insert.Sql, insert.ValuesOf(comment));
    }

    private static readonly ConcurrentDictionary<IModel, CommentInsert> CommentInserts = new(ReferenceEqualityComparer.Instance);

    private sealed class CommentInsert(string sql, CommentRowWriter.Column[] columns)
    {
        public string Sql => sql;

        public object?[] ValuesOf(Comment comment) => Array.ConvertAll(columns, c => c.ValueOf(comment));

        public static CommentInsert Of(AppDbContext db)
        {
            var (table, columns) = CommentRowWriter.CommentTable(db);
            var names = string.Join(", ", columns.Select(c => "\"" + c.Name + "\""));
            var values = string.Join(", ", columns.Select((_, i) => "{" + i + "}"));
            return new CommentInsert($"INSERT INTO \"{table}\" ({names}) VALUES ({values})", columns);
        }
    }

    // Webhooks: the outbox rows the kernel writes with a change, and the dispatcher's claims (Web/Webhooks),
    // which on several servers give each row to one of them.

    /// <summary>Inserts an outbox event (<see cref="EventOutbox"/>) of <paramref name="type"/> with its data as JSON.</summary>
    public virtual FormattableString InsertOutboxEvent(string type, string payloadJson, long occurredAtTicks) =>
        $"INSERT INTO \"OutboxEvents\" (\"Type\", \"PayloadJson\", \"OccurredAt\") VALUES ({type}, {payloadJson}, {occurredAtTicks})";

    /// <summary>
    /// The ids of at most <paramref name="limit"/> outbox events not fanned out yet, oldest first, held
    /// until the caller's transaction ends: another server's claim skips them rather than waiting.
    /// </summary>
    public abstract Task<List<long>> ClaimOutboxEventsAsync(AppDbContext db, int limit, CancellationToken ct = default);

    /// <summary>
    /// Leases until <paramref name="leaseUntilTicks"/> at most <paramref name="limit"/> due deliveries
    /// of active endpoints (pending or failed, next attempt at or before <paramref name="nowTicks"/>, not
    /// leased or their lease run out), soonest first, and gives their ids; a delivery another server is leasing is skipped.
    /// </summary>
    public abstract Task<List<long>> LeaseDueDeliveriesAsync(AppDbContext db, long nowTicks, long leaseUntilTicks, int limit, CancellationToken ct = default);

    /// <summary>The due deliveries of <see cref="LeaseDueDeliveriesAsync"/> as a provider's claim selects them: <c>{0}</c> is now, <c>{2}</c> the limit.</summary>
    protected static readonly string DueDeliveries =
        $"SELECT \"Id\" FROM \"WebhookDeliveries\" WHERE \"Status\" IN ({(int)WebhookDeliveryStatus.Pending}, {(int)WebhookDeliveryStatus.Failed}) AND \"NextAttemptAt\" <= {{0}} " +
        "AND (\"LeasedUntil\" IS NULL OR \"LeasedUntil\" <= {0}) AND \"EndpointId\" IN (SELECT \"Id\" FROM \"WebhookEndpoints\" WHERE \"Active\") " +
        "ORDER BY \"NextAttemptAt\" LIMIT {2}";

    /// <summary>A comment as a reader page shows it, from a row of the columns Id, ParentId, ThreadRootId, AuthorName, AuthorUrl, CreatedAt, BodyHtml, Status, EditedAt.</summary>
    protected static CommentView ReadCommentView(DbDataReader row) => new(
        row.GetInt64(0),
        row.IsDBNull(1) ? null : row.GetInt64(1),
        row.GetInt64(2),
        row.GetString(3),
        row.GetString(4),
        DateTimeOffsetToTicksConverter.FromUtcTicks(row.GetInt64(5)),
        row.GetString(6),
        (CommentStatus)row.GetInt32(7),
        row.IsDBNull(8) ? null : DateTimeOffsetToTicksConverter.FromUtcTicks(row.GetInt64(8)));

    /// <summary>A command on the seeding connection, its parameters named and unset, for <see cref="Run"/>.</summary>
    protected static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>Runs the command with its parameters set to <paramref name="values"/> in order (null as NULL).</summary>
    protected static void Run(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }
}

/// <summary>Where a thread stands on its article (<see cref="SqlStatements.PlaceOfThread"/>).</summary>
/// <param name="IsPublishedThread">The root is a top-level comment readers see.</param>
/// <param name="ThreadCount">The article's published threads.</param>
/// <param name="ThreadsAfter">Its published threads after the root in posting order (<see cref="SqlStatements.CountVisibleThreadsAfter"/>).</param>
public sealed record ThreadPlace(bool IsPublishedThread, int ThreadCount, int ThreadsAfter);

/// <summary>What <see cref="SqlStatements.ReadPostingChecks"/> read for a post.</summary>
/// <param name="RecentTicks">Creation times (UTC ticks) of the author's and the address's recent comments, newest first.</param>
/// <param name="IsDuplicate">The same article, parent, author and text is stored already.</param>
/// <param name="ReservedId">The id to store the comment under (<see cref="SqlStatements.InsertComment"/>); null where the insert assigns it.</param>
public sealed record PostingChecks(List<long> RecentTicks, bool IsDuplicate, long? ReservedId);
