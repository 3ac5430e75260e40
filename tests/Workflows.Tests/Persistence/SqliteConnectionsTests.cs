using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Persistence.Sqlite;
using Zzut.Workflows.Tests.Support;

namespace Zzut.Workflows.Tests.Persistence;

/// <summary>
/// The engine's SQLite connections are kept open between scopes (<see cref="SqliteConnections"/>) with their settings
/// given once, and EF Core's queries on them run on statements kept parsed (<see cref="SqliteStatementCache"/>) — with
/// each run's own parameter values, never a statement handed out twice at once.
/// </summary>
public sealed class SqliteConnectionsTests
{
    [Test]
    public async Task AScopesConnectionIsOpenWithTheSettingsAndTheNextScopeGetsItBackAsItWasLeft()
    {
        await using var engine = await EngineHarness.CreateAsync();

        var handle = await engine.WithDbAsync(async db =>
        {
            var connection = Connection(db);
            Assert.That(connection.State, Is.EqualTo(System.Data.ConnectionState.Open), "open before the scope uses it");
            Assert.That(await PragmaAsync(connection, "synchronous"), Is.EqualTo(2), "FULL");
            Assert.That(await PragmaAsync(connection, "foreign_keys"), Is.EqualTo(1));

            // Changed behind the engine's back, to see whether the next scope's lease sets the connection up again.
            await ExecuteAsync(connection, "PRAGMA synchronous=OFF;");
            return connection.Handle;
        });

        var (again, synchronous) = await engine.WithDbAsync(async db => (Connection(db).Handle, await PragmaAsync(Connection(db), "synchronous")));
        Assert.That(again, Is.SameAs(handle), "the same SQLite connection");
        Assert.That(synchronous, Is.EqualTo(0), "nothing ran the settings again on a connection that has them");
    }

    [Test]
    public async Task AConnectionGivenBackInsideATransactionIsClosedAndNeverHandedOutAgain()
    {
        await using var engine = await EngineHarness.CreateAsync();
        SqliteConnection? left = null;
        await engine.WithDbAsync(async db =>
        {
            left = Connection(db);
            await ExecuteAsync(left, "BEGIN; SELECT COUNT(*) FROM definitions;");
            return 0;
        });

        Assert.That(left!.State, Is.EqualTo(System.Data.ConnectionState.Closed));
        var next = await engine.WithDbAsync(db => Task.FromResult(Connection(db)));
        Assert.That(next, Is.Not.SameAs(left));
        Assert.That(SQLitePCL.raw.sqlite3_get_autocommit(next.Handle), Is.EqualTo(1), "the next scope's connection is outside any transaction");
    }

    [Test]
    public async Task AConnectionClosedBehindEfCoresBackIsOpenedAgainWithTheSettingsAndItsStatementsParsedAgain()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.DeployAsync(Bpmn.SingleTask("first"));
        var (counts, parsedAgain, synchronous, foreignKeys, keepsPlans) = await engine.WithDbAsync(async db =>
        {
            var connection = Connection(db);
            var cache = SqliteStatementCache.Of(connection)!;
            var before = await db.Definitions.AsNoTracking().CountAsync(); // kept on the first SQLite connection
            connection.Close();

            // EF Core opens it again (a new SQLite connection: no pool); the kept statement belonged to the old one.
            await db.Database.OpenConnectionAsync();
            try
            {
                var parsed = cache.Parsed;
                await ExecuteAsync(connection, "INSERT INTO definitions SELECT * FROM definitions LIMIT 0;"); // a write on the new one
                var after = await db.Definitions.AsNoTracking().CountAsync();
                return ((before, after), cache.Parsed - parsed, await PragmaAsync(connection, "synchronous"), await PragmaAsync(connection, "foreign_keys"), KeepsPlans(connection));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });

        Assert.That(counts, Is.EqualTo((1, 1)));
        Assert.That(parsedAgain, Is.EqualTo(1), "the statement kept on the closed connection was freed and parsed again on the new one");
        Assert.That((synchronous, foreignKeys, keepsPlans), Is.EqualTo((2L, 1L, true)), "the interceptor gave the reopened connection the settings");
    }

    [Test]
    public async Task TheFunctionsEfCoreTranslatesToAreOnTheKeptConnections()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.DeployAsync(Bpmn.SingleTask("alpha"));
        await engine.DeployAsync(Bpmn.SingleTask("beta"));

        var matching = await engine.WithDbAsync(db => db.Definitions.AsNoTracking()
            .Where(d => System.Text.RegularExpressions.Regex.IsMatch(d.Key, "^a")).Select(d => d.Key).ToListAsync());

