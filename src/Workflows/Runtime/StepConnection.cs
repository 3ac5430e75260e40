using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// Keeps a step's context's connection open for the step's reads, so that they share one connection instead of each
/// query opening one (taking it from the pool and setting it up). Disposing closes it again, whatever the step's
/// outcome: a pooled context must go back with its connection closed (the pool's asynchronous reset does not forget an
/// explicit opening).
/// <para>
/// On SQLite the step's reads also share one read transaction (<c>BEGIN</c>, deferred: it takes no lock until the first
/// read, and never the write lock, since the step writes nothing on this connection). Under WAL a connection drops its
/// whole page cache at the start of each read transaction when another connection has committed since, and the
/// group-commit writer commits hundreds of times a second: with each read in its own transaction nearly every
/// statement started from an empty cache and read its pages again. The reads also see one snapshot, as a step's reads
/// should (the revision check at the write still decides who wins). The transaction is ended (<see cref="EndReadsAsync"/>)
/// before the step is written, and in any case before the connection goes back to the pool: Microsoft.Data.Sqlite does
/// not know of a transaction begun by a statement, and a pooled connection must never keep one open.
/// </para>
/// </summary>
internal sealed class StepConnection : IAsyncDisposable
{
    private readonly WorkflowDbContext db;
    private DbConnection? reading;

    private StepConnection(WorkflowDbContext db) => this.db = db;

    public static async Task<StepConnection> OpenAsync(WorkflowDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var opened = new StepConnection(db);
        if (db.Database.IsSqlite())
        {
            var connection = db.Database.GetDbConnection();
            await ExecuteAsync(connection, "BEGIN", cancellationToken);
            opened.reading = connection;
        }

        return opened;
    }

    /// <summary>Ends the read transaction, if one is open: the step has read what it needs and is about to be written.</summary>
    public async Task EndReadsAsync()
    {
        if (reading is { } connection)
        {
            reading = null;
            if (connection.State == System.Data.ConnectionState.Open)
            {
                // A read transaction has nothing to undo: COMMIT and ROLLBACK both just end it.
                await ExecuteAsync(connection, "COMMIT", CancellationToken.None);
            }
        }
    }

    /// <summary>Ends the read transaction and closes the connection if this opening still holds it (the group-commit writer may have closed it already to move the context onto its own).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await EndReadsAsync();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string statement, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = statement;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
