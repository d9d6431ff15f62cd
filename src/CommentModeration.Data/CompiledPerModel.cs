using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CommentModeration.Data;

/// <summary>
/// A compiled EF query (<see cref="EF.CompileAsyncQuery"/>), compiled once for each model it runs
/// against: EF refuses to run a compiled query on another model than its first, and a process
/// holding both providers' models (the test host) runs the same query on SQLite and on PostgreSQL.
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConcurrentDictionary<IModel, TQuery> _byModel = new(ReferenceEqualityComparer.Instance);

    /// <summary>The query compiled for <paramref name="db"/>'s model; call it with that context.</summary>
    public TQuery For(DbContext db) => _byModel.GetOrAdd(db.Model, _ => compile());
}