        Assert.That(matching, Is.EqualTo(new[] { "alpha" }), "REGEXP, registered by EF Core on connections it makes");
    }

    [Test]
    public async Task AConnectionGivenBackWithAReaderStillOpenIsClosed()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.DeployAsync(Bpmn.SingleTask("a"));
        await engine.DeployAsync(Bpmn.SingleTask("b"));
        SqliteConnection? left = null;
        await engine.WithDbAsync(async db =>
        {
            left = Connection(db);
            var rows = db.Definitions.AsNoTracking().AsAsyncEnumerable().GetAsyncEnumerator();
            Assert.That(await rows.MoveNextAsync(), Is.True); // the reader stays open: never disposed
            return 0;
        });

        Assert.That(left!.State, Is.EqualTo(System.Data.ConnectionState.Closed), "it would hold its read snapshot and hold up WAL checkpoints");
        var next = await engine.WithDbAsync(db => Task.FromResult(Connection(db)));
        Assert.That(next, Is.Not.SameAs(left));
    }

    [Test]
    public async Task TheDatabaseIsCreatedInAFolderThatDoesNotExistYet()
    {
        var folder = Path.Combine(Path.GetTempPath(), "zzut-connections-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "nested", "engine.db");
        try
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddWorkflowEngine(new WorkflowDatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file}" });
            await using (var provider = services.BuildServiceProvider())
            {
                await provider.InitializeWorkflowDatabaseAsync();
            }

            Assert.That(File.Exists(file), Is.True);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Test]
    public async Task AQueryRunAgainOnAConnectionIsNotParsedAgainAndReadsItsOwnParameters()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.DeployAsync(Bpmn.SingleTask("first"));
        await engine.DeployAsync(Bpmn.SingleTask("second"));
        await engine.DeployAsync(Bpmn.SingleTask("second", "camunda:candidateGroups=\"role:center\""));

        var (cache, parsed, reused, versions) = await engine.WithDbAsync(async db =>
        {
            var cache = SqliteStatementCache.Of(Connection(db))!;
            var parsed = cache.Parsed;
            var reused = cache.Reused;
            var versions = new List<int>();
            foreach (var key in new[] { "first", "second", "missing", "second" })
            {
                versions.Add(await db.Definitions.AsNoTracking().Where(d => d.Key == key).CountAsync());
            }

            return (cache, cache.Parsed - parsed, cache.Reused - reused, versions);
        });

        Assert.That(cache, Is.Not.Null);
        Assert.That(versions, Is.EqualTo(new[] { 1, 2, 0, 2 }), "each run bound its own key");
        Assert.That(parsed, Is.EqualTo(1), "one statement parsed for the four runs");
        Assert.That(reused, Is.EqualTo(3));
    }

    [Test]
    public async Task TheSameQueryRunWhileItsReaderIsOpenRunsOnACommandOfItsOwn()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.DeployAsync(Bpmn.SingleTask("a"));
        await engine.DeployAsync(Bpmn.SingleTask("b"));

        var pairs = await engine.WithDbAsync(async db =>
        {
            var found = new List<(string Outer, int Inner)>();
            IQueryable<DefinitionRecord> Query(string after) => db.Definitions.AsNoTracking().Where(d => string.Compare(d.Key, after) > 0).OrderBy(d => d.Key);
            await foreach (var outer in Query(string.Empty).AsAsyncEnumerable())
            {
                // The outer reader is still open on the kept command for this SQL: the inner run must not reset it.
                found.Add((outer.Key, await Query(outer.Key).CountAsync()));
                found.Add((outer.Key, (await Query(string.Empty).ToListAsync()).Count));
            }

            return found;
        });

        Assert.That(pairs, Is.EqualTo(new[] { ("a", 1), ("a", 2), ("b", 0), ("b", 2) }));
    }

    [Test]
    public async Task AKeptStatementWhoseLimitIsBoundAnewIsNotParsedAgain()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.DeployAsync(Bpmn.SingleTask("a"));
        await engine.DeployAsync(Bpmn.SingleTask("b"));

        // SQLite marks a statement with a bound LIMIT to be parsed again at every new binding unless the connection
        // has the query planner stability guarantee; a new connection without it is the control.
        var (kept, rowsKept) = await engine.WithDbAsync(db => Task.FromResult(RunWithLimits(Connection(db))));
        await using var plain = new SqliteConnection(engine.Database.ConnectionString + ";Pooling=False");
        plain.Open();
        var (control, rowsControl) = RunWithLimits(plain);

        Assert.That(rowsKept, Is.EqualTo(new[] { 1, 2, 1 }), "each run read its own limit");
        Assert.That(rowsControl, Is.EqualTo(rowsKept));
        Assert.That(control, Is.EqualTo(3), "without the guarantee, SQLite parses the statement again at each binding");
        Assert.That(kept, Is.Zero, "the engine's kept connection keeps the plan");

        static (int Reprepared, int[] Rows) RunWithLimits(SqliteConnection connection)
        {
            var db = connection.Handle!;
            Assert.That(SQLitePCL.raw.sqlite3_prepare_v2(db, "SELECT Id FROM definitions ORDER BY Version LIMIT ?1", out var statement), Is.EqualTo(SQLitePCL.raw.SQLITE_OK));
            using (statement)
            {
                var rows = new List<int>();
                foreach (var limit in new[] { 1, 2, 1 })
                {
                    SQLitePCL.raw.sqlite3_reset(statement);
                    SQLitePCL.raw.sqlite3_bind_int(statement, 1, limit);
                    var count = 0;
                    while (SQLitePCL.raw.sqlite3_step(statement) == SQLitePCL.raw.SQLITE_ROW)
                    {
                        count++;
                    }

                    rows.Add(count);
                }

                const int reprepareCount = 5; // SQLITE_STMTSTATUS_REPREPARE
                return (SQLitePCL.raw.sqlite3_stmt_status(statement, reprepareCount, 0), [.. rows]);
            }
        }
    }

    [Test]
    [NonParallelizable] // Reads the process's open files.
    public async Task TheWritersSavepointsStayInMemoryWhereSqliteWouldWriteThemToATemporaryFile()
    {
        var folder = Directory.CreateTempSubdirectory("zzut-writer-");
        try
        {
            var path = Path.Combine(folder.FullName, "w.db");
            await using (var setup = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                setup.Open();
                await ExecuteAsync(setup, "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);"
                    + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) INSERT INTO t SELECT i, printf('%.3000c', 'x') FROM n;");
            }

            await using var writer = new SqliteConnection($"Data Source={path};Pooling=False");
            writer.Open();
            SqlitePragmas.ConfigureWriter(writer, "FULL");
            await using var plain = new SqliteConnection($"Data Source={path};Pooling=False");
            plain.Open();

            // Rewrites about 400 pages (1.6 MiB; a 3,000-byte row per page) inside a savepoint, far past the 64 KiB at which
            // SQLite moves a sub-journal to a file.
            Assert.That(await TemporaryFilesWhileASavepointChangesManyPagesAsync(plain), Is.GreaterThan(0), "the control spills to a file");
            Assert.That(await TemporaryFilesWhileASavepointChangesManyPagesAsync(writer), Is.Zero);
            Assert.That(await PragmaAsync(writer, "temp_store"), Is.EqualTo(2), "MEMORY");
            Assert.That(await PragmaAsync(writer, "synchronous"), Is.EqualTo(2), "FULL");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }

        static async Task<int> TemporaryFilesWhileASavepointChangesManyPagesAsync(SqliteConnection connection)
        {
            await ExecuteAsync(connection, "BEGIN IMMEDIATE; UPDATE t SET payload = payload WHERE id = 1; SAVEPOINT step; UPDATE t SET payload = upper(payload);");
            try
            {
                // SQLite deletes its temporary files as it creates them: they show as deleted links among the open files.
                return new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
                    .Count(fd => fd.LinkTarget is { } target && target.Contains("etilqs_", StringComparison.Ordinal));
            }
            finally
            {
                await ExecuteAsync(connection, "ROLLBACK;");
            }
        }
    }

    [Test]
    public async Task WhenFullTheLeastRecentlyUsedStatementMakesRoom()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var (parsed, zeroReused, oneParsedAgain, values) = await engine.WithDbAsync(async db =>
        {
            var cache = SqliteStatementCache.Of(Connection(db))!;
            cache.Dispose(); // start from an empty cache (the harness's start ran statements on this connection)
            var values = new List<int>();
            async Task RunAsync(int n)
            {
                // A different SQL text for each n: a statement of its own.
                var sql = "SELECT " + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " AS \"Value\"";
                values.Add(await db.Database.SqlQueryRaw<int>(sql).SingleAsync());
            }

            var parsedBefore = cache.Parsed;
            for (var n = 0; n < SqliteStatementCache.Capacity; n++)
            {
                await RunAsync(n); // full: 0 .. Capacity - 1, 0 the least recently used
            }

            var reusedBefore = cache.Reused;
            await RunAsync(0); // kept, and now the most recently used: 1 is the least
            await RunAsync(SqliteStatementCache.Capacity); // new: 1 makes room
            await RunAsync(0);
            var zeroReused = cache.Reused - reusedBefore;
            var parsedBeforeOne = cache.Parsed;
            await RunAsync(1);
            return (cache.Parsed - parsedBefore, zeroReused, cache.Parsed - parsedBeforeOne, values);
        });

        Assert.That(values, Is.EqualTo(Enumerable.Range(0, SqliteStatementCache.Capacity).Concat([0, SqliteStatementCache.Capacity, 0, 1])));
        Assert.That(zeroReused, Is.EqualTo(2), "0 was used again before the cache made room, so it stayed");
        Assert.That(oneParsedAgain, Is.EqualTo(1), "1 was the least recently used when the cache made room, so it is parsed again");
        Assert.That(parsed, Is.EqualTo(SqliteStatementCache.Capacity + 2));
    }

    private static SqliteConnection Connection(WorkflowDbContext db) => (SqliteConnection)db.Database.GetDbConnection();

    /// <summary>Whether the connection has SQLite's query planner stability guarantee (asked without changing it).</summary>
    private static bool KeepsPlans(SqliteConnection connection)
    {
        const int enableQpsg = 1007; // SQLITE_DBCONFIG_ENABLE_QPSG
        Assert.That(SQLitePCL.raw.sqlite3_db_config(connection.Handle, enableQpsg, -1, out var enabled), Is.EqualTo(SQLitePCL.raw.SQLITE_OK));
        return enabled == 1;
    }

    private static async Task<long> PragmaAsync(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
