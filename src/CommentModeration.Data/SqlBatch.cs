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

    /// <summary>Runs the statements on <paramref name="db"/>, in its transaction; blocking on the posting writer's thread (<see cref="AppDbContext.RunsOnWriterThread"/>).</summary>
    public Task ExecuteAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (IsEmpty) return Task.CompletedTask;
        if (!db.RunsOnWriterThread) return db.Database.ExecuteSqlRawAsync(_sql.ToString(), _parameters, cancellationToken);
        db.Database.ExecuteSqlRaw(_sql.ToString(), _parameters);
        return Task.CompletedTask;
    }
}
