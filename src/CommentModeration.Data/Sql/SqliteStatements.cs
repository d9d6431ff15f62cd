using System.Data.Common;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data.Sql;

/// <summary>
/// SQLite's statements: every line of SQL the site runs on SQLite is written here. The reader
/// pages' reads run on connections of their own, where they stay prepared (<see cref="PreparedReads"/>).
/// </summary>
public sealed class SqliteStatements(string connectionString) : SqlStatements, IDisposable
{
    private readonly PreparedReads _reads = new(connectionString);

    public void Dispose() => _reads.Dispose();

    // Settings, not statements a feature calls: every connection's, and the database file's.

    /// <summary>WAL needs only NORMAL sync to be durable across app crashes, and writers wait rather than fail.</summary>
    internal const string ConnectionSettings = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

    /// <summary>Write-ahead logging, which the file keeps once set: readers never wait for the writer.</summary>
    internal const string WriteAheadLog = "PRAGMA journal_mode=WAL;";

    // Reader pages. Parameters are $p0, $p1, … in the order PreparedReads is given them.

    /// <summary>The columns <see cref="ReadCommentView"/> reads, of a comment as <c>c</c>.</summary>
    private const string CommentViewColumns = "c.Id, c.ParentId, c.ThreadRootId, c.AuthorName, c.AuthorUrl, c.CreatedAt, c.BodyHtml, c.Status, c.EditedAt";

    private static readonly string VisibleThreadsOfPageSql = $"""
        SELECT {CommentViewColumns}
        FROM Comments AS c
        WHERE {CommentVisibility.Sql("c")} AND c.ThreadRootId IN (
            SELECT r.Id FROM Comments AS r
            WHERE r.ArticleId = $p0 AND r.ParentId IS NULL AND {CommentVisibility.Sql("r")}
            ORDER BY r.CreatedAt, r.Id
            LIMIT $p2 OFFSET $p1)
        """;

    public override List<CommentView> VisibleThreadsOfPage(long articleId, int offset, int count) =>
        _reads.Query(VisibleThreadsOfPageSql, ReadCommentView, articleId, offset, count);

    // The article ($p0)'s visible roots after a place in posting order: one range of the thread index.
    private static string VisibleThreadsAfter(string createdAt, string id) => $"""
        SELECT COUNT(*) FROM Comments AS c
        WHERE c.ArticleId = $p0 AND c.ParentId IS NULL AND {CommentVisibility.Sql("c")}
            AND (c.CreatedAt, c.Id) > ({createdAt}, {id})
        """;

    private static readonly string VisibleThreadsAfterSql = VisibleThreadsAfter("$p1", "$p2");

    public override int CountVisibleThreadsAfter(long articleId, DateTimeOffset createdAt, long id) =>
        _reads.Query(VisibleThreadsAfterSql, row => row.GetInt32(0), articleId, createdAt.UtcTicks, id)[0];

    private static readonly string PlaceOfThreadSql = $"""
        SELECT r.ParentId IS NULL AND {CommentVisibility.Sql("r")},
            COALESCE((SELECT a.PublishedThreadCount FROM Articles AS a WHERE a.Id = $p0), 0),
            ({VisibleThreadsAfter("r.CreatedAt", "r.Id")})
        FROM Comments AS r WHERE r.Id = $p1
        """;

    public override ThreadPlace? PlaceOfThread(long articleId, long rootId) =>
        _reads.Query(PlaceOfThreadSql, row => new ThreadPlace(row.GetBoolean(0), row.GetInt32(1), row.GetInt32(2)), articleId, rootId) is [var place] ? place : null;

    private static readonly string HeldCommentSql =
        $"SELECT {CommentViewColumns} FROM Comments AS c WHERE c.Id = $p0 AND c.ArticleId = $p1 AND c.Status = {(int)CommentStatus.Pending}";

    public override CommentView? HeldComment(long commentId, long articleId) =>
        _reads.Query(HeldCommentSql, ReadCommentView, commentId, articleId) is [var comment] ? comment : null;

    private static readonly string HeldCommentsOfAuthorSql =
        $"SELECT {CommentViewColumns} FROM Comments AS c WHERE c.AuthorKey = $p0 AND c.Status = {(int)CommentStatus.Pending} AND c.ArticleId = $p1";

