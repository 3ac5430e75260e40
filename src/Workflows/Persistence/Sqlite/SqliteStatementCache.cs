using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Zzut.Workflows.Persistence.Sqlite;

/// <summary>
/// The statements one long-lived SQLite connection (<see cref="SqliteConnections"/>) has run, kept parsed. EF Core makes
/// a new command for every query, and Microsoft.Data.Sqlite parses a command's SQL again for each new command (it keeps
/// the parsed statements per command only, and drops them when the command is disposed): measured on 4 December 2026,
/// 15 % of the review benchmark's CPU samples were SQLite parsing the same few dozen statements again. Here a command
/// EF Core has just made (its SQL and parameters set, not yet run) is swapped for the one this connection keeps for
/// that SQL (<see cref="SqliteStatementReuse"/>): its parameters move over, it runs on the statements parsed the first
/// time, and EF Core's disposal after the query only ends that use.
/// <para>
/// A connection is used by one caller at a time, so the cache takes no lock. A kept command still in use (its reader
/// open while the same SQL runs again) is not handed out twice: that query runs on EF Core's own command. At most
/// <see cref="Capacity"/> statements are kept, the least recently used one making room.
/// </para>
/// </summary>
internal sealed class SqliteStatementCache : IDisposable
{
    /// <summary>Statements kept per connection.</summary>
    public const int Capacity = 100;

    /// <summary>SQL longer than this (a large batch of writes) is run once and not kept.</summary>
    public const int MaxSqlLength = 8_000;

    private static readonly ConditionalWeakTable<SqliteConnection, SqliteStatementCache> Caches = [];

    private readonly SqliteConnection connection;
    private readonly Dictionary<string, KeptCommand> commands = new(StringComparer.Ordinal);
    private long uses;

    private SqliteStatementCache(SqliteConnection connection) => this.connection = connection;

    /// <summary>Statements parsed for this connection so far (one per SQL kept; a statement made room for and used again counts again).</summary>
    public int Parsed { get; private set; }

    /// <summary>Uses of a kept statement.</summary>
    public long Reused { get; private set; }

    /// <summary>Whether a kept statement is in use (its reader not yet disposed).</summary>
    public bool InUse
    {
        get
        {
            foreach (var command in commands.Values)
            {
                if (command.InUse)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Gives <paramref name="connection"/> a cache: from now on EF Core's commands on it run on kept statements.</summary>
    public static SqliteStatementCache Attach(SqliteConnection connection)
    {
        var cache = new SqliteStatementCache(connection);
        Caches.AddOrUpdate(connection, cache);

        // A statement belongs to the SQLite connection it was parsed on: closing the connection (whoever does it) frees
        // the kept ones, and after a reopening they are parsed again on the new one.
        connection.StateChange += (_, change) =>
        {
            if (change.CurrentState == System.Data.ConnectionState.Closed)
            {
                cache.Dispose();
            }
        };
        return cache;
    }

    /// <summary>The cache of <paramref name="connection"/>, if it has one.</summary>
    public static SqliteStatementCache? Of(SqliteConnection connection) => Caches.TryGetValue(connection, out var cache) ? cache : null;

    /// <summary>
    /// The command to run instead of <paramref name="command"/> (made by EF Core, SQL and parameters set, not yet run):
    /// its connection's kept command for its SQL, now holding its parameters; or <paramref name="command"/> itself when
    /// its connection has no cache, or the SQL is not to be kept, or its kept command is in use.
    /// </summary>
    public static DbCommand Reuse(DbCommand command)
    {
        if (command is KeptCommand || command is not SqliteCommand { Connection: { } connection } made || !Caches.TryGetValue(connection, out var cache))
        {
            return command;
        }

        return cache.Take(made);
    }

    /// <summary>Frees every kept statement.</summary>
    public void Dispose()
    {
        foreach (var command in commands.Values)
        {
            command.Release();
        }

        commands.Clear();
    }

    private DbCommand Take(SqliteCommand made)
    {
        var sql = made.CommandText;
        if (!commands.TryGetValue(sql, out var kept))
        {
            if (sql.Length > MaxSqlLength || (commands.Count >= Capacity && !MakeRoom()))
            {
                return made;
            }

            kept = new KeptCommand(connection, sql);
            commands.Add(sql, kept);
            Parsed++;
        }
        else if (kept.InUse)
        {
            return made;
        }
        else
        {
            Reused++;
        }

        kept.Take(made, ++uses);
        made.Dispose();
        return kept;
    }

    /// <summary>Frees the least recently used statement not in use; false when every one is in use.</summary>
    private bool MakeRoom()
    {
        KeptCommand? oldest = null;
        foreach (var command in commands.Values)
        {
            if (!command.InUse && (oldest is null || command.LastUse < oldest.LastUse))
            {
                oldest = command;
            }
        }

        if (oldest is null)
        {
            return false;
        }

        commands.Remove(oldest.CommandText);
        oldest.Release();
        return true;
    }

    /// <summary>
    /// A command kept for one SQL: its statements are parsed at its first run and kept until <see cref="Release"/>.
    /// EF Core disposes every command after its query; for this one that only ends the use.
    /// </summary>
    private sealed class KeptCommand : SqliteCommand
    {
        private bool released;

        public KeptCommand(SqliteConnection connection, string sql)
        {
            Connection = connection;
            CommandText = sql;
        }

        public bool InUse { get; private set; }

        public long LastUse { get; private set; }

        /// <summary>Takes over what EF Core set on <paramref name="made"/> for this run: its transaction, time-out and parameters.</summary>
        public void Take(SqliteCommand made, long use)
        {
            InUse = true;
            LastUse = use;
            Transaction = made.Transaction;
            CommandTimeout = made.CommandTimeout;
            Parameters.Clear();
            while (made.Parameters.Count > 0)
            {
                var parameter = made.Parameters[0];
                made.Parameters.RemoveAt(0);
                Parameters.Add(parameter);
            }
        }

        /// <summary>Disposes the command for good, freeing its statements.</summary>
        public void Release()
        {
            released = true;
            Dispose();
        }

        protected override void Dispose(bool disposing)
        {
            if (released || !disposing)
            {
                base.Dispose(disposing);
                return;
            }

            // EF Core is done with this use. Its reader is closed by now (closing it reset the statements); should one
            // still be open, it is closed here, or the next use would find the command busy.
            if (DataReader is { } reader)
            {
                reader.Dispose();
                DataReader = null;
            }

            Parameters.Clear();
            Transaction = null;
            InUse = false;
        }
    }
}

/// <summary>Runs EF Core's commands on a connection's kept statements (<see cref="SqliteStatementCache"/>), where it has any.</summary>
internal sealed class SqliteStatementReuse : DbCommandInterceptor
{
    /// <summary>The one instance (it holds no state).</summary>
    public static SqliteStatementReuse Instance { get; } = new();

    private SqliteStatementReuse()
    {
    }

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result) => SqliteStatementCache.Reuse(result);
}
