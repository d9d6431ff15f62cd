using System.Data.Common;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

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

    private sealed record Column(IClrPropertyGetter Getter, DbParameter Parameter, ValueConverter? Converter);

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
        var entity = db.Model.FindEntityType(typeof(Comment)) ?? throw new InvalidOperationException("Comment is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var command = db.Database.GetDbConnection().CreateCommand();
        var columns = new List<Column>();
        var names = new List<string>();
        foreach (var property in entity.GetProperties())
        {
            var columnName = property.GetColumnName(table);
            if (columnName is null) continue;
            var mapping = property.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(command, "@p" + columns.Count, null, property.IsNullable);
            command.Parameters.Add(parameter);
            columns.Add(new Column(property.GetGetter(), parameter, mapping.Converter));
            names.Add("\"" + columnName + "\"");
        }
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", names)}) VALUES ({string.Join(", ", columns.Select(c => c.Parameter.ParameterName))})";
        return new SqliteCommentRowWriter(command, columns.ToArray(), maxId + 1);
    }

    public override long TakeId() => _nextId++;

    public override void Insert(Comment comment, DbTransaction transaction)
    {
        _command.Transaction = transaction;
        foreach (var column in _columns)
        {
            var value = column.Getter.GetClrValueUsingContainingEntity(comment);
            if (value is not null && column.Converter is not null) value = column.Converter.ConvertToProvider(value);
            // EF's SQLite provider stores Guids as upper-case text; the concurrency token must compare equal.
            if (value is Guid guid) value = guid.ToString().ToUpperInvariant();
            column.Parameter.Value = value ?? DBNull.Value;
        }
        _command.ExecuteNonQuery();
    }

    public override void Dispose() => _command.Dispose();
}
