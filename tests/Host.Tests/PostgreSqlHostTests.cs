using System.Net;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>
/// The host on PostgreSQL (<c>Workflows:Database:Provider</c> = <c>PostgreSql</c>): Hangfire in the same database, and
/// two hosts on one database sharing sign-ins, steps and timers.
/// </summary>
public sealed class PostgreSqlHostTests
{
    [Test]
    public void ThePostgreSqlMigrationsOfEveryContextMatchItsModel()
    {
        // No server needed: the model is compared with the migrations' snapshot. (Migrate refuses to run on a mismatch too.)
        const string NoServer = "Host=localhost;Database=design-time";
        using var engine = new Persistence.PostgreSql.PostgreSqlWorkflowDbContext(new DbContextOptionsBuilder<Persistence.PostgreSql.PostgreSqlWorkflowDbContext>().UseNpgsql(NoServer).Options);
        using var ledgers = new Domain.PostgreSqlLedgerDbContext(new DbContextOptionsBuilder<Domain.PostgreSqlLedgerDbContext>().UseNpgsql(NoServer).Options);
        using var accounts = new Accounts.PostgreSqlAccountsDbContext(new DbContextOptionsBuilder<Accounts.PostgreSqlAccountsDbContext>().UseNpgsql(NoServer).Options);
        Assert.Multiple(() =>
        {
            Assert.That(engine.Database.HasPendingModelChanges(), Is.False, "engine: tools/Migrations add engine Name --provider PostgreSql");
            Assert.That(ledgers.Database.HasPendingModelChanges(), Is.False, "ledgers: tools/Migrations add ledger Name --provider PostgreSql");
            Assert.That(accounts.Database.HasPendingModelChanges(), Is.False, "accounts: tools/Migrations add accounts Name --provider PostgreSql");
            Assert.That(engine.Database.GetMigrations(), Is.Not.Empty);
            Assert.That(ledgers.Database.GetMigrations(), Is.Not.Empty);
            Assert.That(accounts.Database.GetMigrations(), Is.Not.Empty);
        });
    }

    [Test]
    public void PostgreSqlWithoutAConnectionStringStopsTheStartNamingTheSetting() =>
        Assert.That(StartRefusedOnPostgreSql(connectionString: ""), Does.Contain("ConnectionStrings:Workflows").And.Contain("PostgreSql"));

