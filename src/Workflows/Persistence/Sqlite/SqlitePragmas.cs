using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Zzut.Workflows.Persistence.Sqlite;

/// <summary>
/// Applies the per-connection SQLite settings when a connection opens, once per SQLite connection: Microsoft.Data.Sqlite
/// pools its connections, and one taken from the pool keeps the settings it was given (nothing here changes them later;
/// EF Core's migrations switch <c>foreign_keys</c> off and on again around a table rebuild, and a migration that fails
/// half-way stops the host's start). Applied at every opening, they were two statements parsed and run per step for
/// nothing (2026-12-04: five thousand times in three seconds of <c>bench review</c>).
/// </summary>
/// <param name="synchronous">The <c>synchronous</c> level: <c>FULL</c> or <c>NORMAL</c> (see <see cref="WorkflowEngineOptions.SqliteSynchronous"/>).</param>
internal sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    /// <summary>The settings each SQLite connection (its native handle, which the pool keeps) was last given.</summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, string> Applied = [];

    private readonly string pragmas = Text(synchronous);

    /// <summary>The settings as statements (also run by the group-commit writer on its own connection).</summary>
    public static string Text(string synchronous) => $"PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!Needs(connection, out var handle))
        {
            return;
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
        }

        Remember(handle);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!Needs(connection, out var handle))
        {
            return;
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        Remember(handle);
    }

    /// <summary>Whether the opened connection lacks these settings; its native handle, to remember once they are given.</summary>
    private bool Needs(DbConnection connection, out SQLitePCL.sqlite3? handle)
    {
        handle = (connection as SqliteConnection)?.Handle;
        return handle is null || !Applied.TryGetValue(handle, out var applied) || !string.Equals(applied, pragmas, StringComparison.Ordinal);
    }

    private void Remember(SQLitePCL.sqlite3? handle)
    {
        if (handle is not null)
        {
            Applied.AddOrUpdate(handle, pragmas);
        }
    }
}
