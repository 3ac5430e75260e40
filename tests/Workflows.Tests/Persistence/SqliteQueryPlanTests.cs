using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Persistence.Sqlite;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;

namespace Zzut.Workflows.Tests.Persistence;

/// <summary>
/// SQLite keeps no statistics here, so between two indexes that each match one equality it may pick the wrong one. The
/// rows a step loads for its instance must be searched by the instance's id, not by walking every row of a status (with
/// 10,000 armed timers, each firing walked the others: 10,000 timers took 23 s instead of about 11).
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed partial class SqliteQueryPlanTests
{
    private EngineHarness harness = null!;

    [SetUp]
    public async Task SetUp() => harness = await EngineHarness.CreateAsync();

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    public async Task TheRowsOfOneInstanceAreSearchedByItsIdWhateverTheirStatus()
    {
        await using var scope = harness.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var id = Guid.NewGuid();
        var queries = new Dictionary<string, IQueryable>
        {
            ["armed timers"] = db.Timers.Where(t => t.InstanceId == id && t.Status == TimerStatus.Armed),
            ["open tasks"] = db.UserTasks.Where(t => t.InstanceId == id && t.Status == UserTaskStatus.Open),
            ["open external calls"] = db.ExternalTasks.Where(x => x.InstanceId == id
                && (x.Status == ExternalTaskStatus.Pending || x.Status == ExternalTaskStatus.Running || x.Status == ExternalTaskStatus.Failed)),
            ["tokens"] = db.Tokens.Where(t => t.InstanceId == id),
        };

        await using var connection = new SqliteConnection($"Data Source={harness.DatabasePath}");
        await connection.OpenAsync();
        foreach (var (name, query) in queries)
        {
            var plan = await PlanAsync(connection, query.ToQueryString());
            Assert.That(plan, Does.Match(@"SEARCH \S+ USING (COVERING )?INDEX \S+ \(InstanceId=\?"), $"{name}: {plan}");
        }
    }

    [Test]
    public async Task TheRowsOfABatchOfInstancesAreSearchedByTheirIdsNotByStatus()
    {
        await using var scope = harness.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var ids = Enumerable.Range(0, 32).Select(_ => Guid.NewGuid()).ToList();
        var queries = new Dictionary<string, (IQueryable Query, string Search)>
        {
            ["instances"] = (BatchLoadQueries.InstancesWithTokens(db, ids), @"\(Id=\?"),
            ["timers by id"] = (BatchLoadQueries.TimersById(db, ids), @"\(Id=\?"),
            ["armed timers"] = (BatchLoadQueries.ArmedTimersOf(db, ids), @"\(InstanceId=\?"),
            ["open tasks"] = (BatchLoadQueries.OpenTasksOf(db, ids), @"\(InstanceId=\?"),
            ["subscriptions"] = (BatchLoadQueries.SubscriptionsOf(db, ids), @"\(InstanceId=\?"),
            ["open incidents"] = (BatchLoadQueries.OpenIncidentsOf(db, ids), @"\(InstanceId=\?"),
            ["external calls"] = (BatchLoadQueries.ExternalTasksOf(db, ids), @"\(InstanceId=\?"),
        };

        await using var connection = new SqliteConnection($"Data Source={harness.DatabasePath}");
        await connection.OpenAsync();
        foreach (var (name, (query, search)) in queries)
        {
            var plan = await PlanAsync(connection, query.ToQueryString());
            Assert.That(plan, Does.Match(@"^SEARCH \S+ USING (COVERING )?INDEX \S+ " + search), $"{name}: {plan}");
        }
    }

    /// <summary>
    /// A task's step finds the task's instance by the instance's key. Asked as "the instance for which this task exists",
    /// SQLite scanned every instance and looked the task up for each, so every completion slowed down as instances
    /// accumulated.
    /// </summary>
    [Test]
    public async Task TheInstanceOfATaskIsFoundByItsKeyNotByScanningEveryInstance()
    {
        await using var scope = harness.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var query = LoadQueries.InstanceOfTask.Compile()(db, Guid.NewGuid());

        await using var connection = new SqliteConnection($"Data Source={harness.DatabasePath}");
        await connection.OpenAsync();
        var plan = await PlanAsync(connection, query.ToQueryString());
        Assert.That(plan, Does.Match(@"SEARCH i USING (COVERING )?INDEX \S+ \(Id=\?\)").And.Not.Match(@"SCAN i\b"), plan);
    }

    /// <summary>
    /// A list of open tasks by candidate reads the candidates' index range of the open rows only: as a bare boolean
    /// test, SQLite searched by candidate alone and read the closed rows of every task ever ended too.
    /// </summary>
    [Test]
    public async Task TheOpenTasksOfACandidateAreSearchedByCandidateAndOpenNotByCandidateAlone()
    {
        await using var scope = harness.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var query = WorkflowEngine.CandidateTaskIds(db, ["role:center", "user:zhang"], openOnly: true);

        await using var connection = new SqliteConnection($"Data Source={harness.DatabasePath}");
        await connection.OpenAsync();
        var plan = await PlanAsync(connection, query.ToQueryString());
        Assert.That(plan, Does.Match(@"SEARCH \S+ USING COVERING INDEX \S+ \(Candidate=\? AND Open=\?\)"), plan);
    }

    /// <summary>
    /// The indexes over columns most rows leave empty hold only the rows that have a value (partial indexes, "column IS
    /// NOT NULL"); every lookup by value must still use them, on a connection set up as the engine's kept ones are
    /// (the query planner stability guarantee on, so no bound value may be what makes the index usable). An instance's
    /// history is read by its stream.
    /// </summary>
    [Test]
    public async Task LookupsByAValueUseThePartialIndexesAndHistoryIsReadByItsStream()
    {
        await using var scope = harness.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var (id, user, lockValue) = (Guid.NewGuid(), "zhang", "key\nbk-1");
        var stream = History.HistoryChain.InstanceStream(id);
        var queries = new Dictionary<string, (IQueryable Query, string Search)>
        {
            ["tasks completed by a user"] = (db.UserTasks.Where(t => t.CompletedBy == user).OrderByDescending(t => t.CompletedAt), @"IX_user_tasks_CompletedBy \(CompletedBy=\?\)"),
            ["instances started by a call activity's token"] = (db.Instances.Where(i => i.ParentTokenId == id), @"IX_instances_ParentTokenId \(ParentTokenId=\?\)"),
            ["instances a parent called"] = (db.Instances.Where(i => i.ParentInstanceId == id).OrderBy(i => i.StartedAt), @"IX_instances_ParentInstanceId \(ParentInstanceId=\?\)"),
            ["the holder of a business key"] = (db.Instances.Where(i => i.BusinessKeyLock == lockValue).Select(i => i.Id), @"IX_instances_BusinessKeyLock \(BusinessKeyLock=\?\)"),
            ["an instance's history"] = (db.History.Where(h => h.Stream == stream).OrderBy(h => h.Sequence), @"IX_history_Stream_Sequence \(Stream=\?\)"),
        };

        await using var connection = new SqliteConnection($"Data Source={harness.DatabasePath}");
        await connection.OpenAsync();
        SqlitePragmas.ConfigureKept(connection, "FULL");
        foreach (var (name, (query, search)) in queries)
        {
            var plan = await PlanAsync(connection, query.ToQueryString());
            Assert.That(plan, Does.Match(@"^SEARCH \S+ USING (COVERING )?INDEX " + search), $"{name}: {plan}");
        }

        await using var schema = connection.CreateCommand();
        schema.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'history' ORDER BY name";
        var indexes = new List<string>();
        await using (var reader = await schema.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        Assert.That(indexes, Is.EqualTo(new[] { "IX_history_Stream_Sequence" }), "no index of its own for the instance id");
    }

    /// <summary>The plan of EF's SQL for SQLite, whose <c>ToQueryString</c> declares each parameter in a <c>.param set</c> line.</summary>
    private static async Task<string> PlanAsync(SqliteConnection connection, string queryString)
    {
        await using var command = connection.CreateCommand();
        var lines = queryString.Split('\n');
        foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var match = ParamLine().Match(line.TrimEnd('\r'));
            command.Parameters.AddWithValue(match.Groups["name"].Value, match.Groups["value"].Value.Trim('\''));
        }

        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        var details = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            details.Add(reader.GetString(3));
        }

        return string.Join("; ", details);
    }

    [GeneratedRegex(@"^\.param set (?<name>\S+) (?<value>.*)$")]
    private static partial Regex ParamLine();
}
