using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Zzut.Workflows.Domain;

/// <summary>
/// The version of one kind of reference data a node holds a snapshot of (<see cref="ReferenceKinds"/>): bumped in the
/// transaction that changes that data (<see cref="LedgerDbContext"/> does it on every save that touches it).
/// </summary>
public sealed class ReferenceVersionRecord
{
    /// <summary>The kind (<see cref="ReferenceKinds"/>).</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>Increases by one with every committed change of that kind.</summary>
    public long Version { get; set; }
}

/// <summary>The kinds of reference data a node keeps in memory.</summary>
public static class ReferenceKinds
{
    /// <summary>The working-day calendar (<see cref="Calendar.CalendarDayRecord"/>).</summary>
    public const string Calendar = "calendar";

    /// <summary>The forms (<see cref="FormVersionRecord"/>).</summary>
    public const string Forms = "forms";

    /// <summary>The units' and role mailboxes' addresses (<see cref="Units.UnitRecord"/>, <see cref="Units.RoleMailboxRecord"/>).</summary>
    public const string Directory = "directory";

    /// <summary>The kind a changed entity belongs to, or null for data no node keeps a snapshot of.</summary>
    public static string? Of(Type entity) =>
        entity == typeof(Calendar.CalendarDayRecord) ? Calendar
        : entity == typeof(FormVersionRecord) ? Forms
        : entity == typeof(Units.UnitRecord) || entity == typeof(Units.RoleMailboxRecord) ? Directory
        : null;
}

/// <summary>An in-memory snapshot of one kind of reference data.</summary>
public interface IReferenceSnapshot
{
    /// <summary>The kind (<see cref="ReferenceKinds"/>).</summary>
    string Kind { get; }

    /// <summary>Reads the data again from the database.</summary>
    Task ReloadAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Keeps this node's snapshots (<see cref="IReferenceSnapshot"/>) as new as the database when several nodes share one
/// PostgreSQL database: <see cref="EnsureCurrentAsync"/> reads <c>reference_versions</c> (one small indexed read) and
/// reloads every snapshot whose version changed since it was loaded. The host calls it once per request, before every
/// engine step that is not part of a request and before every recurring job, so whatever another node committed before
/// this request or step began is seen by it. On SQLite (one node, which reloads its own snapshots when it changes them)
/// it does nothing.
/// </summary>
public sealed class ReferenceData(IServiceScopeFactory scopes, IEnumerable<IReferenceSnapshot> snapshots) : IDisposable
{
    private static readonly AsyncLocal<CheckedMark?> Checked = new();
    private readonly IReadOnlyList<IReferenceSnapshot> snapshots = [.. snapshots];
    private readonly ConcurrentDictionary<string, long> loaded = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim reloading = new(1, 1);
    private int enabled = -1;
    private Npgsql.NpgsqlDataSource? source;

    /// <summary>Checks performed (the benchmark prints them).</summary>
    public long Checks => Interlocked.Read(ref checks);

    private long checks;

    /// <summary>
    /// Reloads every snapshot another node changed. Within <see cref="MarkChecked"/> (the rest of a request that was
    /// checked at its start) it does nothing.
    /// </summary>
    public async ValueTask EnsureCurrentAsync(CancellationToken cancellationToken = default)
    {
        var state = Volatile.Read(ref enabled); // published after source (below), so 1 means source is set
        if (state == 0 || Checked.Value is { Open: true })
        {
            return;
        }

        if (state < 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) != true)
            {
                Volatile.Write(ref enabled, 0);
                return;
            }

            // One plain command on a pool of its own: a scope and an EF query per check cost several times more. (The
            // scope's connection is not open yet, so its connection string still holds the password.)
            var created = Npgsql.NpgsqlDataSource.Create(db.Database.GetConnectionString()!);
            if (Interlocked.CompareExchange(ref source, created, null) is not null)
            {
                await created.DisposeAsync();
            }

            Volatile.Write(ref enabled, 1);
        }

        Interlocked.Increment(ref checks);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = source!.CreateCommand("""SELECT "Kind", "Version" FROM reference_versions"""))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                versions[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        if (snapshots.All(s => IsLoaded(s.Kind, versions)))
        {
            return;
        }

        await reloading.WaitAsync(cancellationToken);
        try
        {
            foreach (var snapshot in snapshots.Where(s => !IsLoaded(s.Kind, versions)))
            {
                // The version was read before the data: the data is at least that new (a later change bumps it again).
                await snapshot.ReloadAsync(cancellationToken);
                loaded[snapshot.Kind] = versions.GetValueOrDefault(snapshot.Kind);
            }
        }
        finally
        {
            reloading.Release();
        }
    }

    /// <summary>
    /// Marks the rest of the current asynchronous flow (a request) as checked; disposing ends the mark, also for work the
    /// request started that outlives it.
    /// </summary>
    public IDisposable MarkChecked()
    {
        var mark = new CheckedMark();
        Checked.Value = mark;
        return mark;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        source?.Dispose();
        reloading.Dispose();
    }

    private bool IsLoaded(string kind, Dictionary<string, long> versions) =>
        loaded.TryGetValue(kind, out var version) && version >= versions.GetValueOrDefault(kind);

    private sealed class CheckedMark : IDisposable
    {
        private volatile bool open = true;

        public bool Open => open;

        public void Dispose()
        {
            open = false;
            if (ReferenceEquals(Checked.Value, this))
            {
                Checked.Value = null;
            }
        }
    }
}
