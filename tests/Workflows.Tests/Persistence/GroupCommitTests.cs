using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Persistence;

/// <summary>Group commit keeps each step atomic and isolated: one failing step of a batch is rolled back alone.</summary>
public sealed class GroupCommitTests
{
    [Test]
    public async Task AStepThatThrowsInsideABatchIsRolledBackAloneAndTheOthersOfTheBatchCommit()
    {
        var gate = new WriterGate();
        await using var harness = await EngineHarness.CreateAsync(services =>
        {
            services.AddSingleton(gate);
            services.AddScoped<IStepParticipant, GatedParticipant>();
        });
        await harness.DeployAsync(SingleTask("batch", "camunda:candidateGroups=\"role:center\""));
        var timings = harness.Services.GetRequiredService<StepTimings>();
        var pipeline = (GroupCommitPipeline)harness.Services.GetRequiredService<IStepPipeline>();
        timings.Reset();
        using var releaseOnExit = new ReleaseOnDispose(gate); // a failing assertion must not leave the writer held

        // The first start holds the writer inside its savepoint until the other 19 steps have queued up behind it.
        var first = harness.StartAsync("batch", new { hold = true });
        await gate.Holding.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var others = Enumerable.Range(0, 19).Select(i => Capture(harness.StartAsync("batch", new { n = i, explode = i == 7 }))).ToList();
        for (var waited = 0; pipeline.Queued < 19; waited++)
        {
            Assert.That(waited, Is.LessThan(3000), $"only {pipeline.Queued} steps queued; outcomes so far: {string.Join(", ", others.Where(o => o.IsCompleted).Select(o => o.Result?.Message))}");
            await Task.Delay(10); // progress of the 19 starts, not a timer
        }

        gate.Release.TrySetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(20));
        var outcomes = await Task.WhenAll(others).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(timings.Snapshot().Batches, Is.EqualTo(1), "the 19 steps queued while the first was being written joined its batch");
        Assert.That(outcomes.Count(o => o is null), Is.EqualTo(18), "the others of the batch committed");
        Assert.That(outcomes[7], Is.InstanceOf<InvalidOperationException>().And.Message.EqualTo("refused by the participant"));
        var rows = await harness.WithDbAsync(db => db.Instances.AsNoTracking().Select(i => new { i.Id, i.VariablesJson }).ToListAsync());
        Assert.That(rows, Has.Count.EqualTo(19), "the first, and 18 of the batch");
        Assert.That(rows.Where(r => r.VariablesJson.Contains("\"explode\":true", StringComparison.Ordinal)), Is.Empty, "the failed step left nothing");
        var orphans = await harness.WithDbAsync(db => db.History.CountAsync(h => h.InstanceId != null && !db.Instances.Any(i => i.Id == h.InstanceId)));
        Assert.That(orphans, Is.Zero, "none of its history rows either");
        var candidates = await harness.WithDbAsync(db => db.TaskCandidates.AsNoTracking().Select(c => c.TaskId).ToListAsync());
        var tasks = await harness.WithDbAsync(db => db.UserTasks.AsNoTracking().Select(t => t.Id).ToListAsync());
        Assert.That(candidates, Has.Count.EqualTo(19), "each committed step's task has its candidate");
        Assert.That(candidates.Except(tasks), Is.Empty, "nor any of its task's candidate rows");
        foreach (var row in rows)
        {
            Assert.That(await harness.OpenTaskElementsAsync(row.Id), Is.EqualTo(new[] { "work" }));
            Assert.That((await harness.Engine.VerifyHistoryAsync(row.Id))!.Intact, Is.True);
        }
    }

    /// <summary>
    /// The writer's thread runs at the nice value configured (WriterPriority), and only that thread: the thread pool
    /// creates a worker on the thread that asks for one, and the writer completes every step's task, so a worker it
    /// created would have inherited its priority without SCHED_RESET_ON_FORK. A lower nice value than the process's needs
    /// CAP_SYS_NICE (the CI runs as root); without it the writer stays at the process's.
    /// </summary>
    [Test]
    public async Task TheWritersThreadAloneRunsAtTheNiceValueConfigured()
    {
        Assert.That(OperatingSystem.IsLinux(), Is.True, "the service runs on Linux, where thread nice values are set");
        const int Nice = -7; // no other test or default uses it
        int? own = null;
        var allowed = false;
        var probe = new Thread(() =>
        {
            own = WriterPriority.CurrentThreadNice();
            allowed = WriterPriority.TryApplyToCurrentThread(Nice) is null;
        });
        probe.Start();
        probe.Join();

        await using var harness = await EngineHarness.CreateAsync(services => services.Configure<WorkflowEngineOptions>(o => o.WriterNice = Nice));
        await harness.DeployAsync(SingleTask("nice"));
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => harness.StartAsync("nice"))); // the writer completes steps, the pool adds workers
        var pipeline = (GroupCommitPipeline)harness.Services.GetRequiredService<IStepPipeline>();
        Assert.That(pipeline.WriterNice, Is.EqualTo(allowed ? Nice : own));
        if (allowed)
        {
            var atNice = Directory.GetDirectories("/proc/self/task").Count(task => NiceOf(task) == Nice);
            Assert.That(atNice, Is.EqualTo(1), "the writer's thread, and no thread it created");
        }
    }

    /// <summary>A thread's nice value from <c>/proc/self/task/{id}/stat</c> (field 19; the name in field 2 may hold spaces).</summary>
    private static int? NiceOf(string task)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture); // field 19 counted from the state (field 3)
        }
        catch (IOException)
        {
            return null; // the thread ended meanwhile
        }
    }

    /// <summary>
    /// A step's reads share one read transaction on SQLite (StepConnection). Whatever the step's outcome (written, refused
    /// because the task is no longer open, refused because it does not exist) the transaction must end before the
    /// connection goes back to the pool: one left open would hold its snapshot of the database for as long as the pooled
    /// connection lives, and the WAL could never be reset past it.
    /// </summary>
    [Test]
    public async Task EveryStepEndsItsReadTransactionWhateverItsOutcome()
    {
        await using var harness = await EngineHarness.CreateAsync();
        await harness.DeployAsync(SingleTask("reads"));
        var started = await harness.StartAsync("reads");
        var task = await harness.SingleOpenTaskAsync(started.Id);
        await harness.CompleteAsync(task);
        await Assert.ThrowsAsync<WorkflowConflictException>(() => harness.CompleteAsync(task));
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => harness.Engine.CompleteTaskAsync(Guid.NewGuid(), null));
        Assert.That((await harness.InstanceAsync(started.Id)).Status, Is.EqualTo(InstanceStatus.Completed));

        // A TRUNCATE checkpoint cannot reset the WAL past a reader's snapshot and says so (busy = 1; this connection has
        // no busy handler, so it does not wait). The pool's connections are left open on purpose: the steps used them.
        await using var connection = new SqliteConnection($"Data Source={harness.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var reader = await checkpoint.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That((reader.GetInt64(0), reader.GetInt64(1)), Is.EqualTo((0L, 0L)), "not blocked by a reader, and the WAL emptied");
    }

    private static async Task<Exception?> Capture(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private sealed class ReleaseOnDispose(WriterGate gate) : IDisposable
    {
        public void Dispose() => gate.Release.TrySetResult();
    }

    public sealed class WriterGate
    {
        public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Joins every step: holds the writer for a step started with <c>hold</c>, throws for one with <c>explode</c>.</summary>
    private sealed class GatedParticipant(WorkflowDbContext db, WriterGate gate) : IStepParticipant
    {
        public async Task SaveAsync(DbTransaction transaction, CancellationToken cancellationToken = default)
        {
            var started = db.ChangeTracker.Entries<InstanceRecord>().Select(e => e.Entity.VariablesJson).FirstOrDefault() ?? "{}";
            if (started.Contains("\"hold\":true", StringComparison.Ordinal))
            {
                gate.Holding.TrySetResult();
                await gate.Release.Task;
            }

            if (started.Contains("\"explode\":true", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("refused by the participant");
            }
        }
    }
}
