using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Persistence.Sqlite;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Persistence;

/// <summary>
/// On SQLite a step reads its instance, tokens and open tasks through <see cref="SqliteInstanceReads"/>, not EF Core's
/// compiled queries: it must hand the step the same objects, with the same values, in the same order and tracked alike.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class SqliteInstanceReadsTests
{
    [Test]
    public async Task AnInstanceItsTokensAndOpenTasksAreReadAsEfCoresTrackingQueriesReadThem()
    {
        await using var harness = await EngineHarness.CreateAsync();
        await harness.DeployAsync(ParallelTasks(
            "fan",
            ("low", "camunda:priority=\"10\" camunda:candidateGroups=\"role:center\" camunda:dueDate=\"P3D\" camunda:followUpDate=\"P1D\""),
            ("high", "camunda:priority=\"90\" camunda:assignee=\"张三\""),
            ("plain", "")));
        await harness.StartAsync("fan", new { title = "另一个" }, businessKey: "other");
        var instance = await harness.StartAsync("fan", new { title = "网站上线", unitCode = "jsj", level = 3 }, businessKey: "site-1");
        var high = await harness.SingleOpenTaskAsync(instance.Id, "high");
        await harness.CompleteAsync(high, new { approved = true }, "张三");
        var low = await harness.SingleOpenTaskAsync(instance.Id, "low");

        await using var scope = harness.Services.CreateAsyncScope();
        var raw = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        await using var efScope = harness.Services.CreateAsyncScope();
        var ef = efScope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        await raw.Database.OpenConnectionAsync();
        var reads = SqliteInstanceReads.Of(raw);
        Assert.That(reads, Is.Not.Null, "an open SQLite connection is read directly");

        var byTask = reads!.InstanceByTask(low.Id);
        var expected = await ef.Instances.Include(i => i.Tokens).SingleAsync(i => i.Id == instance.Id);
        Assert.That(byTask, Is.Not.Null);
        AssertSameValues(raw, byTask!, ef, expected);
        Assert.That(byTask!.Tokens.Select(t => t.ElementId), Is.EqualTo(expected.Tokens.Select(t => t.ElementId)), "tokens in EF Core's order");
        Assert.That(byTask.Tokens, Has.Count.EqualTo(3), "the token waiting at the join and the two at their tasks");
        for (var i = 0; i < expected.Tokens.Count; i++)
        {
            AssertSameValues(raw, byTask.Tokens[i], ef, expected.Tokens[i]);
        }

        var tasks = reads.OpenTasksOf(instance.Id);
        var expectedTasks = await ef.UserTasks.Where(t => t.InstanceId == instance.Id && t.Status == UserTaskStatus.Open).ToListAsync();
        Assert.That(tasks.Select(t => t.Id), Is.EqualTo(expectedTasks.Select(t => t.Id)), "open tasks in the compiled query's order");
        Assert.That(tasks.Select(t => t.ElementId), Is.EquivalentTo(new[] { "low", "plain" }));
        for (var i = 0; i < tasks.Count; i++)
        {
            AssertSameValues(raw, tasks[i], ef, expectedTasks[i]);
        }

        Assert.That(tasks.Single(t => t.ElementId == "low").DueAt, Is.Not.Null, "a nullable instant is read");
        Assert.That(tasks.Single(t => t.ElementId == "low").FollowUpAt, Is.Not.Null);
        Assert.That(raw.ChangeTracker.Entries().Select(e => e.State), Is.All.EqualTo(EntityState.Unchanged));
        Assert.That(raw.ChangeTracker.Entries().Count(), Is.EqualTo(ef.ChangeTracker.Entries().Count()), "as many rows tracked");

        // A row read again is the object already tracked (as EF Core's identity resolution gives it), not a second copy.
        Assert.That(reads.OpenTasksOf(instance.Id)[0], Is.SameAs(tasks[0]));
        Assert.That(reads.InstanceById(instance.Id), Is.SameAs(byTask));
        Assert.That(reads.InstanceById(Guid.NewGuid()), Is.Null);
        Assert.That(reads.InstanceByTask(Guid.NewGuid()), Is.Null);

        // Inside a transaction of the context (Microsoft.Data.Sqlite refuses a command on a connection in a transaction
        // the command is not given).
        await using (var inTransaction = harness.Services.CreateAsyncScope())
        {
            var db = inTransaction.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var found = SqliteInstanceReads.Of(db)!.InstanceByTask(low.Id);
            Assert.That(found?.Tokens, Has.Count.EqualTo(3));
            Assert.That(SqliteInstanceReads.Of(db)!.TaskListOf(instance.Id, status: null, skip: 0, take: 10), Has.Count.EqualTo(3));
        }

        // A change to a row read this way is detected and written as for a row EF Core read.
        byTask.Title = "网站上线（改）";
        raw.ChangeTracker.DetectChanges();
        Assert.That(raw.Entry(byTask).State, Is.EqualTo(EntityState.Modified));
        Assert.That(raw.Entry(byTask).Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name), Is.EqualTo(new[] { nameof(InstanceRecord.Title) }));
    }

    [Test]
    public async Task ACalledInstanceInsideASubProcessIsReadWithItsParentAndItsScopedTokens()
    {
        // The columns a plain process leaves empty: a called instance's parent, the scope of a token in a sub-process.
        await using var harness = await EngineHarness.CreateAsync();
        await harness.DeployAsync(Process("child", $"""
            <bpmn:startEvent id="start" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart" />{UserTask("inner")}<bpmn:endEvent id="subEnd" />
              {Flow("s1", "subStart", "inner")}{Flow("s2", "inner", "subEnd")}
            </bpmn:subProcess>
            <bpmn:endEvent id="end" />
            {Flow("c1", "start", "sub")}{Flow("c2", "sub", "end")}
            """));
        await harness.DeployAsync(Process("parent", $"""
            <bpmn:startEvent id="start" />
            <bpmn:callActivity id="call" calledElement="child" />
            <bpmn:endEvent id="end" />
            {Flow("p1", "start", "call")}{Flow("p2", "call", "end")}
            """));
        var parent = await harness.StartAsync("parent");
        var childId = (await harness.InstanceAsync(parent.Id)).CalledInstances.Single().Id;
        var inner = await harness.SingleOpenTaskAsync(childId, "inner");

        await using var scope = harness.Services.CreateAsyncScope();
        var raw = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        await using var efScope = harness.Services.CreateAsyncScope();
        var ef = efScope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        await raw.Database.OpenConnectionAsync();
        var child = SqliteInstanceReads.Of(raw)!.InstanceByTask(inner.Id)!;
        var expected = await ef.Instances.Include(i => i.Tokens).SingleAsync(i => i.Id == childId);
        AssertSameValues(raw, child, ef, expected);
        Assert.That((child.ParentInstanceId, child.ParentElementId), Is.EqualTo(((Guid?)parent.Id, (string?)"call")));
        Assert.That(child.ParentTokenId, Is.Not.Null);
        Assert.That(child.Tokens.Select(t => t.ElementId), Is.EqualTo(expected.Tokens.Select(t => t.ElementId)));
        Assert.That(child.Tokens.Count(t => t.ScopeTokenId is not null), Is.EqualTo(1), "the token at the inner task is scoped by the sub-process's");
        for (var i = 0; i < expected.Tokens.Count; i++)
        {
            AssertSameValues(raw, child.Tokens[i], ef, expected.Tokens[i]);
        }
    }

    [Test]
    public async Task ACancelledReadIsNotRun()
    {
        await using var harness = await EngineHarness.CreateAsync();
        await harness.DeployAsync(SingleTask("one"));
        var instance = await harness.StartAsync("one");
        var cancelled = new CancellationToken(canceled: true);
        await Assert.ThatAsync(() => harness.Engine.QueryTasksAsync(new TaskQuery(InstanceId: instance.Id), cancelled), Throws.InstanceOf<OperationCanceledException>());
        await Assert.ThatAsync(async () =>
        {
            await using var scope = harness.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var services = new EngineServices(TimeProvider.System, scope.ServiceProvider.GetRequiredService<DefinitionCache>(), null!, null!, [], scope.ServiceProvider);
            await InstanceExecution.LoadAsync(services, db, instance.Id, "张三", cancelled);
        }, Throws.InstanceOf<OperationCanceledException>());
    }

    /// <summary>
    /// The statements are searched by an index on the key or on the instance, never by walking a table, whatever the
    /// number of rows (SQLite keeps no statistics here and could pick another plan as indexes are added).
    /// </summary>
    [Test]
    public async Task EveryStatementSearchesByAKeyOrByItsInstance()
    {
        await using var harness = await EngineHarness.CreateAsync();
        await using var scope = harness.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        await using var connection = new SqliteConnection($"Data Source={harness.DatabasePath}");
        await connection.OpenAsync();
        SqlitePragmas.ConfigureKept(connection, "FULL"); // as the host's connections plan (query planner stability guarantee)
        var statements = SqliteInstanceReads.StatementsFor(db.Model);
        Assert.That(statements, Has.Count.EqualTo(6));
        foreach (var (name, sql) in statements)
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var parameter in new[] { "$id", "$status", "$skip", "$take" }.Where(p => sql.Contains(p, StringComparison.Ordinal)))
            {
                explain.Parameters.AddWithValue(parameter, parameter is "$skip" or "$take" ? 1 : "x");
            }

            var steps = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    steps.Add(reader.GetString(3));
                }
            }

            var plan = string.Join(" | ", steps);
            Assert.That(steps.Where(step => !step.StartsWith("USE TEMP B-TREE", StringComparison.Ordinal) && !step.StartsWith("SCALAR SUBQUERY", StringComparison.Ordinal)),
                Is.All.Match(@"^SEARCH \S+ USING (COVERING )?(INDEX \S+|INTEGER PRIMARY KEY) \((Id|InstanceId)=\?"), $"{name}: {plan}");
        }
    }

    [Test]
    public void AnEntityTypeWithAColumnTheReaderCannotReadIsRefusedByName()
    {
        using var db = new OddContext();
        var refused = Assert.Throws<NotSupportedException>(() => SqliteEntityReader<OddRecord>.For(db.Model));
        Assert.That(refused!.Message, Does.Contain("OddRecord.Amount"));
    }

    /// <summary>Every mapped property of the two objects has the same value (the navigations are compared by the caller).</summary>
    private static void AssertSameValues(DbContext rawDb, object read, DbContext efDb, object expected)
    {
        Assert.That(read, Is.Not.SameAs(expected));
        var entry = rawDb.Entry(read);
        var efEntry = efDb.Entry(expected);
        Assert.That(entry.State, Is.EqualTo(EntityState.Unchanged), read.GetType().Name);
        foreach (var property in entry.Properties)
        {
            Assert.That(property.CurrentValue, Is.EqualTo(efEntry.Property(property.Metadata.Name).CurrentValue), $"{read.GetType().Name}.{property.Metadata.Name}");
            Assert.That(property.OriginalValue, Is.EqualTo(property.CurrentValue), $"{read.GetType().Name}.{property.Metadata.Name}'s original value");
        }
    }

    public sealed class OddRecord
    {
        public Guid Id { get; set; }

        public decimal Amount { get; set; }
    }

    private sealed class OddContext : DbContext
    {
        public DbSet<OddRecord> Odd => Set<OddRecord>();

        protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseSqlite(new SqliteConnection("Data Source=:memory:"));
    }
}
