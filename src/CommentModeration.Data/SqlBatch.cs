using System.Text;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data;

/// <summary>
/// Several SQL statements sent as one command: one round trip (and one trip through EF) for
/// the small counter and audit writes that go with a change, instead of one each.
/// </summary>
public sealed class SqlBatch
{
    private readonly StringBuilder _sql = new();
    private readonly List<object> _parameters = [];

    public bool IsEmpty => _sql.Length == 0;

    /// <summary>Adds a statement; its interpolated values become parameters, as in ExecuteSqlInterpolated.</summary>
    public SqlBatch Add(FormattableString statement)
    {
        var placeholders = new object[statement.ArgumentCount];
        for (var i = 0; i < placeholders.Length; i++) placeholders[i] = "{" + (_parameters.Count + i) + "}";
        _parameters.AddRange(statement.GetArguments()!);
        _sql.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, statement.Format, placeholders)).Append(";\n");
        return this;
    }

    public Task ExecuteAsync(AppDbContext db, CancellationToken cancellationToken = default) =>
        IsEmpty ? Task.CompletedTask : db.Database.ExecuteSqlRawAsync(_sql.ToString(), _parameters, cancellationToken);

    /// <summary>The same, blocking: for the posting writer's own thread (<c>PostingWrites</c>).</summary>
    public void Execute(AppDbContext db)
    {
        if (!IsEmpty) db.Database.ExecuteSqlRaw(_sql.ToString(), _parameters);
    }
}
