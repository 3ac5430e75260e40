using Microsoft.EntityFrameworkCore;

namespace Zzut.Workflows.Runtime;

/// <summary>The rows a context tracked at one moment, so that the rows added after it can be forgotten again.</summary>
internal sealed class AddedRows
{
    private readonly HashSet<object> tracked;

    private AddedRows(HashSet<object> tracked) => this.tracked = tracked;

    /// <summary>Remembers what <paramref name="db"/> tracks now.</summary>
    public static AddedRows Mark(DbContext db) =>
        new(TrackedEntries(db).Select(e => e.Entity).ToHashSet(ReferenceEqualityComparer.Instance));

    /// <summary>Forgets the rows added to <paramref name="db"/> since the mark.</summary>
    public void Forget(DbContext db)
    {
        foreach (var entry in TrackedEntries(db).Where(e => e.State == EntityState.Added && !tracked.Contains(e.Entity)))
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>
    /// The tracked entries as they stand, without detecting changes: detecting them in the middle of a step would fix up
    /// the instance's token collection early (the step detects them once, when it is written).
    /// </summary>
    private static List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry> TrackedEntries(DbContext db)
    {
        var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return [.. db.ChangeTracker.Entries()];
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }
}
