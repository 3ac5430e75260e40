using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Persistence;

/// <summary>
/// Keeps <c>task_candidates</c> (<see cref="TaskCandidateRecord"/>) in step with the user tasks a step writes: the
/// candidates of every task it creates are inserted, and those of every task it ends (completed or cancelled) are
/// marked closed, in the step's transaction. The changes are read from the change tracker before <c>SaveChanges</c>
/// and written after it (the rows refer to their task).
/// </summary>
internal static class TaskCandidateRows
{
    private static readonly string[] Columns = [nameof(TaskCandidateRecord.TaskId), nameof(TaskCandidateRecord.Candidate), nameof(TaskCandidateRecord.Open)];

    /// <summary>The candidate rows of the tasks a step creates, and the ids of the open tasks it ends.</summary>
    public sealed record Changes(IReadOnlyList<TaskCandidateRecord> Added, IReadOnlyList<object> Closed);

    /// <summary>Reads the step's task changes (its changes must have been detected).</summary>
    public static Changes Read(WorkflowDbContext db)
    {
        var added = new List<TaskCandidateRecord>();
        var closed = new List<object>();
        foreach (var entry in db.ChangeTracker.Entries<UserTaskRecord>())
        {
            var task = entry.Entity;
            var open = task.Status == UserTaskStatus.Open;
            if (entry.State == EntityState.Added)
            {
                added.AddRange(TaskCandidateRecord.KeysOf(task).Select(key => new TaskCandidateRecord { TaskId = task.Id, Candidate = key, Open = open }));
            }
            else if (entry.State == EntityState.Modified)
            {
                if (entry.Property(t => t.CandidateGroups).IsModified || entry.Property(t => t.CandidateUsers).IsModified)
                {
                    throw new InvalidOperationException($"Task {task.Id}: its candidates changed after it was created, which task_candidates does not follow.");
                }

                if (!open && entry.Property(t => t.Status).OriginalValue == UserTaskStatus.Open)
                {
                    closed.Add(task.Id);
                }
            }
        }

        return new Changes(added, closed);
    }

    /// <summary>Writes <paramref name="changes"/> in the step's transaction, after the tasks themselves.</summary>
    public static async Task WriteAsync(WorkflowDbContext db, Changes changes, CancellationToken cancellationToken)
    {
        await StepSql.InsertAsync(db, Columns, changes.Added, ValueOf, "task candidates", cancellationToken);
        await StepSql.UpdateWhereInAsync<TaskCandidateRecord>(
            db, nameof(TaskCandidateRecord.Open), false, nameof(TaskCandidateRecord.TaskId), changes.Closed, "task candidates", cancellationToken);
    }

    /// <summary>The statements of <see cref="WriteAsync"/> kept prepared on the SQLite group-commit writer's connection.</summary>
    internal sealed class Prepared : IDisposable
    {
        private readonly StepSql.PreparedInsert<TaskCandidateRecord> insert;
        private readonly StepSql.PreparedUpdate<TaskCandidateRecord> close;

        public Prepared(WorkflowDbContext db, System.Data.Common.DbConnection connection)
        {
            insert = StepSql.PrepareInsert<TaskCandidateRecord>(db, connection, Columns, ValueOf, "task candidates");
            try
            {
                close = StepSql.PrepareUpdate<TaskCandidateRecord>(db, connection, nameof(TaskCandidateRecord.Open), nameof(TaskCandidateRecord.TaskId), "task candidates");
            }
            catch
            {
                insert.Dispose(); // nothing left unfinalized on the connection
                throw;
            }
        }

        /// <summary>Writes <paramref name="changes"/> inside the transaction open on the connection, after the tasks themselves.</summary>
        public void Write(Changes changes)
        {
            insert.Insert(changes.Added);
            close.Update(false, changes.Closed);
        }

        public void Dispose()
        {
            insert.Dispose();
            close.Dispose();
        }
    }

    private static object? ValueOf(TaskCandidateRecord row, int column) => column switch
    {
        0 => row.TaskId,
        1 => row.Candidate,
        2 => row.Open,
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };
}
