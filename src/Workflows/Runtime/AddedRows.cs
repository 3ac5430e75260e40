using Microsoft.EntityFrameworkCore;

namespace Zzut.Workflows.Runtime;

/// <summary>The rows a context tracked at one moment, so that the rows added after it can be forgotten again.</summary>
internal sealed class AddedRows
{
    private readonly HashSet<object> tracked;

    private AddedRows(HashSet<object> tracked) => this.tracked = tracked;

    /// <summary>Remembers what <paramref name="db"/> tracks now (without detecting changes).</summary>
    public static AddedRows Mark(DbContext db) =>
        new(WithoutDetecting(db, () => db.ChangeTracker.Entries().Select(e => e.Entity).ToHashSet(ReferenceEqualityComparer.Instance)));

    /// <summary>Forgets the rows added to <paramref name="db"/> since the mark.</summary>
    public void Forget(DbContext db) => WithoutDetecting(db, () =>
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added && !tracked.Contains(e.Entity)).ToList())
        {
            entry.State = EntityState.Detached;
        }

        return 0;
    });

    private static T WithoutDetecting<T>(DbContext db, Func<T> read)
    {
        // Detecting changes in the middle of a step would fix up the instance's token collection early (the step
        // detects them once, when it is written).
        var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return read();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }
}
