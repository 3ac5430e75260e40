using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Host.Tests.Procedures;
using Zzut.Workflows.Host.Tests.Support;
using Zzut.Workflows.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>
/// <c>migrate-to-postgresql</c>: a SQLite installation with procedures under way is copied into an empty PostgreSQL
/// database, and a host started on that database carries on where the SQLite host stopped.
/// </summary>
public sealed class MigrateToPostgreSqlTests
{
    private readonly List<string> databases = [];
    private readonly List<string> folders = [];

    [TearDown]
    public async Task DropDatabases()
    {
        foreach (var database in databases)
        {
            await TestPostgres.DropDatabaseAsync(database);
        }

        foreach (var folder in folders)
        {
            WorkflowApplication.DeleteData(folder);
        }
    }

    [Test]
    public async Task AnInstallationMovedToPostgreSqlKeepsItsRowsChainsAccountsTasksLedgersAndTimers()
    {
        var target = await NewDatabaseAsync();
        string dataPath, websiteInstance, reviewInstance, websiteId;
        DateTimeOffset stoppedAt;
        using (var s = await Scenario.CreateAsync())
        {
            s.App.KeepData = true;
            dataPath = s.App.DataPath;
            folders.Add(dataPath);

            // A website filing waiting for the head (a ledger row, an open task), a review with its escalation timer
            // pending (an hour), one review run to its end, a draft, a form version (the fixtures' start form).
            var website = await s.StartAsync(s.Unit, "website-go-live", WebsiteGoLiveTests.Filing());
            websiteInstance = website["id"]!.GetValue<string>();
            websiteId = website["variables"]!["websiteId"]!.GetValue<string>();
            using var operatorClient = await s.App.OperatorClientAsync();
            Assert.That((await operatorClient.DeployAsync(Fixtures.Review())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
            var finished = await s.StartAsync(operatorClient, "api-review", new { unitCode = "jsj" });
            var finishedTask = (await s.GetAsync(operatorClient, $"/api/tasks?instanceId={finished["id"]}&status=open"))[0]!;
            var done = await operatorClient.PostJsonAsync($"/api/tasks/{finishedTask["id"]}/complete", new { variables = new { approved = true } });
            Assert.That((await done.ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("completed"));
            reviewInstance = (await s.StartAsync(operatorClient, "api-review", new { unitCode = "jsj" }))["id"]!.GetValue<string>();
            using var draft = new StringContent(Fixtures.Review("api-review", "审核（草稿）"), System.Text.Encoding.UTF8, "application/xml");
            Assert.That((await s.Admin.PutAsync("/api/definitions/api-review/draft", draft)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            stoppedAt = s.Now;
        }

        var file = Path.Combine(dataPath, "zzut-workflows.db");
        var (exit, output, error) = await MigrateAsync(file, target);
        await TestContext.Out.WriteLineAsync(output);
        Assert.That(exit, Is.EqualTo(0), output + error);
        Assert.That(output, Does.Contain("OK:").And.Contain("history chains intact").And.Contain("Hangfire"));

        var counts = await CountsAsync(file, target);
        Assert.That(counts.Where(c => c.Sqlite != c.PostgreSql), Is.Empty, "every table of the SQLite file has as many rows on PostgreSQL");
        Assert.That(counts.Where(c => c.Sqlite > 0).Select(c => c.Table), Is.SupersetOf(new[]
        {
            "definitions", "definition_drafts", "instances", "tokens", "user_tasks", "timers", "history", "outbox",
            "form_versions", "units", "role_mailboxes", "calendar_days", "websites", "AspNetUsers", "AspNetUserRoles",
        }), "the scenario filled the tables it is meant to test");

        // A host on PostgreSQL carries on.
        using var app = new WorkflowApplication(clock: new FakeTimeProvider(stoppedAt), postgreSqlDatabase: target);
        using var admin = await app.AdminClientAsync();
        using var head = await app.ClientAsync("jsj-fuzeren", "unit-head", "jsj"); // Exists: signs in with the password set on SQLite.
        using var onPostgreSql = await app.OperatorClientAsync();
        var headTask = (await (await head.GetAsync($"/api/tasks?instanceId={websiteInstance}&status=open")).ReadJsonAsync()).AsArray()
            .Single(t => t!["elementId"]!.GetValue<string>() == "Task_HeadApproval")!;
        var approved = await head.PostJsonAsync($"/api/tasks/{headTask["id"]}/complete", new { variables = new { decision = "approve", unitOpinion = "同意" } });
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
        Assert.That((await (await admin.GetAsync($"/api/websites/{websiteId}")).ReadJsonAsync())["domain"]!.GetValue<string>(), Is.EqualTo("jsj.zzut.edu.cn"));
        Assert.That((await (await admin.GetAsync("/api/definitions/api-review/draft")).ReadJsonAsync())["xml"]!.GetValue<string>(), Does.Contain("审核（草稿）"));

        app.Clock.Advance(TimeSpan.FromHours(1));
        var sweep = await admin.PostAsync("/api/timers/fire-due", null);
        Assert.That((await sweep.ReadJsonAsync())["fired"]!.GetValue<int>(), Is.EqualTo(1), "the review's escalation timer, armed on SQLite");
        var history = (await (await onPostgreSql.GetAsync($"/api/instances/{reviewInstance}/history")).ReadJsonAsync()).AsArray();
        Assert.That(history.Count(h => h!["type"]!.GetValue<string>() == "timer.fired"), Is.EqualTo(1));
        foreach (var id in new[] { websiteInstance, reviewInstance })
        {
            var verify = await (await admin.GetAsync($"/api/instances/{id}/history/verify")).ReadJsonAsync();
            Assert.That(verify["intact"]!.GetValue<bool>(), Is.True, $"{id}: the chain, continued on PostgreSQL");
        }
    }

    [Test]
    public async Task ATargetThatHoldsDataIsRefusedAndNothingIsWritten()
    {
        var target = await NewDatabaseAsync();
        await using (var connection = new NpgsqlConnection(target))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE units (\"Code\" text PRIMARY KEY); INSERT INTO units VALUES ('already-here')", connection);
            await create.ExecuteNonQueryAsync();
        }

        var file = await SqliteInstallationAsync();
        var (exit, _, error) = await MigrateAsync(file, target);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("already holds data").And.Contain("units"));
        await using var check = new NpgsqlConnection(target);
        await check.OpenAsync();
        await using var tables = new NpgsqlCommand("SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = 'public'", check);
        Assert.That(await tables.ExecuteScalarAsync(), Is.EqualTo("units"), "no table was created");
    }

    [Test]
    public async Task AMissingOrForeignSourceFileAndAnUnreachableServerAreRefusedWithTheReason()
    {
        var target = await NewDatabaseAsync();
        var folder = Path.Combine(Path.GetTempPath(), "zzut-migrate-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        folders.Add(folder);
        var notADatabase = Path.Combine(folder, "notes.txt");
        await File.WriteAllTextAsync(notADatabase, "这不是数据库 — not a database, long enough to have a header of its own ..........");
        var otherDatabase = Path.Combine(folder, "other.db");
        await using (var other = new SqliteConnection($"Data Source={otherDatabase};Pooling=False"))
        {
            await other.OpenAsync();
            await using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE things (id INTEGER PRIMARY KEY)";
            await create.ExecuteNonQueryAsync();
        }

        var missing = await MigrateAsync(Path.Combine(folder, "missing.db"), target);
        var foreign = await MigrateAsync(notADatabase, target);
        var notOurs = await MigrateAsync(otherDatabase, target);
        var unreachable = await MigrateAsync(otherDatabase, "Host=127.0.0.1;Port=1;Database=zzut;Username=zzut;Password=x;Timeout=3");
        var noArguments = await MigrateAsync(null, target);

        Assert.Multiple(() =>
        {
            Assert.That((missing.Exit, missing.Error), Is.EqualTo((1, $"migrate-to-postgresql: --from: the file {Path.Combine(folder, "missing.db")} does not exist.\n")));
            Assert.That(foreign.Exit, Is.EqualTo(1));
            Assert.That(foreign.Error, Does.Contain("is not a SQLite database of ZzutWorkflows"));
            Assert.That(notOurs.Exit, Is.EqualTo(1));
            Assert.That(notOurs.Error, Does.Contain("is not a database of ZzutWorkflows"));
            Assert.That(unreachable.Exit, Is.EqualTo(1), unreachable.Error);
            Assert.That(noArguments.Exit, Is.EqualTo(2));
            Assert.That(noArguments.Error, Does.Contain("--from and --to are required"));
            Assert.That(File.Exists(Path.Combine(folder, "missing.db")), Is.False, "a missing file is not created");
        });
        Assert.That(unreachable.Error, Does.Contain("is not a database of ZzutWorkflows"), "the source is checked before the server");

        var file = await SqliteInstallationAsync();
        var down = await MigrateAsync(file, "Host=127.0.0.1;Port=1;Database=zzut;Username=zzut;Password=x;Timeout=3");
        Assert.That(down.Exit, Is.EqualTo(1), down.Error);
        Assert.That(down.Error, Does.Contain("cannot connect to PostgreSQL"));
    }

    [Test]
    public async Task AFileOfAnOlderVersionIsRefusedUntilAHostUpgradedIt()
    {
        var target = await NewDatabaseAsync();
        var file = await SqliteInstallationAsync();
        string newest;
        await using (var sqlite = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await sqlite.OpenAsync();
            await using var delete = sqlite.CreateCommand();
            delete.CommandText = "DELETE FROM __EFMigrationsHistory WHERE MigrationId = (SELECT max(MigrationId) FROM __EFMigrationsHistory) RETURNING MigrationId";
            newest = (string)(await delete.ExecuteScalarAsync())!;
        }

        var (exit, _, error) = await MigrateAsync(file, target);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("older version").And.Contain(newest).And.Contain("Start this version of the host once"));
    }

    [Test]
    public async Task AHistoryChainThatDoesNotVerifyRollsTheCopyBack()
    {
        var target = await NewDatabaseAsync();
        var file = await SqliteInstallationAsync();
        await using (var sqlite = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await sqlite.OpenAsync();
            await using var tamper = sqlite.CreateCommand();
            tamper.CommandText = "UPDATE history SET Actor = 'someone-else' WHERE Id = (SELECT min(Id) FROM history) RETURNING Stream";
            var stream = (string)(await tamper.ExecuteScalarAsync())!;
            Assert.That(stream, Does.StartWith("definition:"));
        }

        var (exit, output, error) = await MigrateAsync(file, target);

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(error, Does.Contain("History chains do not verify").And.Contain("(row 1)").And.Contain("rolled back"));
        await using var check = new NpgsqlConnection(target);
        await check.OpenAsync();
        await using var rows = new NpgsqlCommand("SELECT (SELECT count(*) FROM history) + (SELECT count(*) FROM units) + (SELECT count(*) FROM \"AspNetUsers\")", check);
        Assert.That(await rows.ExecuteScalarAsync(), Is.EqualTo(0L), "nothing committed");
    }

    [Test]
    public async Task EmptyTablesLeftByARunThatFailedAreFilledByTheNextRun()
    {
        var target = await NewDatabaseAsync();
        foreach (DbContext context in new DbContext[]
        {
            new Persistence.PostgreSql.PostgreSqlWorkflowDbContext(new DbContextOptionsBuilder<Persistence.PostgreSql.PostgreSqlWorkflowDbContext>().UseNpgsql(target).Options),
            new Domain.PostgreSqlLedgerDbContext(new DbContextOptionsBuilder<Domain.PostgreSqlLedgerDbContext>().UseNpgsql(target, o => o.MigrationsHistoryTable(Domain.LedgerDbContext.MigrationsHistoryTable)).Options),
        })
        {
            await using (context)
            {
                await context.Database.MigrateAsync();
            }
        }

        var (exit, output, error) = await MigrateAsync(await SqliteInstallationAsync(), target);

        Assert.That(exit, Is.EqualTo(0), output + error);
        Assert.That(output, Does.Contain("OK:"));
    }

    private async Task<string> NewDatabaseAsync()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        databases.Add(database);
        return database;
    }

    /// <summary>A SQLite data folder after a first start (migrated, seeded); returns its database file.</summary>
    private async Task<string> SqliteInstallationAsync()
    {
        using var app = new WorkflowApplication { KeepData = true };
        folders.Add(app.DataPath);
        using var client = await app.AdminClientAsync();
        return Path.Combine(app.DataPath, "zzut-workflows.db");
    }

    private static async Task<(int Exit, string Output, string Error)> MigrateAsync(string? from, string to)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        string[] args = from is null ? ["--to", to] : ["--from", from, "--to", to];
        var exit = await MigrateToPostgreSqlCommand.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Rows per table of the SQLite file (every table but SQLite's and the migration histories) and on PostgreSQL.</summary>
    private static async Task<List<(string Table, long Sqlite, long PostgreSql)>> CountsAsync(string file, string target)
    {
        var counts = new List<(string, long, long)>();
        await using var sqlite = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await sqlite.OpenAsync();
        await using var postgreSql = new NpgsqlConnection(target);
        await postgreSql.OpenAsync();
        var tables = new List<string>();
        await using (var list = sqlite.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var fromSqlite = sqlite.CreateCommand();
            fromSqlite.CommandText = $"SELECT count(*) FROM \"{table}\"";
            await using var fromPostgreSql = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", postgreSql);
            counts.Add((table, (long)(await fromSqlite.ExecuteScalarAsync())!, (long)(await fromPostgreSql.ExecuteScalarAsync())!));
        }

        return counts;
    }
}
