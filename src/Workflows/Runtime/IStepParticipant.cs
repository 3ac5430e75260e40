using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// A unit of work that commits with the step: after the engine has written the step and before it commits, each
/// participant in the step's service scope saves its changes in the same transaction. A participant that throws rolls the
/// whole step back. Register participants as scoped services. A participant enlists the context it writes with itself
/// (<see cref="WorkflowServiceCollectionExtensions.JoinStepTransactionAsync"/>; the transaction may be on another
/// connection than the scope's, the SQLite group-commit writer's): the pipeline enlists the engine's context only when
/// <c>SaveChanges</c> writes the step.
/// </summary>
public interface IStepParticipant
{
    /// <summary>Saves pending changes inside <paramref name="transaction"/>; nothing to save is a no-op.</summary>
    Task SaveAsync(DbTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called on the step's own thread once the step is computed, before it is handed to the writer, which on SQLite is
    /// one thread for every step: what <see cref="SaveAsync"/> can learn ahead (which entities changed) is found here,
    /// among the steps running in parallel. Nothing may change the participant's entities between this and
    /// <see cref="SaveAsync"/> (the step is computed; a step that must run again does so in a new scope). Optional: a
    /// write that never calls it (an outbox write outside a step) saves the same.
    /// </summary>
    void Prepare()
    {
    }

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
/// What a context's change tracker held at one moment (each tracked entity's state, values and modified properties), to
/// undo what was changed after it: entities tracked since are forgotten or reset to what the database holds, the others
/// get their state, values and modified properties back — so an entity the step had modified before keeps writing only
/// the columns it changed.
/// </summary>
public sealed class PendingChanges
{
    private readonly Dictionary<object, Snapshot> entries;

    private PendingChanges(Dictionary<object, Snapshot> entries) => this.entries = entries;

    /// <summary>A mark of a participant with nothing to undo.</summary>
    public static PendingChanges None { get; } = new([]);

    /// <summary>The tracker of <paramref name="db"/> now (null: a context not created yet, which holds nothing).</summary>
    public static PendingChanges Of(DbContext? db) => db is null
        ? None
        : new(db.ChangeTracker.Entries().ToDictionary(
            e => e.Entity,
            e => new Snapshot(
                e.State,
                e.CurrentValues.Clone(),
                e.State == EntityState.Modified ? [.. e.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name)] : []),
            ReferenceEqualityComparer.Instance));

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
                if (was.State == EntityState.Modified)
                {
                    // Setting the state to Modified would flag every column; the flags are put back one by one instead
                    // (the modified ones first, so that the entry never passes through Unchanged).
                    if (entry.State != EntityState.Modified)
                    {
                        entry.State = EntityState.Unchanged; // deleted meanwhile: back to tracked, every flag off
                    }

                    foreach (var property in entry.Properties.Where(p => was.Modified.Contains(p.Metadata.Name)))
                    {
                        property.IsModified = true;
                    }

                    foreach (var property in entry.Properties.Where(p => p.IsModified && !was.Modified.Contains(p.Metadata.Name)))
                    {
                        property.IsModified = false;
                    }
                }
                else if (entry.State != was.State)
                {
                    entry.State = was.State;
                }
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

    private sealed record Snapshot(EntityState State, PropertyValues Values, string[] Modified);
}
