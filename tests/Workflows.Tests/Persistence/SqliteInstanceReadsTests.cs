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
            ("low", "camunda:priority=\"10\" camunda:candidateGroups=\"role:center\" camunda:dueDate=\"P3D\""),
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
