using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Zzut.Workflows.Domain;
using Zzut.Workflows.History;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Persistence.PostgreSql;
using Zzut.Workflows.Persistence.Sqlite;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>
/// Copies a SQLite installation (engine, ledgers, accounts) into an empty PostgreSQL database (ADR 0019). The copy is
/// driven by the EF models: every entity type of every context is read from SQLite in key order and inserted into the
/// PostgreSQL context of the same type, so each provider's converters map the values and a new table is not forgotten.
/// The schema is created first (the PostgreSQL migrations, committed on their own); the rows are copied in one
/// transaction, which commits only when every table holds as many rows as in SQLite and every history chain verifies
/// on PostgreSQL by the engine's own check (<see cref="HistoryChain.Verify"/>). Hangfire's state is not copied: the timer, external-call and outbox rows
/// are the truth, and the sweep and the timer dispatcher act on them.
/// </summary>
public sealed class PostgreSqlMigration(string sqliteFile, string postgreSqlConnectionString, TextWriter output)
{
    /// <summary>Rows inserted per SaveChanges (the change tracker is cleared after each).</summary>
    public const int BatchSize = 1000;

    /// <summary>Runs the migration; throws <see cref="MigrationRefusedException"/> with the reason when it cannot or did not succeed.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var source = await OpenSourceAsync(cancellationToken);
        var target = TargetConnectionString();
        await EnsureTargetReachableAndEmptyAsync(target, cancellationToken);

        try
        {
            foreach (var context in Contexts)
            {
                await using var db = context.Target(new NpgsqlConnection(target));
                await db.Database.MigrateAsync(cancellationToken);
            }
        }
        catch (DbException ex)
        {
            throw new MigrationRefusedException($"Creating the tables on PostgreSQL failed ({ex.Message}); does the user own the database? Nothing was copied.");
        }

        output.WriteLine("Schema created on PostgreSQL (migrations of engine, ledger, accounts).");
        List<(string Table, long Rows)> counts;
        int chains;
        try
        {
            (counts, chains) = await CopyAsync(source, target, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException)
        {
            // The transaction was rolled back when it was disposed: the tables are there, empty, and the command may run again.
            throw new MigrationRefusedException($"The copy failed and was rolled back; the target holds the empty tables only, so the command can run again once the cause is fixed: {ex.GetBaseException().Message}");
        }

        output.WriteLine($"OK: {counts.Count} tables, {counts.Sum(c => c.Rows)} rows copied, {chains} history chains intact.");
        output.WriteLine("Hangfire's jobs were not copied: recurring jobs are registered again at start, and pending timers, external calls and e-mails are rows of the engine that the sweep and the timer dispatcher pick up.");
    }

    /// <summary>A context of the service: how to open it on the SQLite file and on a PostgreSQL connection.</summary>
    private sealed record ContextPair(string Name, Func<DbConnection, DbContext> Source, Func<DbConnection, DbContext> Target);

    private static readonly ContextPair[] Contexts =
    [
        new("engine",
            connection => new SqliteWorkflowDbContext(new DbContextOptionsBuilder<SqliteWorkflowDbContext>().UseSqlite(connection).Options),
            connection => new PostgreSqlWorkflowDbContext(new DbContextOptionsBuilder<PostgreSqlWorkflowDbContext>().UseNpgsql(connection).Options)),
        new("ledger",
            connection => new LedgerDbContext(new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite(connection, o => o.MigrationsHistoryTable(LedgerDbContext.MigrationsHistoryTable)).Options),
            connection => new PostgreSqlLedgerDbContext(new DbContextOptionsBuilder<PostgreSqlLedgerDbContext>().UseNpgsql(connection, o => o.MigrationsHistoryTable(LedgerDbContext.MigrationsHistoryTable)).Options)),
        new("accounts",
            connection => new AccountsDbContext(new DbContextOptionsBuilder<AccountsDbContext>().UseSqlite(connection, o => o.MigrationsHistoryTable(AccountsDbContext.MigrationsHistoryTable)).Options),
            connection => new PostgreSqlAccountsDbContext(new DbContextOptionsBuilder<PostgreSqlAccountsDbContext>().UseNpgsql(connection, o => o.MigrationsHistoryTable(AccountsDbContext.MigrationsHistoryTable)).Options)),
    ];

