using System.Data.Common;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CommentModeration.Data.Sql;

/// <summary>
/// PostgreSQL's statements: every line of SQL the site runs on PostgreSQL is written here.
/// Identifiers are quoted (PostgreSQL folds unquoted ones to lower case), versions are <c>uuid</c>,
/// times are UTC ticks in a <c>bigint</c> as on SQLite. The reader pages' reads run on a data
/// source of their own (<see cref="PostgresConnections.Reads"/>) whose connections prepare the
/// statements they run (Npgsql's automatic preparation), as SQLite's <see cref="PreparedReads"/> does.
/// </summary>
public sealed class PostgresStatements(PostgresConnections connections) : SqlStatements
{
    private readonly NpgsqlDataSource _reads = connections.Reads;

    // Reader pages. Parameters are $1, $2, … in the order Query is given them.

    /// <summary>The columns <see cref="ReadCommentView"/> reads, of a comment as <c>c</c>.</summary>
    private const string CommentViewColumns = """c."Id", c."ParentId", c."ThreadRootId", c."AuthorName", c."AuthorUrl", c."CreatedAt", c."BodyHtml", c."Status", c."EditedAt" """;

    private static readonly string VisibleThreadsOfPageSql = $"""
        SELECT {CommentViewColumns}
        FROM "Comments" AS c
        WHERE {CommentVisibility.Sql("c")} AND c."ThreadRootId" IN (
            SELECT r."Id" FROM "Comments" AS r
            WHERE r."ArticleId" = $1 AND r."ParentId" IS NULL AND {CommentVisibility.Sql("r")}
            ORDER BY r."CreatedAt", r."Id"
            LIMIT $3 OFFSET $2)
        """;

    public override List<CommentView> VisibleThreadsOfPage(long articleId, int offset, int count) =>
        Query(VisibleThreadsOfPageSql, ReadCommentView, articleId, offset, count);

    // The article ($1)'s visible roots after a place in posting order. One row comparison is one range
    // of the article's thread index; the OR written out made the prepared statement's generic plan
    // read every thread of the article.
    private static string VisibleThreadsAfter(string createdAt, string id) => $"""
        SELECT COUNT(*) FROM "Comments" AS c
        WHERE c."ArticleId" = $1 AND c."ParentId" IS NULL AND {CommentVisibility.Sql("c")}
            AND (c."CreatedAt", c."Id") > ({createdAt}, {id})
        """;

    private static readonly string VisibleThreadsAfterSql = VisibleThreadsAfter("$2", "$3");

    public override int CountVisibleThreadsAfter(long articleId, DateTimeOffset createdAt, long id) =>
        (int)Query(VisibleThreadsAfterSql, row => row.GetInt64(0), articleId, createdAt.UtcTicks, id)[0];

    private static readonly string PlaceOfThreadSql = $"""
        SELECT r."ParentId" IS NULL AND {CommentVisibility.Sql("r")},
            COALESCE((SELECT a."PublishedThreadCount" FROM "Articles" AS a WHERE a."Id" = $1), 0),
            ({VisibleThreadsAfter("r.\"CreatedAt\"", "r.\"Id\"")})
        FROM "Comments" AS r WHERE r."Id" = $2
        """;

    public override ThreadPlace? PlaceOfThread(long articleId, long rootId) =>
        Query(PlaceOfThreadSql, row => new ThreadPlace(row.GetBoolean(0), row.GetInt32(1), (int)row.GetInt64(2)), articleId, rootId) is [var place] ? place : null;

    private static readonly string HeldCommentSql =
        $"""SELECT {CommentViewColumns} FROM "Comments" AS c WHERE c."Id" = $1 AND c."ArticleId" = $2 AND c."Status" = {(int)CommentStatus.Pending}""";

    public override CommentView? HeldComment(long commentId, long articleId) =>
        Query(HeldCommentSql, ReadCommentView, commentId, articleId) is [var comment] ? comment : null;

    private static readonly string HeldCommentsOfAuthorSql =
        $"""SELECT {CommentViewColumns} FROM "Comments" AS c WHERE c."AuthorKey" = $1 AND c."Status" = {(int)CommentStatus.Pending} AND c."ArticleId" = $2""";

    public override List<CommentView> HeldCommentsOfAuthor(string authorKey, long articleId) =>
        Query(HeldCommentsOfAuthorSql, ReadCommentView, authorKey, articleId);