    [TestCase("Host=db.example;Database=zzut;Username=zzut", 100)]
    [TestCase("Host=db.example;Database=zzut;Username=zzut;Max Auto Prepare=0", 0)]
    [TestCase("Host=db.example;Database=zzut;Username=zzut;MaxAutoPrepare=7", 7)]
    public void PostgreSqlConnectionsPrepareTheirStatementsUnlessTheConnectionStringSaysOtherwise(string given, int prepared)
    {
        var database = new WorkflowDatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = given };
        var effective = new NpgsqlConnectionStringBuilder(database.EffectiveConnectionString());
        Assert.Multiple(() =>
        {
            Assert.That(effective.MaxAutoPrepare, Is.EqualTo(prepared));
            Assert.That(effective.Host, Is.EqualTo("db.example"), "the rest of the string is kept");
            Assert.That(new WorkflowDatabaseOptions { ConnectionString = "Data Source=x.db" }.EffectiveConnectionString(), Is.EqualTo("Data Source=x.db"), "SQLite as given");
        });
    }

    [Test]
    public void AConnectionStringThatIsNotPostgreSqlsStopsTheStartNamingTheSetting() =>
        Assert.That(StartRefusedOnPostgreSql(connectionString: "Host=db.example;Colour=blue"), Does.Contain("ConnectionStrings:Workflows").And.Contain("colour"));

    /// <summary>Starts a host on PostgreSQL with <paramref name="connectionString"/>, expecting the start to stop; returns its message.</summary>
    private static string StartRefusedOnPostgreSql(string connectionString)
    {
        using var app = new WorkflowApplication();
        app.Settings["Workflows:Database:Provider"] = "PostgreSql";
        app.Settings["ConnectionStrings:Workflows"] = connectionString;
        var refused = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
        return refused!.Message;
    }

    [Test]
    public async Task TheHostsConnectionsKeepRepeatedStatementsPreparedOnTheServer()
    {
        using var app = new WorkflowApplication(provider: DatabaseProvider.PostgreSql);
        using var client = await app.OperatorClientAsync();
        Assert.That((await client.DeployAsync(Fixtures.Review())).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Persistence.WorkflowDbContext>();
        var accounts = scope.ServiceProvider.GetRequiredService<Accounts.AccountsDbContext>();
        Assert.Multiple(() =>
        {
            Assert.That(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxAutoPrepare, Is.EqualTo(WorkflowDatabaseOptions.DefaultMaxAutoPrepare));
            Assert.That(new NpgsqlConnectionStringBuilder(accounts.Database.GetConnectionString()).MaxAutoPrepare, Is.EqualTo(WorkflowDatabaseOptions.DefaultMaxAutoPrepare));
        });

        // The server's own view of the connection: a query run a few times becomes a prepared statement there.
        await db.Database.OpenConnectionAsync();
        for (var i = 0; i < 6; i++)
        {
            await db.Definitions.AsNoTracking().Where(d => d.Key == "api-review").CountAsync();
        }

        var prepared = await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();
        Assert.That(prepared, Has.Some.Contains("definitions"), string.Join(Environment.NewLine, prepared));
    }

    [Test]
    public async Task HangfireKeepsItsJobsInTheServicesDatabaseInASchemaOfItsOwn()
    {
        using var app = new WorkflowApplication(provider: DatabaseProvider.PostgreSql);
        using var client = await app.OperatorClientAsync();
        Assert.That((await client.DeployAsync(Fixtures.Review())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await client.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } });

        Assert.That(app.Services.GetRequiredService<JobStorage>(), Is.InstanceOf<Hangfire.PostgreSql.PostgreSqlStorage>());
        var scheduled = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 100);
        Assert.That(scheduled.Count(j => j.Value.Job.Method.Name == nameof(Jobs.WorkflowJobs.FireTimerAsync)), Is.EqualTo(1), "the review's timer has its job");

        await using var connection = new NpgsqlConnection(app.PostgreSqlDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'hangfire' AND table_name = 'job'", connection);
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(1L));
        Assert.That(File.Exists(Path.Combine(app.DataPath, Jobs.HangfireOptions.SqliteFileName)), Is.False, "no SQLite file for Hangfire");
    }

    [Test]
    public async Task ACookieAndATokenIssuedByOneHostAreAcceptedByAnotherOnTheSameDatabase()
    {
        using var a = new WorkflowApplication(provider: DatabaseProvider.PostgreSql);
        using var signedIn = await a.AdminClientAsync();
        using var b = new WorkflowApplication(postgreSqlDatabase: a.PostgreSqlDatabase);
        using var anonymousOnB = b.CreateClient();

        using var cookieClient = a.CreateClient();
        var cookieResponse = await cookieClient.PostJsonAsync("/api/auth/cookie", new { userName = "admin", password = WorkflowApplication.AdminPassword });
        Assert.That(cookieResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var cookie = cookieResponse.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("zzut.auth=", StringComparison.Ordinal)).Split(';')[0];
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me"))
        {
            request.Headers.Add("Cookie", cookie);
            var me = await anonymousOnB.SendAsync(request);
            Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK), "host B opens host A's cookie");
            Assert.That((await me.ReadJsonAsync())["userName"]!.GetValue<string>(), Is.EqualTo("admin"));
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me"))
        {
            request.Headers.Authorization = signedIn.DefaultRequestHeaders.Authorization;
            Assert.That((await anonymousOnB.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "host B accepts host A's bearer token");
        }

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(a.DataPath, "jwt-signing.key")), Is.False, "the signing key is in the database");
            Assert.That(File.Exists(Path.Combine(b.DataPath, "jwt-signing.key")), Is.False);
        });
    }

    [Test]
    public async Task AnInstanceStartedOnOneHostIsCompletedOnTheOtherAndItsTimerFiresOnceWhenBothSweep()
    {
        var clock = new FakeTimeProvider(WorkflowApplication.Start);
        using var a = new WorkflowApplication(clock: clock, provider: DatabaseProvider.PostgreSql);
        using var onA = await a.OperatorClientAsync();
        using var b = new WorkflowApplication(clock: clock, postgreSqlDatabase: a.PostgreSqlDatabase);
        using var onB = await b.OperatorClientAsync();
        Assert.That((await onA.DeployAsync(Fixtures.Review())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var first = await (await onA.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync();
        var second = await (await onB.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync();
        Assert.That(second["version"]!.GetValue<int>(), Is.EqualTo(1), "host B runs the definition deployed on host A");

        var task = (await (await onB.GetAsync($"/api/tasks?instanceId={first["id"]}&status=open")).ReadJsonAsync())[0]!;
        var done = await onB.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new { variables = new { approved = true } });
        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.OK), await done.Content.ReadAsStringAsync());
        Assert.That((await done.ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("completed"));

        clock.Advance(TimeSpan.FromHours(1));
        var sweeps = await Task.WhenAll(onA.PostAsync("/api/timers/fire-due", null), onB.PostAsync("/api/timers/fire-due", null), onA.PostAsync("/api/timers/fire-due", null), onB.PostAsync("/api/timers/fire-due", null));
        var fired = 0;
        foreach (var sweep in sweeps)
        {
            Assert.That(sweep.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sweep.Content.ReadAsStringAsync());
            fired += (await sweep.ReadJsonAsync())["fired"]!.GetValue<int>();
        }

        var history = (await (await onA.GetAsync($"/api/instances/{second["id"]}/history")).ReadJsonAsync()).AsArray();
        var intact = (await (await onB.GetAsync($"/api/instances/{second["id"]}/history/verify")).ReadJsonAsync())["intact"]!.GetValue<bool>();
        Assert.Multiple(() =>
        {
            Assert.That(fired, Is.EqualTo(1), "the second instance's escalation timer, once across both hosts");
            Assert.That(history.Count(h => h!["type"]!.GetValue<string>() == "timer.fired"), Is.EqualTo(1));
            Assert.That(intact, Is.True);
        });
    }

    [Test]
    public async Task FiftyConcurrentCompletionsOfOneTaskSpreadOverTwoHostsHaveOneWinner()
    {
        using var hosts = await TwoHosts.StartAsync();
        var (onA, onB) = (hosts.OnA, hosts.OnB);
        await onA.DeployAsync(Fixtures.Review());
        var instance = await (await onA.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync();
        var taskId = (await (await onA.GetAsync($"/api/tasks?instanceId={instance["id"]}&status=open")).ReadJsonAsync())[0]!["id"]!.GetValue<string>();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            (i % 2 == 0 ? onA : onB).PostJsonAsync($"/api/tasks/{taskId}/complete", new { variables = new { approved = true } })));

        AssertOneWinner(attempts, HttpStatusCode.OK);
        var history = (await (await onB.GetAsync($"/api/instances/{instance["id"]}/history")).ReadJsonAsync()).AsArray();
        Assert.That(history.Count(h => h!["type"]!.GetValue<string>() == "task.completed"), Is.EqualTo(1));
    }

    [Test]
    public async Task OneBusinessKeyStartedConcurrentlyOnTwoHostsStartsOneInstance()
    {
        using var hosts = await TwoHosts.StartAsync();
        var (onA, onB) = (hosts.OnA, hosts.OnB);
        await onA.DeployAsync(Fixtures.Review());

        var starts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? onA : onB).PostJsonAsync("/api/instances", new { definitionKey = "api-review", businessKey = "case-pg", variables = new { unitCode = "jsj" } })));

        AssertOneWinner(starts, HttpStatusCode.Created);
        Assert.That((await (await onB.GetAsync("/api/instances?definitionKey=api-review")).ReadJsonAsync()).AsArray(), Has.Count.EqualTo(1));
    }

    /// <summary>Exactly one request got <paramref name="winner"/>; every other one a 409.</summary>
    private static void AssertOneWinner(HttpResponseMessage[] responses, HttpStatusCode winner)
    {
        var statuses = responses.Select(r => r.StatusCode).ToList();
        var tally = string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Key}×{g.Count()}"));
        Assert.That(statuses.Count(s => s == winner), Is.EqualTo(1), tally);
        Assert.That(statuses.Where(s => s != winner), Is.All.EqualTo(HttpStatusCode.Conflict), tally);
    }

    /// <summary>Host A on a new PostgreSQL database, host B on the same one, each with a signed-in operator.</summary>
    private sealed class TwoHosts : IDisposable
    {
        private readonly WorkflowApplication a;
        private readonly WorkflowApplication b;

        private TwoHosts(WorkflowApplication a, WorkflowApplication b)
        {
            this.a = a;
            this.b = b;
        }

        public HttpClient OnA { get; private set; } = null!;

        public HttpClient OnB { get; private set; } = null!;

        public static async Task<TwoHosts> StartAsync()
        {
            var a = new WorkflowApplication(provider: DatabaseProvider.PostgreSql);
            var hosts = new TwoHosts(a, new WorkflowApplication(postgreSqlDatabase: a.PostgreSqlDatabase));
            hosts.OnA = await a.OperatorClientAsync();
            hosts.OnB = await hosts.b.OperatorClientAsync();
            return hosts;
        }

        public void Dispose()
        {
            OnA.Dispose();
            OnB.Dispose();
            b.Dispose();
            a.Dispose();
        }
    }
}
