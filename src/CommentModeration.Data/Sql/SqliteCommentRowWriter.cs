using System.Data.Common;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data.Sql;

/// <summary>
/// SQLite's <see cref="CommentRowWriter"/>: one prepared INSERT, its columns and value
/// conversions read from the EF model, so the rows are exactly what EF would write.
/// </summary>
internal sealed class SqliteCommentRowWriter : CommentRowWriter
{
    private readonly DbCommand _command;
    private readonly Column[] _columns;
    private long _nextId;

    private SqliteCommentRowWriter(DbCommand command, Column[] columns, long nextId)
    {
        _command = command;
        _columns = columns;
        _nextId = nextId;
    }

    /// <summary>Prepares the insert on the context's connection; call inside a transaction of that context.</summary>
    public static async Task<SqliteCommentRowWriter> OpenAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var maxId = await db.Comments.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        var (table, columns) = CommentTable(db);
        var command = db.Database.GetDbConnection().CreateCommand();
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.Add(columns[i].Mapping.CreateParameter(command, "@p" + i, null, columns[i].Property.IsNullable));
        }
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => "\"" + c.Name + "\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
        return new SqliteCommentRowWriter(command, columns, maxId + 1);
    }

    public override long TakeId() => _nextId++;

    public override void Insert(Comment comment, DbTransaction transaction)
    {
        _command.Transaction = transaction;
        for (var i = 0; i < _columns.Length; i++)
        {
            var value = _columns[i].ValueOf(comment);
            // EF's SQLite provider stores Guids as upper-case text; the concurrency token must compare equal.
            if (value is Guid guid) value = guid.ToString().ToUpperInvariant();
            _command.Parameters[i].Value = value ?? DBNull.Value;
        }
        _command.ExecuteNonQuery();
    }

    /// <summary>Nothing waits: each insert ran as it came.</summary>
    public override void Flush()
    {
    }

    public override void Dispose() => _command.Dispose();
}
