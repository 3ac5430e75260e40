using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.History;

/// <summary>
/// Writes a step's history rows with multi-row INSERT statements on the step's connection and transaction, instead of
/// one tracked entity and one <c>INSERT … RETURNING</c> per row (<see cref="StepSql"/>). The rows are the ones
/// <see cref="HistoryChain"/> built (hashes unchanged); the unique (stream, sequence) index still refuses a fork.
/// </summary>
internal static class HistoryRows
{
    /// <summary>Inserts <paramref name="rows"/> in the order given (their ids ascend in that order).</summary>
    public static Task InsertAsync(WorkflowDbContext db, IReadOnlyList<HistoryRecord> rows, CancellationToken cancellationToken) =>
        StepSql.InsertAsync(db, Columns, rows, ValueOf, "history rows", cancellationToken);

    /// <summary>The one-row INSERT of a history row, prepared on a long-lived connection (the group-commit writer's).</summary>
    public static StepSql.PreparedInsert<HistoryRecord> Prepare(WorkflowDbContext db, System.Data.Common.DbConnection connection) =>
        StepSql.PrepareInsert<HistoryRecord>(db, connection, Columns, ValueOf, "history rows");

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

    /// <summary>
    /// A step's history rows in stream and sequence order: those of its instances (<paramref name="instances"/>, never
    /// tracked) and any added to <paramref name="db"/>, which are taken out of its change tracker.
    /// </summary>
    public static List<HistoryRecord> Of(IReadOnlyList<HistoryRecord> instances, WorkflowDbContext db)
    {
        var added = db.ChangeTracker.Entries<HistoryRecord>().Where(e => e.State == EntityState.Added).ToList();
        foreach (var entry in added)
        {
            entry.State = EntityState.Detached;
        }

        return [.. instances.Concat(added.Select(e => e.Entity)).OrderBy(h => h.Stream, StringComparer.Ordinal).ThenBy(h => h.Sequence)];
    }
}
