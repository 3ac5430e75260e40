using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Zzut.Workflows.Persistence.Sqlite;

/// <summary>
/// The engine's SQLite connections, kept open between uses so that each keeps the statements it has run parsed
/// (<see cref="SqliteStatementCache"/>) and its settings given once. Every service scope that uses the engine's
/// context leases one (<see cref="SqliteConnectionLease"/>) for the scope's life: the engine's context and the contexts
/// that share its connection (the ledgers) run on it, one scope at a time. A step's scope is one step, so a connection
/// serves one step at a time, as the pooled connections it replaces did.
/// <para>
/// A connection comes back only if it is open and outside any transaction (a step that failed while its read
/// transaction could not be ended leaves one open): otherwise it is closed. At most <see cref="MaxIdle"/> wait for the
/// next lease; the rest are closed on their return. Its connections bypass Microsoft.Data.Sqlite's pool: closing one
/// closes the database file, and disposing this (with the service provider) closes every idle one.
/// </para>
/// </summary>
internal sealed class SqliteConnections : IDisposable
{
    /// <summary>Connections kept open while no scope uses them.</summary>
    public const int MaxIdle = 32;

    private readonly string connectionString;
    private readonly string synchronous;
    private readonly Stack<SqliteConnection> idle = new();
    private readonly Lock gate = new();
    private bool disposed;

    /// <param name="connectionString">The engine database's connection string.</param>
    /// <param name="synchronous">The <c>synchronous</c> level (<see cref="WorkflowEngineOptions.SqliteSynchronous"/>).</param>
    public SqliteConnections(string connectionString, string synchronous)
    {
        this.connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        this.synchronous = synchronous;
    }

    /// <summary>An open connection, the one returned last if any waits (its pages and statements are the warmest).</summary>
    public SqliteConnection Take()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (idle.TryPop(out var kept))
            {
                return kept;
            }
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            GiveEfCoreFunctions(connection);
            connection.Open();
            SqlitePragmas.ConfigureKept(connection, synchronous);
            SqliteStatementCache.Attach(connection);
            return connection;
        }
        catch
        {
            Close(connection);
            throw;
        }
    }

    /// <summary>
    /// Takes back a connection from <see cref="Take"/>; it must no longer be in use. One left inside a transaction, or
    /// with a kept statement still running (a reader never disposed: it would hold its read snapshot, and WAL
    /// checkpoints would wait for it), is closed instead.
    /// </summary>
    public void Return(SqliteConnection connection)
    {
        var reusable = connection.State == System.Data.ConnectionState.Open
            && SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0
            && SqliteStatementCache.Of(connection) is { InUse: false };
        lock (gate)
        {
            if (reusable && !disposed && idle.Count < MaxIdle)
            {
                idle.Push(connection);
                return;
            }
        }

        Close(connection);
    }

    /// <summary>Closes the idle connections; connections still leased are closed on their return.</summary>
    public void Dispose()
    {
        SqliteConnection[] closing;
        lock (gate)
        {
            disposed = true;
            closing = [.. idle];
            idle.Clear();
        }

        foreach (var connection in closing)
        {
            Close(connection);
        }
    }

    /// <summary>
    /// Registers on <paramref name="connection"/> the functions and collation EF Core's SQLite provider translates to
    /// (<c>regexp</c>, the <c>ef_*</c> decimal functions): it does so on the connections it creates or is configured
    /// with, not on one handed over by <c>SetDbConnection</c>. A context configured with the connection does it as it
    /// is built; nothing else of that context is used.
    /// </summary>
    private static void GiveEfCoreFunctions(SqliteConnection connection)
    {
        var options = new DbContextOptionsBuilder<SqliteWorkflowDbContext>().UseSqlite(connection).Options;
        using var context = new SqliteWorkflowDbContext(options);
        _ = context.Database.GetDbConnection();
    }

    /// <summary>Closes the connection; its kept statements are freed as it closes (<see cref="SqliteStatementCache.Attach"/>).</summary>
    private static void Close(SqliteConnection connection) => connection.Dispose();
}

/// <summary>A scope's connection from <see cref="SqliteConnections"/>, given back when the scope ends.</summary>
internal sealed class SqliteConnectionLease(SqliteConnections connections) : IDisposable
{
    /// <summary>The connection.</summary>
    public SqliteConnection Connection { get; } = connections.Take();

    public void Dispose() => connections.Return(Connection);
}
