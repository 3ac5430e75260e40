using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Zzut.Workflows.Persistence.Sqlite;

/// <summary>Applies the per-connection SQLite settings every time a connection opens.</summary>
/// <param name="synchronous">The <c>synchronous</c> level: <c>FULL</c> or <c>NORMAL</c> (see <see cref="WorkflowEngineOptions.SqliteSynchronous"/>).</param>
internal sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    private readonly string pragmas = $"PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
