using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Zzut.Workflows.Persistence;

/// <summary>
/// Sets of compiled queries (<c>EF.CompileAsyncQuery</c>) per model. A compiled query is bound to the model it first ran
/// with, and one process has several: one per provider (the SQLite and PostgreSQL models differ), and one per host
/// where tests run several.
/// </summary>
public static class PerModel
{
    /// <summary>The <typeparamref name="TQueries"/> (a class whose instance properties are compiled queries) for <paramref name="db"/>'s model.</summary>
    public static TQueries Queries<TQueries>(DbContext db)
        where TQueries : class, new() => Sets<TQueries>.Table.GetValue(db.Model, static _ => new TQueries());

    private static class Sets<TQueries>
        where TQueries : class, new()
    {
        public static readonly ConditionalWeakTable<IModel, TQueries> Table = [];
    }
}
