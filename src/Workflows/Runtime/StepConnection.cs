using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Persistence.Sqlite;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// Keeps a step's context's connection open for the step's reads, so that they share one connection instead of each
/// query opening one. On SQLite that connection is the scope's, open already (<see cref="SqliteConnections"/>), and the
/// opening and closing here only count; on PostgreSQL it is opened here, and disposing closes it again whatever the
/// step's outcome (the context must end its lease with its connection closed).
/// <para>
/// On SQLite the step's reads also share one read transaction (<c>BEGIN</c>, deferred: it takes no lock until the first
/// read, and never the write lock, since the step writes nothing on this connection). Under WAL a connection drops its
/// whole page cache at the start of each read transaction when another connection has committed since, and the
/// group-commit writer commits hundreds of times a second: with each read in its own transaction nearly every
/// statement started from an empty cache and read its pages again. The reads also see one snapshot, as a step's reads
/// should (the revision check at the write still decides who wins). The transaction is ended (<see cref="EndReadsAsync"/>)
/// before the step is written, and in any case before the connection is given back (<see cref="SqliteConnections"/>):
/// Microsoft.Data.Sqlite does not know of a transaction begun by a statement, and a connection given back must never
/// keep one open. For the same reason nothing inside a step may begin a transaction on the step's context or write on
/// its connection (SQLite would refuse a transaction within a transaction): a step's writes go through the step pipeline.
/// </para>
/// </summary>
internal sealed class StepConnection : IAsyncDisposable
{
    private readonly WorkflowDbContext db;
    private SqliteConnection? reading;

    private StepConnection(WorkflowDbContext db) => this.db = db;

    public static async Task<StepConnection> OpenAsync(WorkflowDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var opened = new StepConnection(db);
        if (db.Database.IsSqlite())
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            try
            {
                // Not cancellable: once begun, the transaction must be known here to be ended.
                Execute(connection, "BEGIN");
            }
            catch
            {
                // The caller gets no opening to dispose: close it here, as the opening would.
                await db.Database.CloseConnectionAsync();
                throw;
            }

            opened.reading = connection;
        }

        return opened;
    }

    /// <summary>Ends the read transaction, if one is open: the step has read what it needs and is about to be written.</summary>
    public Task EndReadsAsync()
    {
        if (reading is not { } connection)
        {
            return Task.CompletedTask;
        }

        // SQLite ends a transaction itself on some errors (I/O, out of memory, an interrupt); there is nothing to end then.
        if (connection.State == System.Data.ConnectionState.Open && SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
        {
            // A read transaction has nothing to undo: COMMIT and ROLLBACK both just end it.
            Execute(connection, "COMMIT");
        }

        reading = null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Ends the read transaction and closes the connection if this opening still holds it (the group-commit writer may
    /// have closed it already to move the context onto its own). Reached with the transaction still open only when the
    /// step threw: should ending it fail too, the step's own exception is the one that propagates, and the connection is
    /// not handed to the next step inside a transaction (<see cref="SqliteConnections"/> closes a connection that comes
    /// back inside one).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await EndReadsAsync();
        }
        catch (SqliteException) when (reading is not null)
        {
            reading = null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Runs <c>BEGIN</c> or <c>COMMIT</c> on the connection's handle: no command, reader or parameter collection is made
    /// for a statement without parameters or rows, twice per step. An error is thrown as Microsoft.Data.Sqlite throws it.
    /// </summary>
    private static void Execute(SqliteConnection connection, string statement) =>
        SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_exec(connection.Handle, statement), connection.Handle);
}