    /// <summary>The SQLite connection string, after checking that the file is a database of this version of the service.</summary>
    private async Task<string> OpenSourceAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(sqliteFile);
        if (!File.Exists(path))
        {
            throw new MigrationRefusedException($"--from: the file {path} does not exist.");
        }

        // ReadWrite (not ReadWriteCreate): a missing file is not created; nothing is written to it.
        var source = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ConnectionString;
        foreach (var context in Contexts)
        {
            await using var connection = new SqliteConnection(source);
            await using var db = context.Source(connection);
            IReadOnlyList<string> applied;
            try
            {
                applied = [.. await db.Database.GetAppliedMigrationsAsync(cancellationToken)];
            }
            catch (SqliteException ex)
            {
                throw new MigrationRefusedException($"--from: {path} is not a SQLite database of ZzutWorkflows ({ex.Message}).");
            }

            var known = db.Database.GetMigrations().ToList();
            if (applied.Count == 0)
            {
                throw new MigrationRefusedException($"--from: {path} is not a database of ZzutWorkflows (it has no {context.Name} tables).");
            }

            var unknown = applied.Except(known, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new MigrationRefusedException($"--from: {path} was written by a newer version of ZzutWorkflows ({context.Name} migration {unknown[0]} is unknown here); run the command of that version.");
            }

            var pending = known.Except(applied, StringComparer.Ordinal).ToList();
            if (pending.Count > 0)
            {
                throw new MigrationRefusedException($"--from: {path} is from an older version ({context.Name} migrations not applied yet: {string.Join(", ", pending)}). Start this version of the host once on the SQLite file (it upgrades the file at start), stop it, then run the command again.");
            }
        }

