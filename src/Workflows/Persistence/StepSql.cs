using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Zzut.Workflows.Persistence;

/// <summary>
/// Plain statements a step runs on its own connection and transaction, beside <c>SaveChanges</c>: multi-row INSERTs and
/// an UPDATE by key list made per step, and their one-row forms kept parsed on a long-lived connection (the
/// group-commit writer's). Table and column names and the stored value of each column (instants and GUIDs as SQLite
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
    /// A one-row INSERT into <typeparamref name="TEntity"/>'s table on a long-lived connection, parsed once and run once
    /// per row (<see cref="PreparedInsert{TEntity}"/>).
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
        return new PreparedInsert<TEntity>(connection, text, columns, [.. columns.Select((_, c) => sql.GenerateParameterName("c" + Number(c)))], valueOf, what);
    }

    /// <summary>
    /// A one-row INSERT kept with its connection: the provider parses it once (Microsoft.Data.Sqlite keeps a command's
    /// statements until its text or connection changes) and each row binds only its own few parameters. On SQLite this
    /// is cheaper than multi-row statements, which are parsed per step and bind their many parameters by name.
    /// </summary>
    internal sealed class PreparedInsert<TEntity>(DbConnection connection, string text, IProperty[] columns, string[] names, Func<TEntity, int, object?> valueOf, string what) : IAsyncDisposable
    {
        private readonly DbCommand command = CreateOn(connection, text);

        /// <summary>Inserts <paramref name="rows"/> in the order given, inside <paramref name="transaction"/> (on this connection).</summary>
        public async Task InsertAsync(IReadOnlyList<TEntity> rows, DbTransaction transaction, CancellationToken cancellationToken)
        {
            command.Transaction = transaction;
            foreach (var row in rows)
            {
                // The parameters are made again per row by the column's type mapping (its conversion and store type, as
                // EF Core would); the parsed statement is kept.
                command.Parameters.Clear();
                for (var c = 0; c < columns.Length; c++)
                {
                    command.Parameters.Add(columns[c].GetRelationalTypeMapping().CreateParameter(command, names[c], valueOf(row, c), columns[c].IsNullable));
                }

                await ExecuteAsync(command, what, cancellationToken);
            }
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

    /// <summary>
    /// <c>UPDATE table SET property = @v WHERE key = @k</c> on a long-lived connection, parsed once and run once per key
    /// (<see cref="PreparedUpdate{TEntity}"/>).
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
        return new PreparedUpdate<TEntity>(connection, text, columns, [sql.GenerateParameterName("v"), sql.GenerateParameterName("k")], what);
    }

    /// <summary>An UPDATE of one column by key kept with its connection, as <see cref="PreparedInsert{TEntity}"/> is.</summary>
    internal sealed class PreparedUpdate<TEntity>(DbConnection connection, string text, IProperty[] columns, string[] names, string what) : IAsyncDisposable
    {
        private readonly DbCommand command = CreateOn(connection, text);

        /// <summary>Sets the column to <paramref name="value"/> in the rows of each of <paramref name="keys"/>; returns the rows changed.</summary>
        public async Task<int> UpdateAsync(object? value, IReadOnlyList<object> keys, DbTransaction transaction, CancellationToken cancellationToken)
        {
            var changed = 0;
            command.Transaction = transaction;
            foreach (var key in keys)
            {
                command.Parameters.Clear();
                command.Parameters.Add(columns[0].GetRelationalTypeMapping().CreateParameter(command, names[0], value, columns[0].IsNullable));
                command.Parameters.Add(columns[1].GetRelationalTypeMapping().CreateParameter(command, names[1], key, columns[1].IsNullable));
                changed += await ExecuteAsync(command, what, cancellationToken);
            }

            return changed;
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

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

    /// <summary>A command with its text on a long-lived connection: Microsoft.Data.Sqlite keeps its parsed statements until the text or the connection changes.</summary>
    internal static DbCommand CreateOn(DbConnection connection, string text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        return command;
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
