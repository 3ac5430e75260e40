using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.History;

/// <summary>
/// Writes a step's history rows with multi-row INSERT statements on the step's connection and transaction, instead of
/// one tracked entity and one <c>INSERT … RETURNING</c> per row. The rows are the ones <see cref="HistoryChain"/> built
/// (hashes unchanged); the unique (stream, sequence) index still refuses a fork. Table, column names and the value of
/// each column (instants as SQLite stores them, for instance) come from the context's model, so the provider decides.
/// </summary>
internal static class HistoryRows
{
    /// <summary>Rows per statement: 10 parameters each stays far below every provider's parameter limit.</summary>
    private const int RowsPerStatement = 200;

    /// <summary>Inserts <paramref name="rows"/> in the order given (their ids ascend in that order).</summary>
    public static async Task InsertAsync(WorkflowDbContext db, IReadOnlyList<HistoryRecord> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(HistoryRecord))
            ?? throw new InvalidOperationException("The engine's model has no history entity.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = Columns.Select(name => entity.FindProperty(name) ?? throw new InvalidOperationException($"History has no property {name}.")).ToArray();
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("History rows are written inside the step's transaction only.");
        var head = new StringBuilder("INSERT INTO ")
            .Append(sql.DelimitIdentifier(table.Name, table.Schema))
            .Append(" (")
            .AppendJoin(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))
            .Append(") VALUES ")
            .ToString();

        for (var offset = 0; offset < rows.Count; offset += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, rows.Count - offset);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(head, head.Length + (count * columns.Length * 8));
            for (var r = 0; r < count; r++)
            {
                var row = rows[offset + r];
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    var name = "h" + r.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + c.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    text.Append(c == 0 ? string.Empty : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                    var property = columns[c];
                    command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(
                        command, sql.GenerateParameterName(name), ValueOf(row, c), property.IsNullable));
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (DbException ex)
            {
                // As SaveChanges would report it (a fork refused by the unique stream and sequence, for instance).
                throw new DbUpdateException("Writing the step's history rows failed: " + ex.Message, ex);
            }
        }
    }

    /// <summary>The columns written, in the order of <see cref="ValueOf"/> (the id is the database's).</summary>
    private static readonly string[] Columns =
    [
        nameof(HistoryRecord.Stream), nameof(HistoryRecord.Sequence), nameof(HistoryRecord.InstanceId), nameof(HistoryRecord.Timestamp),
        nameof(HistoryRecord.Type), nameof(HistoryRecord.ElementId), nameof(HistoryRecord.Actor), nameof(HistoryRecord.DataJson),
        nameof(HistoryRecord.PreviousHash), nameof(HistoryRecord.Hash),
    ];

    private static object? ValueOf(HistoryRecord row, int column) => column switch
    {
        0 => row.Stream,
        1 => row.Sequence,
        2 => row.InstanceId,
        3 => row.Timestamp,
        4 => row.Type,
        5 => row.ElementId,
        6 => row.Actor,
        7 => row.DataJson,
        8 => row.PreviousHash,
        9 => row.Hash,
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    /// <summary>Takes the history rows added to <paramref name="db"/> out of its change tracker, in stream and sequence order.</summary>
    public static List<HistoryRecord> TakeAdded(WorkflowDbContext db)
    {
        var added = db.ChangeTracker.Entries<HistoryRecord>().Where(e => e.State == EntityState.Added).ToList();
        foreach (var entry in added)
        {
            entry.State = EntityState.Detached;
        }

        return [.. added.Select(e => e.Entity).OrderBy(h => h.Stream, StringComparer.Ordinal).ThenBy(h => h.Sequence)];
    }
}
