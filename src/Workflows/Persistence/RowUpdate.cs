using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Zzut.Workflows.Persistence;

/// <summary>Starts a <see cref="RowUpdate{TEntity}"/>.</summary>
public static class RowUpdate
{
    /// <summary>An UPDATE of <typeparamref name="TEntity"/>'s table through <paramref name="db"/>, which must be inside a transaction.</summary>
    public static RowUpdate<TEntity> Of<TEntity>(DbContext db)
        where TEntity : class => new(db);
}

/// <summary>
/// One <c>UPDATE</c> of a table's rows, as a plain statement on the context's connection and transaction: what
/// <c>ExecuteUpdate</c> writes for a one-row change, without translating a LINQ expression tree on every call (for writes
/// made many times a second on the single writer, such as the outbox's claims and results). Table and column names come
/// from the model, and every value passes through its column's type mapping (converter and store type), so the
/// statement stores and compares values as EF Core would, on SQLite and PostgreSQL alike.
/// </summary>
/// <typeparam name="TEntity">The entity whose table is updated.</typeparam>
public sealed class RowUpdate<TEntity>
    where TEntity : class
{
    private readonly DbContext db;
    private readonly IEntityType entity;
    private readonly StoreObjectIdentifier table;
    private readonly ISqlGenerationHelper sql;
    private readonly StringBuilder set = new();
    private readonly StringBuilder where = new();
    private readonly List<(IProperty Property, string Name, object? Value)> parameters = [];

    internal RowUpdate(DbContext db)
    {
        this.db = db;
        entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"The model has no entity {typeof(TEntity).Name}.");
        table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        sql = db.GetService<ISqlGenerationHelper>();
    }

    /// <summary><c>property = value</c>.</summary>
    public RowUpdate<TEntity> Set(string property, object? value)
    {
        var column = Property(property);
        Separate(set, ", ").Append(Column(column)).Append(" = ").Append(Parameter(column, value));
        return this;
    }

    /// <summary><c>property = property + delta</c> (an integer column).</summary>
    public RowUpdate<TEntity> Increment(string property, int delta)
    {
        var column = Column(Property(property));
        Separate(set, ", ").Append(column).Append(" = ").Append(column).Append(" + ").Append(delta.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Only rows whose <paramref name="property"/> equals <paramref name="value"/> (a non-null value).</summary>
    public RowUpdate<TEntity> Where(string property, object value) => Compare(property, " = ", value);

    /// <summary>Only rows whose <paramref name="property"/> is at most <paramref name="value"/>.</summary>
    public RowUpdate<TEntity> WhereAtMost(string property, object value) => Compare(property, " <= ", value);

    /// <summary>Runs the statement; returns the rows it changed.</summary>
    /// <param name="what">What the rows are, for the error message.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public async Task<int> ExecuteAsync(string what, CancellationToken cancellationToken)
    {
        if (set.Length == 0 || where.Length == 0)
        {
            throw new InvalidOperationException("An UPDATE needs at least one column to set and one condition.");
        }

        await using var command = StepSql.CreateCommand(db);
        command.CommandText = "UPDATE " + sql.DelimitIdentifier(table.Name, table.Schema) + " SET " + set + " WHERE " + where;
        foreach (var (property, name, value) in parameters)
        {
            command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable));
        }

        return await StepSql.ExecuteAsync(command, what, cancellationToken);
    }

    private RowUpdate<TEntity> Compare(string property, string comparison, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var column = Property(property);
        Separate(where, " AND ").Append(Column(column)).Append(comparison).Append(Parameter(column, value));
        return this;
    }

    private IProperty Property(string name) =>
        entity.FindProperty(name) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} has no property {name}.");

    private string Column(IProperty property) => sql.DelimitIdentifier(property.GetColumnName(table)!);

    private string Parameter(IProperty property, object? value)
    {
        var name = "u" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        parameters.Add((property, sql.GenerateParameterName(name), value));
        return sql.GenerateParameterNamePlaceholder(name);
    }

    private static StringBuilder Separate(StringBuilder text, string separator) => text.Length == 0 ? text : text.Append(separator);
}
