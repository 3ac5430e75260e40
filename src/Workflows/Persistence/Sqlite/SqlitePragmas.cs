using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Zzut.Workflows.Persistence.Sqlite;

/// <summary>
/// Applies the per-connection SQLite settings (<see cref="ConfigureKept"/>) when EF Core opens a connection, once per
/// SQLite connection: Microsoft.Data.Sqlite pools its connections, and one taken from the pool keeps the settings it was
/// given (nothing here changes them later; EF Core's migrations switch <c>foreign_keys</c> off and on again around a
/// table rebuild, and a migration that fails half-way stops the host's start). The engine's kept connections get them
/// when they are made (<see cref="SqliteConnections"/>); this gives them again to one EF Core opens anew. Applied at
/// every opening, they were two statements parsed and run per step for nothing (2026-12-04: five thousand times in
/// three seconds of <c>bench review</c>).
/// </summary>
/// <param name="synchronous">The <c>synchronous</c> level: <c>FULL</c> or <c>NORMAL</c> (see <see cref="WorkflowEngineOptions.SqliteSynchronous"/>).</param>
internal sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    /// <summary>The settings each SQLite connection (its native handle, which the pool keeps) was last given.</summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, string> Applied = [];

    private readonly string pragmas = Text(synchronous);

    /// <summary>The settings as statements.</summary>
    public static string Text(string synchronous) => $"PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON;";

    /// <summary>
    /// Gives a connection the engine keeps open (<see cref="SqliteConnections"/>) its settings: those of
    /// <see cref="Text"/>, and SQLite's query planner stability guarantee (<c>SQLITE_DBCONFIG_ENABLE_QPSG</c>), under
    /// which a statement keeps the plan it was parsed with whatever values are bound to it later. Without it, SQLite
    /// reads the value bound to a <c>LIMIT</c> parameter while planning and marks the statement to be parsed again
    /// whenever that parameter is bound anew, which EF Core's paged queries (<c>LIMIT @p</c>) do on every run, so a
    /// kept statement was no cheaper than a new one: measured 2026-12-04, the task query of <c>bench review</c> was
    /// parsed again on every one of its 12,000 runs, 7 % of the process's CPU samples. What the guarantee gives up: a
    /// row estimate from the bound <c>LIMIT</c>, and index ranges derived from a bound <c>LIKE</c> pattern, which SQLite
    /// derives only on <c>NOCASE</c> columns or under <c>case_sensitive_like</c>, and a partial index whose filter only a
    /// bound value would satisfy; the engine has none of these (its title search is <c>instr</c>, its business-key
    /// prefix a <c>LIKE</c> on a <c>BINARY</c> column, and its partial indexes are filtered on <c>IS NOT NULL</c>, which
    /// any comparison by value implies whatever is bound: <c>SqliteQueryPlanTests</c> checks their lookups under it).
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="synchronous">The <c>synchronous</c> level.</param>
    public static void ConfigureKept(SqliteConnection connection, string synchronous) => Configure(connection, Text(synchronous));

    /// <summary>
    /// Gives the group-commit writer's connection the settings of <see cref="ConfigureKept"/> and one of its own:
    /// temporary storage in memory. Each step of a batch runs in its savepoint, and SQLite keeps the first content of
    /// every page a savepoint changes in a sub-journal, which it moves to a temporary file (created and deleted at once,
    /// under <c>/var/tmp</c> unless <c>SQLITE_TMPDIR</c> or <c>TMPDIR</c> says otherwise) once it passes 64 KiB; the file
    /// then serves the rest of the batch's transaction. A step of the review model changes about fifteen pages, a start
    /// more, so most batches went to a file: measured 2026-12-04 with strace on <c>bench review</c>, two thirds of the
    /// process's <c>pwrite</c> calls were to such files, and a new one was created about forty times a second. In
    /// memory, a sub-journal holds at most the pages one step changes (each step's savepoint is released before the
    /// next one's is set); the writer runs no sorts or temporary tables that could grow with the data.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="synchronous">The <c>synchronous</c> level.</param>
    public static void ConfigureWriter(SqliteConnection connection, string synchronous) =>
        Configure(connection, Text(synchronous) + " PRAGMA temp_store=MEMORY;");

    private static void Configure(SqliteConnection connection, string pragmas)
    {
        using (var command = connection.CreateCommand())
        {
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
        }

        const int enableQpsg = 1007; // SQLITE_DBCONFIG_ENABLE_QPSG
        var rc = SQLitePCL.raw.sqlite3_db_config(connection.Handle, enableQpsg, 1, out var enabled);
        if (rc != SQLitePCL.raw.SQLITE_OK || enabled != 1)
        {
            throw new InvalidOperationException($"SQLite refused the query planner stability guarantee (result {rc}).");
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection sqlite && Needs(sqlite, out var handle))
        {
            Configure(sqlite, pragmas);
            Applied.AddOrUpdate(handle, pragmas);
        }
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        // SQLite's calls are synchronous: there is nothing to wait for.
        ConnectionOpened(connection, eventData);
        return Task.CompletedTask;
    }

    /// <summary>Whether the opened connection lacks these settings; its native handle, to remember once they are given.</summary>
    private bool Needs(SqliteConnection connection, out SQLitePCL.sqlite3 handle)
    {
        handle = connection.Handle!;
        return !Applied.TryGetValue(handle, out var applied) || !string.Equals(applied, pragmas, StringComparison.Ordinal);
    }
}