    public override List<CommentView> HeldCommentsOfAuthor(string authorKey, long articleId) =>
        _reads.Query(HeldCommentsOfAuthorSql, ReadCommentView, authorKey, articleId);

    // The moderation queue and its dashboard.

    public override IQueryable<Comment> QueueComments(AppDbContext db, IndexedQueue queue, string? firedRuleKey)
    {
        // SQLite's planner would otherwise walk every approved comment to find a few flagged or
        // reported ones; INDEXED BY needs the index's own filter (AppDbContext) in the WHERE.
        var sql = new System.Text.StringBuilder("SELECT * FROM \"Comments\"");
        var conditions = new List<string>();
        var parameters = new List<object>();
        switch (queue)
        {
            case IndexedQueue.Flagged:
                sql.Append(" INDEXED BY \"IX_Comments_Flagged\"");
                conditions.Add("\"Status\" = 1 AND \"NeedsReview\"");
                break;
            case IndexedQueue.Reported:
                sql.Append(" INDEXED BY \"IX_Comments_Reported\"");
                conditions.Add("\"Status\" = 1 AND \"OpenReportCount\" > 0");
                break;
        }
        if (firedRuleKey is not null)
        {
            conditions.Add("EXISTS (SELECT 1 FROM json_each(\"Comments\".\"VerdictJson\") WHERE json_extract(value, '$.ruleKey') = {0})");
            parameters.Add(firedRuleKey);
        }
        return conditions.Count == 0
            ? db.Comments
            : db.Comments.FromSqlRaw(sql.Append(" WHERE ").Append(string.Join(" AND ", conditions)).ToString(), parameters.ToArray());
    }

    public override Task<List<RuleActivity>> TopRulesSinceAsync(AppDbContext db, DateTimeOffset since, int count, CancellationToken ct = default)
    {
        var sinceTicks = since.UtcTicks;
        return db.Database.SqlQuery<RuleActivity>(
                $"""
                SELECT json_extract(h.value, '$.rule') AS "Rule", COUNT(*) AS "Hits"
                FROM "Comments" AS c, json_each(c."VerdictJson") AS h
                WHERE c."CreatedAt" >= {sinceTicks} AND c."VerdictJson" <> '[]'
                GROUP BY json_extract(h.value, '$.rule')
                ORDER BY COUNT(*) DESC
                LIMIT {count}
                """)
            .ToListAsync(ct);
    }

    // Seeding.

    /// <summary>
    /// Six indexes take random keys (author, IP, time): a large page cache keeps their b-trees in
    /// memory instead of re-reading pages on every insert.
    /// </summary>
    public override async Task PrepareBulkInsertsAsync(AppDbContext db, CancellationToken ct = default) =>
        await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -262144;", ct);

    public override async Task<CommentRowWriter> OpenCommentRowWriterAsync(AppDbContext db, CancellationToken ct = default) =>
        await SqliteCommentRowWriter.OpenAsync(db, ct);

    protected override void AddSeededAuthors(DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<string, SeededCounts.Author> authors)
    {
        using (var command = Prepare(connection, transaction,
            """
            INSERT INTO "AuthorStandings" ("AuthorKey", "UserId", "Email", "Name", "Level", "SuspendedUntil",
                "ApprovedCount", "RejectedCount", "SpamCount", "FirstSeenAt", "LastCommentAt", "Version")
            VALUES (@key, @userId, @email, @name, 0, NULL, @approved, @rejected, @spam, @first, @last, @version)
            ON CONFLICT ("AuthorKey") DO UPDATE SET
                "ApprovedCount" = "ApprovedCount" + excluded."ApprovedCount",
                "RejectedCount" = "RejectedCount" + excluded."RejectedCount",
                "SpamCount" = "SpamCount" + excluded."SpamCount",
                "FirstSeenAt" = min("FirstSeenAt", excluded."FirstSeenAt"),
                "LastCommentAt" = max(coalesce("LastCommentAt", 0), excluded."LastCommentAt"),
                "Version" = excluded."Version"
            """, "@key", "@userId", "@email", "@name", "@approved", "@rejected", "@spam", "@first", "@last", "@version"))
        {
            foreach (var (key, a) in authors)
            {
                Run(command, key, a.UserId, a.Email, a.Name, a.Approved, a.Rejected, a.Spam,
                    a.First.UtcTicks, a.Last.UtcTicks, Guid.NewGuid().ToString().ToUpperInvariant());
            }
        }
    }

