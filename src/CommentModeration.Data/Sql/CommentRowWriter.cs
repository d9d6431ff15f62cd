using System.Data.Common;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CommentModeration.Data.Sql;

/// <summary>
/// Inserts comments fast, with ids it hands out itself so that a thread's root and parents are
/// known before anything is written; the rows are exactly what EF would write. Seeding only: live
/// comments go through the posting service. Opened by <see cref="SqlStatements.OpenCommentRowWriterAsync"/>.
/// </summary>
public abstract class CommentRowWriter : IDisposable
{
    /// <summary>The id the next new comment gets (set it on the comment before <see cref="Insert"/>).</summary>
    public abstract long TakeId();

    /// <summary>Inserts the comment, or queues it for the next <see cref="Flush"/>.</summary>
    public abstract void Insert(Comment comment, DbTransaction transaction);

    /// <summary>
    /// Writes what <see cref="Insert"/> queued. Call it before anything else runs on the connection
    /// (a SaveChanges, the counters) and before committing.
    /// </summary>
    public abstract void Flush();

    public abstract void Dispose();

    /// <summary>A column of the comment table as EF maps it: its name, the property it holds, its type mapping.</summary>
    internal sealed record Column(string Name, IProperty Property, RelationalTypeMapping Mapping)
    {
        private readonly IClrPropertyGetter _getter = Property.GetGetter();

        /// <summary>The comment's value as the database stores it (EF's value conversion applied).</summary>
        public object? ValueOf(Comment comment)
        {
            var value = _getter.GetClrValueUsingContainingEntity(comment);
            return value is not null && Mapping.Converter is not null ? Mapping.Converter.ConvertToProvider(value) : value;
        }
    }

    /// <summary>The comment table's name and columns, read from the EF model.</summary>
    internal static (string Table, Column[] Columns) CommentTable(AppDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(Comment)) ?? throw new InvalidOperationException("Comment is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select(p => (Property: p, Name: p.GetColumnName(table)))
            .Where(p => p.Name is not null)
            .Select(p => new Column(p.Name!, p.Property, p.Property.GetRelationalTypeMapping()))
            .ToArray();
        return (table.Name, columns);
    }
}
