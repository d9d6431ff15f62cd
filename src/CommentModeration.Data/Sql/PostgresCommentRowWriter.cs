using System.Data.Common;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CommentModeration.Data.Sql;

/// <summary>
/// PostgreSQL's <see cref="CommentRowWriter"/>: the rows stream in by binary COPY, in the
/// connection's transaction. Ids come from the table's identity sequence, reserved in growing
/// blocks, so a server posting meanwhile never takes one of them and the sequence needs no moving after.
/// </summary>
internal sealed class PostgresCommentRowWriter : CommentRowWriter
{
    private const int FirstBlock = 64;
    private const int LargestBlock = 10_000;

    private readonly NpgsqlConnection _connection;
    private readonly Column[] _columns;
    private readonly string _copySql;
    private readonly string _reserveSql;
    private readonly Queue<long> _ids = new();
    private int _block = FirstBlock;
    private NpgsqlBinaryImporter? _copy;

    public PostgresCommentRowWriter(AppDbContext db)
    {
        _connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var (table, columns) = CommentTable(db);
        _columns = columns;
        _copySql = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => "\"" + c.Name + "\""))}) FROM STDIN (FORMAT BINARY)";
        var id = columns.Single(c => c.Property.IsPrimaryKey()).Name;
        _reserveSql = $"SELECT nextval(pg_get_serial_sequence('\"{table}\"', '{id}')) FROM generate_series(1, $1)";
    }

    public override long TakeId()
    {
        if (_ids.Count == 0) Reserve();
        return _ids.Dequeue();
    }

    private void Reserve()
    {
        // A COPY in progress holds the connection.
        Flush();
        using var command = new NpgsqlCommand(_reserveSql, _connection) { Parameters = { new NpgsqlParameter { Value = _block } } };
        var ids = new List<long>(_block);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) ids.Add(reader.GetInt64(0));
        }
        ids.Sort();
        foreach (var id in ids) _ids.Enqueue(id);
        _block = Math.Min(_block * 2, LargestBlock);
    }

    public override void Insert(Comment comment, DbTransaction transaction)
    {
        _copy ??= _connection.BeginBinaryImport(_copySql);
        _copy.StartRow();
        foreach (var column in _columns)
        {
            if (column.ValueOf(comment) is { } value) _copy.Write(value);
            else _copy.WriteNull();
        }
    }

    public override void Flush()
    {
        if (_copy is null) return;
        _copy.Complete();
        _copy.Dispose();
        _copy = null;
    }

    /// <summary>A COPY not flushed is cancelled: its rows are not written.</summary>
    public override void Dispose() => _copy?.Dispose();
}
