using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Zzut.Workflows.Persistence.Sqlite;

namespace Zzut.Workflows.Persistence;

/// <summary>
/// Plain statements a step runs on its own connection and transaction, beside <c>SaveChanges</c>: multi-row INSERTs and
/// an UPDATE by key list made per step, and their one-row forms kept prepared on the SQLite group-commit writer's
/// connection. Table and column names and the stored value of each column (instants and GUIDs as SQLite
/// stores them, for instance) come from the context's model, so the provider decides, as EF Core would.
/// </summary>
internal static class StepSql
{
    /// <summary>
    /// Parameters per statement at most. Far below every provider's limit, and small on purpose: SQLite finds each named
    /// parameter by a linear search of the statement's names, so binding n parameters costs n². Measured in the timer
    /// bench: 32 instances' history rows in one statement (~1,900 parameters) cost 0.73 ms of writer time per timer,
    /// against 0.19 ms at 200 parameters per statement.
    /// </summary>
    private const int ParametersPerStatement = 200;

    /// <summary>Keys per <c>IN (…)</c> list (one parameter each).</summary>
    private const int RowsPerStatement = ParametersPerStatement;

    /// <summary>Inserts <paramref name="rows"/> into <typeparamref name="TEntity"/>'s table, in the order given.</summary>
    /// <param name="db">The step's context, inside its transaction.</param>
    /// <param name="properties">The properties written, in the order <paramref name="valueOf"/> reads them.</param>
    /// <param name="valueOf">The value of property number <c>column</c> of a row.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="what">What the rows are, for the error message.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    public static async Task InsertAsync<TEntity>(DbContext db, IReadOnlyList<string> properties, IReadOnlyList<TEntity> rows, Func<TEntity, int, object?> valueOf, string what, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var (table, columns) = Describe<TEntity>(db, properties);
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = InsertHead(sql, table, columns).ToString();