    private List<T> Query<T>(string sql, Func<NpgsqlDataReader, T> readRow, params object[] args)
    {
        using var command = _reads.CreateCommand(sql);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        var rows = new List<T>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read()) rows.Add(readRow(reader));
        }
        // Outside EF: its interceptor does not see this one.
        catch (NpgsqlException e) when (DatabaseFaults.BreaksConnections(e))
        {
            connections.ForgetIdle();
            throw;
        }
        return rows;
    }

    // The moderation queue and its dashboard.

    public override IQueryable<Comment> QueueComments(AppDbContext db, IndexedQueue queue, string? firedRuleKey)
    {
        // The planner picks the queues' partial indexes by itself when the WHERE holds their filter (AppDbContext).
        var conditions = new List<string>();
        var parameters = new List<object>();
        switch (queue)
        {
            case IndexedQueue.Flagged:
                conditions.Add("\"Status\" = 1 AND \"NeedsReview\"");
                break;
            case IndexedQueue.Reported:
                conditions.Add("\"Status\" = 1 AND \"OpenReportCount\" > 0");
                break;
        }
        if (firedRuleKey is not null)
        {
            conditions.Add("EXISTS (SELECT 1 FROM jsonb_array_elements(\"Comments\".\"VerdictJson\"::jsonb) AS h WHERE h->>'ruleKey' = {0})");
            parameters.Add(firedRuleKey);
        }
        var sql = "SELECT * FROM \"Comments\" WHERE " + string.Join(" AND ", conditions);
        return conditions.Count == 0 ? db.Comments : db.Comments.FromSqlRaw(sql, parameters.ToArray());
    }

    public override Task<List<RuleActivity>> TopRulesSinceAsync(AppDbContext db, DateTimeOffset since, int count, CancellationToken ct = default)
    {
        var sinceTicks = since.UtcTicks;
        return db.Database.SqlQuery<RuleActivity>(
                $"""
                SELECT h->>'rule' AS "Rule", COUNT(*)::int AS "Hits"
                FROM "Comments" AS c CROSS JOIN LATERAL jsonb_array_elements(c."VerdictJson"::jsonb) AS h
                WHERE c."CreatedAt" >= {sinceTicks} AND c."VerdictJson" <> '[]'
                GROUP BY h->>'rule'
                ORDER BY COUNT(*) DESC
                LIMIT {count}
                """)
            .ToListAsync(ct);
    }

    // Seeding.

    /// <summary>Nothing to ready: the rows go in by binary COPY (<see cref="PostgresCommentRowWriter"/>).</summary>
    public override Task PrepareBulkInsertsAsync(AppDbContext db, CancellationToken ct = default) => Task.CompletedTask;

    public override Task<CommentRowWriter> OpenCommentRowWriterAsync(AppDbContext db, CancellationToken ct = default) =>
        Task.FromResult<CommentRowWriter>(new PostgresCommentRowWriter(db));

    protected override void AddSeededAuthors(DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<string, SeededCounts.Author> authors)
    {
        using (var command = Prepare(connection, transaction,
            """
            INSERT INTO "AuthorStandings" AS s ("AuthorKey", "UserId", "Email", "Name", "Level", "SuspendedUntil",
                "ApprovedCount", "RejectedCount", "SpamCount", "FirstSeenAt", "LastCommentAt", "Version")
            VALUES (@key, @userId, @email, @name, 0, NULL, @approved, @rejected, @spam, @first, @last, @version)
            ON CONFLICT ("AuthorKey") DO UPDATE SET
                "ApprovedCount" = s."ApprovedCount" + excluded."ApprovedCount",
                "RejectedCount" = s."RejectedCount" + excluded."RejectedCount",
                "SpamCount" = s."SpamCount" + excluded."SpamCount",
                "FirstSeenAt" = LEAST(s."FirstSeenAt", excluded."FirstSeenAt"),
                "LastCommentAt" = GREATEST(coalesce(s."LastCommentAt", 0), excluded."LastCommentAt"),
                "Version" = excluded."Version"
            """, "@key", "@userId", "@email", "@name", "@approved", "@rejected", "@spam", "@first", "@last", "@version"))
        {
            foreach (var (key, a) in authors)
            {
                Run(command, key, a.UserId, a.Email, a.Name, a.Approved, a.Rejected, a.Spam, a.First.UtcTicks, a.Last.UtcTicks, Guid.NewGuid());
            }
        }
    }

    // The comment kernel's writes.

    public override FormattableString RecordAuthorPosting(Comment comment, string email, Guid version) => $"""
        INSERT INTO "AuthorStandings" ("AuthorKey", "UserId", "Email", "Name", "Level", "ApprovedCount", "RejectedCount", "SpamCount", "FirstSeenAt", "LastCommentAt", "Version")
        VALUES ({comment.AuthorKey}, NULLIF({comment.UserId ?? ""}, ''), {email}, {comment.AuthorName}, {(int)AuthorStandingLevel.Normal}, 0, 0, 0, {comment.CreatedAt.UtcTicks}, {comment.CreatedAt.UtcTicks}, {version})
        ON CONFLICT ("AuthorKey") DO UPDATE SET "Name" = excluded."Name", "LastCommentAt" = excluded."LastCommentAt"
        """;

    public override Task<List<long>> ClaimOutboxEventsAsync(AppDbContext db, int limit, CancellationToken ct = default) =>
        db.Database.SqlQueryRaw<long>(
            """SELECT "Id" AS "Value" FROM "OutboxEvents" WHERE "FannedOutAt" IS NULL ORDER BY "Id" LIMIT {0} FOR UPDATE SKIP LOCKED""", limit)
            .ToListAsync(ct);

    public override Task<List<long>> LeaseDueDeliveriesAsync(AppDbContext db, long nowTicks, long leaseUntilTicks, int limit, CancellationToken ct = default) =>
        db.Database.SqlQueryRaw<long>(LeaseDueDeliveriesSql, nowTicks, leaseUntilTicks, limit).ToListAsync(ct);

    private static readonly string LeaseDueDeliveriesSql =
        $$"""UPDATE "WebhookDeliveries" SET "LeasedUntil" = {1} WHERE "Id" IN ({{DueDeliveries}} FOR UPDATE SKIP LOCKED) RETURNING "Id" AS "Value" """;

    // The advisory lock space of posting's per-author locks (the two-number form, apart from the start-up lock's).
    private const int PostingLocks = 14_002;

    /// <summary>
    /// One round trip, in the post's transaction: a transaction advisory lock per key, taken in one
    /// order so that two servers' posts never wait for each other in a circle (a group of several
    /// posts still may, rarely: PostgreSQL then fails one, and <see cref="PostingWrites"/> runs it
    /// again); then, holding them, the recent comments, the duplicate check and an id from the
    /// table's sequence. A key is hashed to 32 bits the same way on every server; two keys that share
    /// a hash only wait for each other needlessly. Each statement's text is the same on every post,
    /// so the connection keeps it prepared.
    /// </summary>
    public override PostingChecks ReadPostingChecks(AppDbContext db, Comment draft, string emailAuthorKey, long sinceTicks, int limit)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("A post's checks are read in its group's write transaction.");
        using var batch = new NpgsqlBatch(connection, transaction);
        var locks = new[] { draft.AuthorKey, draft.Ip, emailAuthorKey }.Where(k => k.Length > 0).Select(StableHash).Distinct().Order().ToList();
        foreach (var hash in locks) batch.BatchCommands.Add(Statement("SELECT pg_advisory_xact_lock($1, $2)", PostingLocks, hash));
        batch.BatchCommands.Add(RecentComments(draft.AuthorKey, draft.Ip, emailAuthorKey, sinceTicks, limit));
        batch.BatchCommands.Add(Statement(SameCommentSql, draft.BodyHash, draft.AuthorKey, draft.ArticleId,
            new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint, Value = (object?)draft.ParentId ?? DBNull.Value },
            draft.AuthorName, draft.AuthorEmail, draft.BodyText));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(ReserveCommentIdSql));
        try
        {
            using var reader = batch.ExecuteReader();
            foreach (var _ in locks) reader.NextResult();
            var recent = new List<long>();
            while (reader.Read()) recent.Add(reader.GetInt64(0));
            reader.NextResult();
            reader.Read();
            var duplicate = reader.GetBoolean(0);
            reader.NextResult();
            reader.Read();
            return new PostingChecks(recent, duplicate, reader.GetInt64(0));
        }
        // Outside EF: its interceptor does not see this one.
        catch (NpgsqlException e) when (DatabaseFaults.BreaksConnections(e))
        {
            connections.ForgetIdle();
            throw;
        }
    }

    /// <summary>The newest comments by each key, each cut at the limit; one statement text per combination of keys present.</summary>
    private static NpgsqlBatchCommand RecentComments(string authorKey, string ip, string emailAuthorKey, long sinceTicks, int limit)
    {
        var values = new List<object> { sinceTicks, limit };
        string Newest(string column, string key)
        {
            values.Add(key);
            return $"(SELECT \"Id\", \"CreatedAt\" FROM \"Comments\" WHERE \"{column}\" = ${values.Count} AND \"CreatedAt\" > $1 ORDER BY \"CreatedAt\" DESC LIMIT $2)";
        }
        var parts = new List<string> { Newest("AuthorKey", authorKey) };
        if (ip.Length > 0) parts.Add(Newest("Ip", ip));
        if (emailAuthorKey.Length > 0) parts.Add(Newest("AuthorKey", emailAuthorKey));
        return Statement($"SELECT \"CreatedAt\" FROM ({string.Join(" UNION ", parts)}) AS recent ORDER BY \"CreatedAt\" DESC LIMIT $2", [.. values]);
    }

    // The comments with the same text's hash first (OFFSET 0 keeps the planner from merging the two
    // levels): a prepared statement's generic plan otherwise went through the author's index and read
    // every comment a prolific author had left on the article, on every post.
    private const string SameCommentSql = """
        SELECT EXISTS (SELECT 1 FROM (SELECT * FROM "Comments" WHERE "BodyHash" = $1 OFFSET 0) AS same
            WHERE "AuthorKey" = $2 AND "ArticleId" = $3 AND "ParentId" IS NOT DISTINCT FROM $4
            AND "AuthorName" = $5 AND "AuthorEmail" = $6 AND "BodyText" = $7)
        """;

    private const string ReserveCommentIdSql = """SELECT nextval(pg_get_serial_sequence('"Comments"', 'Id'))""";

    private static NpgsqlBatchCommand Statement(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        return command;
    }

    private static int StableHash(string key) =>
        BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
}