        return source;
    }

    private string TargetConnectionString()
    {
        try
        {
            // Pooling off: the contexts share one physical connection for the copy; nothing stays open afterwards.
            return new NpgsqlConnectionStringBuilder(postgreSqlConnectionString) { Pooling = false }.ConnectionString;
        }
        catch (ArgumentException ex)
        {
            throw new MigrationRefusedException($"--to: not a PostgreSQL connection string ({ex.Message}); e.g. Host=db.example;Database=zzut;Username=zzut;Password=…");
        }
    }

    /// <summary>Refuses a server that cannot be reached and a database where any table of the service holds a row.</summary>
    private static async Task EnsureTargetReachableAndEmptyAsync(string target, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(target);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new MigrationRefusedException($"--to: cannot connect to PostgreSQL ({ex.Message}).");
        }

        var holding = new List<string>();
        foreach (var context in Contexts)
        {
            await using var db = context.Target(connection);
            foreach (var table in Tables(db.Model))
            {
                await using var exists = connection.CreateCommand();
                exists.CommandText = "SELECT to_regclass(@name) IS NOT NULL";
                exists.Parameters.AddWithValue("name", Quote(table));
                if (await exists.ExecuteScalarAsync(cancellationToken) is true)
                {
                    await using var any = connection.CreateCommand();
                    any.CommandText = $"SELECT EXISTS (SELECT 1 FROM {Quote(table)})";
                    if (await any.ExecuteScalarAsync(cancellationToken) is true)
                    {
                        holding.Add(table);
                    }
                }
            }
        }

        if (holding.Count > 0)
        {
            throw new MigrationRefusedException($"--to: the database already holds data (tables {string.Join(", ", holding)}); the migration copies into an empty database only. Create a new one (CREATE DATABASE …) and point --to at it. Nothing was written.");
        }
    }

    /// <summary>Copies every context in one transaction, which commits only when the row counts of every table agree and the chains verify.</summary>
    private async Task<(List<(string Table, long Rows)> Counts, int Chains)> CopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        // One read transaction on SQLite: every table is read from the same snapshot of the file.
        await using var sqlite = new SqliteConnection(source);
        await sqlite.OpenAsync(cancellationToken);
        await using var snapshot = sqlite.BeginTransaction(deferred: true);
        await using var connection = new NpgsqlConnection(target);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var counts = new List<(string Table, long Rows)>();
        var mismatches = new List<string>();
        foreach (var context in Contexts)
        {
            await using var from = context.Source(sqlite);
            await from.Database.UseTransactionAsync(snapshot, cancellationToken);
            await using var to = context.Target(connection);
            await to.Database.UseTransactionAsync(transaction, cancellationToken);
            to.ChangeTracker.AutoDetectChangesEnabled = false;
            if (to is LedgerDbContext ledger)
            {
                ledger.BumpsReferenceVersions = false; // reference_versions is copied as it is, like every other table
            }

            foreach (var type in InsertionOrder(from.Model))
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var table = type.GetTableName()!;

                await CopyRowsAsync(from, to, type, cancellationToken);
                var expected = await CountAsync(sqlite, snapshot, table, cancellationToken);
                var copied = await CountAsync(connection, transaction, table, cancellationToken);
                counts.Add((table, copied));
                var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                output.WriteLine($"  {context.Name,-8} {table,-32} {expected,9} → {copied,9}  {elapsed.TotalSeconds,6:0.0} s{(expected == copied ? string.Empty : "  MISMATCH")}");
                if (expected != copied)
                {
                    mismatches.Add($"{table}: {expected} in SQLite, {copied} on PostgreSQL");
                }
            }
        }

        if (mismatches.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            throw new MigrationRefusedException($"Row counts differ ({string.Join("; ", mismatches)}); the copy was rolled back (the target holds the empty tables only).");
        }

        var chains = await VerifyChainsAsync(connection, transaction, cancellationToken);
        await ResetSequencesAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (counts, chains);
    }

    /// <summary>Reads one entity type from SQLite in key order (streamed) and inserts it in batches.</summary>
    private static Task CopyRowsAsync(DbContext from, DbContext to, IEntityType type, CancellationToken cancellationToken) =>
        (Task)CopyRowsMethod.MakeGenericMethod(type.ClrType).Invoke(null, [from, to, type, cancellationToken])!;

    private static readonly MethodInfo CopyRowsMethod = typeof(PostgreSqlMigration).GetMethod(nameof(CopyRowsOfAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static async Task CopyRowsOfAsync<T>(DbContext from, DbContext to, IEntityType type, CancellationToken cancellationToken)
        where T : class
    {
        var rows = type.HasSharedClrType ? from.Set<T>(type.Name) : from.Set<T>();
        var batch = 0;
        await foreach (var row in OrderByKey(rows.AsNoTracking().IgnoreQueryFilters(), type).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            // Add, not Attach: owned parts (loaded with their owner) are inserted with it; no other navigation is loaded.
            to.Add(row);
            if (++batch == BatchSize)
            {
                await to.SaveChangesAsync(cancellationToken);
                to.ChangeTracker.Clear();
                batch = 0;
            }
        }

        await to.SaveChangesAsync(cancellationToken);
        to.ChangeTracker.Clear();
    }

    private static IQueryable<T> OrderByKey<T>(IQueryable<T> rows, IEntityType type)
    {
        var first = true;
        foreach (var property in type.FindPrimaryKey()!.Properties)
        {
            var row = Expression.Parameter(typeof(T), "row");
            var value = Expression.Call(typeof(EF), nameof(EF.Property), [property.ClrType], row, Expression.Constant(property.Name));
            var key = Expression.Lambda(value, row);
            var method = first ? nameof(Queryable.OrderBy) : nameof(Queryable.ThenBy);
            rows = rows.Provider.CreateQuery<T>(Expression.Call(typeof(Queryable), method, [typeof(T), property.ClrType], rows.Expression, Expression.Quote(key)));
            first = false;
        }

        return rows;
    }

    /// <summary>
    /// The entity types that own a table (not owned parts, not derived types, which come with their table's root), each
    /// after the types it has foreign keys to. Shadow properties would be lost by the untracked read, so a model that
    /// gains one stops the migration here rather than copying it empty.
    /// </summary>
    private static List<IEntityType> InsertionOrder(IModel model)
    {
        var roots = model.GetEntityTypes().Where(t => !t.IsOwned() && t.BaseType is null && t.GetTableName() is not null).OrderBy(t => t.GetTableName(), StringComparer.Ordinal).ToList();
        foreach (var type in model.GetEntityTypes())
        {
            var shadow = type.GetProperties().FirstOrDefault(p => p.IsShadowProperty() && !p.IsKey() && !p.IsForeignKey());
            if (shadow is not null)
            {
                throw new MigrationRefusedException($"The model of {type.DisplayName()} has a shadow property ({shadow.Name}) the copy cannot read; teach PostgreSqlMigration to copy it.");
            }
        }

        var ordered = new List<IEntityType>();
        var visiting = new HashSet<IEntityType>();
        void Visit(IEntityType type)
        {
            if (ordered.Contains(type) || !visiting.Add(type))
            {
                return; // Done already, or a cycle (a self-reference): the rows' own order decides.
            }

            foreach (var principal in type.GetDerivedTypesInclusive().SelectMany(t => t.GetDeclaredForeignKeys()).Select(k => k.PrincipalEntityType.GetRootType()))
            {
                if (roots.Contains(principal) && principal != type)
                {
                    Visit(principal);
                }
            }

            ordered.Add(type);
        }

        roots.ForEach(Visit);
        return ordered;
    }

    private static IEnumerable<string> Tables(IModel model) =>
        model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct(StringComparer.Ordinal);

    private static string Quote(string table) => "\"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT count(*) FROM {Quote(table)}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Rows were inserted with their own ids: each identity or serial column continues after the largest.</summary>
    private static async Task ResetSequencesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var columns = new List<(string Table, string Column)>();
        await using (var find = new NpgsqlCommand(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')",
            connection, transaction))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (table, column) in columns)
        {
            var quoted = "\"" + column.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var reset = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence(@table, @column), COALESCE((SELECT max({quoted}) FROM {Quote(table)}), 0) + 1, false)", connection, transaction);
            reset.Parameters.AddWithValue("table", Quote(table));
            reset.Parameters.AddWithValue("column", column);
            await reset.ExecuteScalarAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Every history chain as the rows stand on PostgreSQL, in the copy's transaction, checked by the engine's
    /// <see cref="HistoryChain.Verify"/> (what <see cref="IWorkflowEngine.VerifyHistoryAsync"/> and
    /// <see cref="IHistoryJournal.VerifyAsync"/> run), in one pass over the rows in stream order rather than one query
    /// per instance. An instance is checked against the head it records, also when it has no rows at all.
    /// </summary>
    private async Task<int> VerifyChainsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var db = new PostgreSqlWorkflowDbContext(new DbContextOptionsBuilder<PostgreSqlWorkflowDbContext>().UseNpgsql(connection).Options);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        var heads = await db.Instances.AsNoTracking().Select(i => new { i.Id, i.HistorySequence, i.LastHistoryHash })
            .ToDictionaryAsync(i => HistoryChain.InstanceStream(i.Id), i => (i.HistorySequence, i.LastHistoryHash), StringComparer.Ordinal, cancellationToken);
        var broken = new List<string>();
        var verified = new HashSet<string>(StringComparer.Ordinal);
        void Check(string stream, List<HistoryRecord> rows)
        {
            var head = heads.TryGetValue(stream, out var h) ? h : ((int, string?)?)null;
            var verification = HistoryChain.Verify(rows, head?.Item1, head?.Item2);
            verified.Add(stream);
            if (!verification.Intact)
            {
                broken.Add($"{stream} (row {verification.FirstBrokenSequence})");
            }
        }

        var current = new List<HistoryRecord>();
        await foreach (var row in db.History.AsNoTracking().OrderBy(h => h.Stream).ThenBy(h => h.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (current.Count > 0 && current[0].Stream != row.Stream)
            {
                Check(current[0].Stream, current);
                current = [];
            }

            current.Add(row);
        }

        if (current.Count > 0)
        {
            Check(current[0].Stream, current);
        }

        var instanceStreams = heads.Count;
        foreach (var stream in heads.Keys.Where(k => !verified.Contains(k)).ToList())
        {
            Check(stream, []); // An instance without rows: intact only when it records none.
        }

        output.WriteLine($"History chains verified on PostgreSQL: {instanceStreams} instances, {verified.Count - instanceStreams} other streams, {broken.Count} broken ({System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s).");
        if (broken.Count > 0)
        {
            throw new MigrationRefusedException($"History chains do not verify on PostgreSQL: {string.Join(", ", broken.Take(20))}; the copy was rolled back. Check those chains on the SQLite host (GET /api/instances/{{id}}/history/verify).");
        }

        return verified.Count;
    }
}

/// <summary>The migration refused to run or did not succeed; the message says why and what to do.</summary>
public sealed class MigrationRefusedException(string message) : Exception(message);