    // EF stores a Guid in SQLite as upper-case text.
    public override FormattableString RecordAuthorPosting(Comment comment, string email, Guid version) => $"""
        INSERT INTO "AuthorStandings" ("AuthorKey", "UserId", "Email", "Name", "Level", "ApprovedCount", "RejectedCount", "SpamCount", "FirstSeenAt", "LastCommentAt", "Version")
        VALUES ({comment.AuthorKey}, NULLIF({comment.UserId ?? ""}, ''), {email}, {comment.AuthorName}, {(int)AuthorStandingLevel.Normal}, 0, 0, 0, {comment.CreatedAt.UtcTicks}, {comment.CreatedAt.UtcTicks}, {version.ToString().ToUpperInvariant()})
        ON CONFLICT ("AuthorKey") DO UPDATE SET "Name" = excluded."Name", "LastCommentAt" = excluded."LastCommentAt"
        """;

    /// <summary>One server writes the file: its posting writer and write gate already order every post. The insert assigns the id.</summary>
    public override PostingChecks ReadPostingChecks(AppDbContext db, Comment draft, string emailAuthorKey, long sinceTicks, int limit)
    {
        string Newest(string column, int key) =>
            $"SELECT \"Id\", \"CreatedAt\" FROM (SELECT \"Id\", \"CreatedAt\" FROM \"Comments\" WHERE \"{column}\" = {{{key}}} AND \"CreatedAt\" > {{3}} ORDER BY \"CreatedAt\" DESC LIMIT {limit})";
        var parts = new List<string> { Newest("AuthorKey", 0) };
        if (draft.Ip.Length > 0) parts.Add(Newest("Ip", 1));
        if (emailAuthorKey.Length > 0) parts.Add(Newest("AuthorKey", 2));
        var sql = $"SELECT \"CreatedAt\" AS \"Value\" FROM ({string.Join(" UNION ", parts)}) ORDER BY \"CreatedAt\" DESC LIMIT {limit}";
        var recent = db.Database.SqlQueryRaw<long>(sql, draft.AuthorKey, draft.Ip, emailAuthorKey, sinceTicks).ToList();
        var duplicate = SameCommentExists.For(db)(db, draft.BodyHash, draft.AuthorKey, draft.ArticleId, draft.ParentId, draft.AuthorName, draft.AuthorEmail, draft.BodyText);
        return new PostingChecks(recent, duplicate, ReservedId: null);
    }

    // Compiled: built from LINQ on every post, translating it cost more than running it.
    private static readonly CompiledPerModel<Func<AppDbContext, long, string, long, long?, string, string, string, bool>> SameCommentExists = new(() =>
        EF.CompileQuery((AppDbContext db, long bodyHash, string authorKey, long articleId, long? parentId, string name, string email, string body) =>
            db.Comments.Any(c => c.BodyHash == bodyHash && c.AuthorKey == authorKey && c.ArticleId == articleId && c.ParentId == parentId
                && c.AuthorName == name && c.AuthorEmail == email && c.BodyText == body)));

    /// <summary>One server writes the file, and the caller's write transaction holds the gate: nobody else claims at the same time.</summary>
    public override Task<List<long>> ClaimOutboxEventsAsync(AppDbContext db, int limit, CancellationToken ct = default) =>
        db.Database.SqlQueryRaw<long>("""SELECT "Id" AS "Value" FROM "OutboxEvents" WHERE "FannedOutAt" IS NULL ORDER BY "Id" LIMIT {0}""", limit).ToListAsync(ct);

    /// <summary>In the caller's write transaction, as <see cref="ClaimOutboxEventsAsync"/>.</summary>
    public override Task<List<long>> LeaseDueDeliveriesAsync(AppDbContext db, long nowTicks, long leaseUntilTicks, int limit, CancellationToken ct = default) =>
        db.Database.SqlQueryRaw<long>(LeaseDueDeliveriesSql, nowTicks, leaseUntilTicks, limit).ToListAsync(ct);

    private static readonly string LeaseDueDeliveriesSql =
        $$"""UPDATE "WebhookDeliveries" SET "LeasedUntil" = {1} WHERE "Id" IN ({{DueDeliveries}}) RETURNING "Id" AS "Value" """;
}