        var rowsPerStatement = Math.Max(1, ParametersPerStatement / columns.Length);
        for (var offset = 0; offset < rows.Count; offset += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, rows.Count - offset);
            await using var command = CreateCommand(db);
            var text = new StringBuilder(head, head.Length + (count * columns.Length * 8));
            for (var r = 0; r < count; r++)
            {
                var row = rows[offset + r];
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    text.Append(c == 0 ? string.Empty : ", ").Append(AddParameter(command, sql, columns[c], "r" + Number(r) + "_" + Number(c), valueOf(row, c)));
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            await ExecuteAsync(command, what, cancellationToken);
        }
    }

    /// <summary>
    /// A one-row INSERT into <typeparamref name="TEntity"/>'s table, prepared once on the group-commit writer's SQLite
    /// connection and run once per row (<see cref="PreparedInsert{TEntity}"/>).
    /// </summary>
    public static PreparedInsert<TEntity> PrepareInsert<TEntity>(DbContext db, DbConnection connection, IReadOnlyList<string> properties, Func<TEntity, int, object?> valueOf, string what)
    {
        var (table, columns) = Describe<TEntity>(db, properties);
        var sql = db.GetService<ISqlGenerationHelper>();
        var text = InsertHead(sql, table, columns)
            .Append('(')
            .AppendJoin(", ", columns.Select((_, c) => sql.GenerateParameterNamePlaceholder("c" + Number(c))))
            .Append(')')
            .ToString();
        return new PreparedInsert<TEntity>(
            new SqliteWriterStatement(connection, text, [.. columns.Select((_, c) => sql.GenerateParameterName("c" + Number(c)))], what),
            Mappings(columns),
            valueOf);
    }

    /// <summary>
    /// A one-row INSERT kept prepared with its connection (<see cref="SqliteWriterStatement"/>): each row binds only its
    /// own few values, stored as the column's type mapping stores them. On SQLite this is cheaper than multi-row
    /// statements, which are parsed per step and bind their many parameters by name.
    /// </summary>
    internal sealed class PreparedInsert<TEntity>(SqliteWriterStatement statement, RelationalTypeMapping[] mappings, Func<TEntity, int, object?> valueOf) : IDisposable
    {
        /// <summary>Inserts <paramref name="rows"/> in the order given, inside the transaction open on the connection.</summary>
        public void Insert(IReadOnlyList<TEntity> rows)
        {
            foreach (var row in rows)
            {
                for (var c = 0; c < mappings.Length; c++)
                {
                    statement.Bind(c, SqliteWriterStatement.ToStored(mappings[c], valueOf(row, c)));
                }

                statement.Execute();
            }
        }

        public void Dispose() => statement.Dispose();
    }

    /// <summary>
    /// <c>UPDATE table SET property = @v WHERE key = @k</c>, prepared once on the group-commit writer's SQLite connection
    /// and run once per key (<see cref="PreparedUpdate{TEntity}"/>).
    /// </summary>
    public static PreparedUpdate<TEntity> PrepareUpdate<TEntity>(DbContext db, DbConnection connection, string property, string keyProperty, string what)
    {
        var (table, columns) = Describe<TEntity>(db, [property, keyProperty]);
        var sql = db.GetService<ISqlGenerationHelper>();
        var text = new StringBuilder("UPDATE ")
            .Append(sql.DelimitIdentifier(table.Name, table.Schema))
            .Append(" SET ").Append(sql.DelimitIdentifier(columns[0].GetColumnName(table)!)).Append(" = ").Append(sql.GenerateParameterNamePlaceholder("v"))
            .Append(" WHERE ").Append(sql.DelimitIdentifier(columns[1].GetColumnName(table)!)).Append(" = ").Append(sql.GenerateParameterNamePlaceholder("k"))
            .ToString();
        return new PreparedUpdate<TEntity>(
            new SqliteWriterStatement(connection, text, [sql.GenerateParameterName("v"), sql.GenerateParameterName("k")], what),
            Mappings(columns));
    }

    /// <summary>An UPDATE of one column by key kept prepared with its connection, as <see cref="PreparedInsert{TEntity}"/> is.</summary>
    internal sealed class PreparedUpdate<TEntity>(SqliteWriterStatement statement, RelationalTypeMapping[] mappings) : IDisposable
    {
        /// <summary>Sets the column to <paramref name="value"/> in the rows of each of <paramref name="keys"/>; returns the rows changed.</summary>
        public int Update(object? value, IReadOnlyList<object> keys)
        {
            var changed = 0;
            foreach (var key in keys)
            {
                statement.Bind(0, SqliteWriterStatement.ToStored(mappings[0], value));
                statement.Bind(1, SqliteWriterStatement.ToStored(mappings[1], key));
                changed += statement.Execute();
            }

            return changed;
        }

        public void Dispose() => statement.Dispose();
    }

    /// <summary>The type mappings of <paramref name="columns"/>, each one checked to be one the writer stores.</summary>
    private static RelationalTypeMapping[] Mappings(IProperty[] columns) =>
        [.. columns.Select(p => p.GetRelationalTypeMapping() is var mapping && SqliteWriterStatement.CanStore(mapping)
            ? mapping
            : throw new NotSupportedException($"The writer does not store {p.DeclaringType.DisplayName()}.{p.Name} ({mapping.ClrType.Name}).")) ];

    /// <summary>
    /// <c>UPDATE table SET property = value WHERE key IN (…)</c> for <paramref name="keys"/>; returns the rows changed.
    /// </summary>
    public static async Task<int> UpdateWhereInAsync<TEntity>(DbContext db, string property, object? value, string keyProperty, IReadOnlyList<object> keys, string what, CancellationToken cancellationToken)
    {
        var changed = 0;
        if (keys.Count == 0)
        {
            return changed;
        }

        var (table, columns) = Describe<TEntity>(db, [property, keyProperty]);
        var sql = db.GetService<ISqlGenerationHelper>();
        for (var offset = 0; offset < keys.Count; offset += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, keys.Count - offset);
            await using var command = CreateCommand(db);
            var text = new StringBuilder("UPDATE ")
                .Append(sql.DelimitIdentifier(table.Name, table.Schema))
                .Append(" SET ").Append(sql.DelimitIdentifier(columns[0].GetColumnName(table)!))
                .Append(" = ").Append(AddParameter(command, sql, columns[0], "v", value))
                .Append(" WHERE ").Append(sql.DelimitIdentifier(columns[1].GetColumnName(table)!)).Append(" IN (");
            for (var k = 0; k < count; k++)
            {
                text.Append(k == 0 ? string.Empty : ", ").Append(AddParameter(command, sql, columns[1], "k" + Number(k), keys[offset + k]));
            }

            command.CommandText = text.Append(')').ToString();
            changed += await ExecuteAsync(command, what, cancellationToken);
        }

        return changed;
    }

    /// <summary><c>INSERT INTO table (columns…) VALUES </c>, the rows to follow.</summary>
    private static StringBuilder InsertHead(ISqlGenerationHelper sql, StoreObjectIdentifier table, IProperty[] columns) =>
        new StringBuilder("INSERT INTO ")
            .Append(sql.DelimitIdentifier(table.Name, table.Schema))
            .Append(" (")
            .AppendJoin(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))
            .Append(") VALUES ");

    private static (StoreObjectIdentifier Table, IProperty[] Columns) Describe<TEntity>(DbContext db, IReadOnlyList<string> properties)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"The model has no entity {typeof(TEntity).Name}.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = properties.Select(name => entity.FindProperty(name) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} has no property {name}.")).ToArray();
        return (table, columns);
    }

    /// <summary>A command on the context's connection, in its current transaction (there must be one).</summary>
    internal static DbCommand CreateCommand(DbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("These rows are written inside the pipeline's transaction only.");
        return command;
    }

    private static string AddParameter(DbCommand command, ISqlGenerationHelper sql, IProperty property, string name, object? value)
    {
        command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, sql.GenerateParameterName(name), value, property.IsNullable));
        return sql.GenerateParameterNamePlaceholder(name);
    }

    /// <summary>Runs <paramref name="command"/>; a refusal of the database becomes a <see cref="DbUpdateException"/>, as SaveChanges reports it.</summary>
    internal static async Task<int> ExecuteAsync(DbCommand command, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException ex)
        {
            // As SaveChanges would report it (a fork refused by the unique stream and sequence, for instance).
            throw new DbUpdateException($"Writing the {what} failed: " + ex.Message, ex);
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
