using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// A unit of work that commits with the step: after the engine has written the step and before it commits, each
/// participant in the step's service scope saves its changes in the same transaction. A participant that throws rolls the
/// whole step back. Register participants as scoped services; a context that joins must share the engine context's
/// connection (see <see cref="WorkflowServiceCollectionExtensions.UseWorkflowConnection"/>).
/// </summary>
public interface IStepParticipant
{
    /// <summary>Saves pending changes inside <paramref name="transaction"/>; nothing to save is a no-op.</summary>
    Task SaveAsync(DbTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>
    /// Remembers the pending changes before an activity runs, so that a failing activity's own changes can be undone
    /// (<see cref="Discard"/>): the step still commits, with an incident at the task, and must carry none of them.
    /// </summary>
    PendingChanges Mark() => PendingChanges.None;

    /// <summary>Undoes every change made since <paramref name="mark"/> was taken.</summary>
    void Discard(PendingChanges mark)
    {
    }
}

/// <summary>
/// What a context's change tracker held at one moment (each tracked entity's state and values), to undo what was changed
/// after it: entities tracked since are forgotten or reset to what the database holds, the others get their state and
/// values back.
/// </summary>
public sealed class PendingChanges
{
    private readonly Dictionary<object, (EntityState State, PropertyValues Values)> entries;

    private PendingChanges(Dictionary<object, (EntityState, PropertyValues)> entries) => this.entries = entries;

    /// <summary>A mark of a participant with nothing to undo.</summary>
    public static PendingChanges None { get; } = new([]);

    /// <summary>The tracker of <paramref name="db"/> now (null: a context not created yet, which holds nothing).</summary>
    public static PendingChanges Of(DbContext? db) => db is null
        ? None
        : new(db.ChangeTracker.Entries().ToDictionary(e => e.Entity, e => (e.State, e.CurrentValues.Clone()), ReferenceEqualityComparer.Instance));

    /// <summary>Undoes in <paramref name="db"/> what changed since this mark.</summary>
    public void Restore(DbContext? db)
    {
        if (db is null)
        {
            return;
        }

        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entries.TryGetValue(entry.Entity, out var was))
            {
                entry.CurrentValues.SetValues(was.Values);
                entry.State = was.State;
            }
            else if (entry.State == EntityState.Added)
            {
                entry.State = EntityState.Detached;
            }
            else if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                entry.CurrentValues.SetValues(entry.OriginalValues);
                entry.State = EntityState.Unchanged;
            }
        }
    }
}
