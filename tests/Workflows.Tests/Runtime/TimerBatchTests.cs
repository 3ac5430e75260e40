using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Runtime;

/// <summary>
/// Due timers of different instances are fired several to a step (<see cref="WorkflowEngineOptions.TimersPerStep"/>):
/// read together and written in one savepoint. Each instance must still behave as if it had its own step: every timer
/// fires once, a race with another step or a failure stays with its own instance, and the rest of the batch fires.
/// </summary>
[Parallelizable(ParallelScope.Self)]
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class TimerBatchTests(DatabaseProvider provider)
{
    private const int Instances = 70; // two full batches of 32 and a part one

    private static readonly string Model = Process("batch", $$"""
        <bpmn:startEvent id="start" />
        <bpmn:intermediateCatchEvent id="wait">{{Timer("timeDuration", "PT1H")}}</bpmn:intermediateCatchEvent>
        {{UserTask("after")}}
        <bpmn:endEvent id="end" />
        {{Flow("f1", "start", "wait")}}{{Flow("f2", "wait", "after")}}{{Flow("f3", "after", "end")}}
        """);

    [TestCase(1)]
    [TestCase(32)]
    public async Task ManyDueTimersFireOnceEachAndFewerStepsDoItWhenBatched(int timersPerStep)
    {
        await using var harness = await EngineHarness.CreateAsync(s => s.Configure<WorkflowEngineOptions>(o => o.TimersPerStep = timersPerStep), provider);
        var ids = await StartAsync(harness, Instances);

        var timings = harness.Services.GetRequiredService<StepTimings>();
        timings.Reset();
        var fired = await harness.AdvanceAsync(TimeSpan.FromHours(1));
        var steps = timings.Snapshot().Steps;

        Assert.That(fired, Is.EqualTo(Instances));
        Assert.That(steps, timersPerStep == 1 ? Is.EqualTo(Instances) : Is.EqualTo(3), "32 + 32 + 6 timers");
        foreach (var id in ids)
        {
            Assert.That((await harness.HistoryTypesAsync(id)).Count(t => t == "timer.fired"), Is.EqualTo(1), $"instance {id}");
            Assert.That(await harness.OpenTaskElementsAsync(id), Is.EqualTo(new[] { "after" }));
        }

        Assert.That(await harness.AdvanceAsync(TimeSpan.FromHours(1)), Is.Zero, "nothing is left to fire");
        Assert.That(await harness.WithDbAsync(db => db.Timers.CountAsync(t => t.Status == TimerStatus.Armed || t.ClaimedBy != null)), Is.Zero);
    }

    [Test]
    public async Task AnInstanceChangedByAnotherStepWhileItsBatchWasComputedFiresAloneAndTheOthersStillFire()
    {
        var listener = new InterferingListener(times: 2); // both attempts of the batch lose their race
        await using var harness = await EngineHarness.CreateAsync(s => s.AddSingleton<IUserTaskListener>(listener), provider);
        var ids = await StartAsync(harness, 10);

        listener.Victim = ids[4];
        var fired = await harness.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.That(fired, Is.EqualTo(10));
        Assert.That(listener.Interfered, Is.EqualTo(2));
        foreach (var id in ids)
        {
            Assert.That((await harness.HistoryTypesAsync(id)).Count(t => t == "timer.fired"), Is.EqualTo(1), $"instance {id}");
            Assert.That(await harness.OpenTaskElementsAsync(id), Is.EqualTo(new[] { "after" }));
        }

        var victim = await harness.InstanceAsync(ids[4]);
        Assert.That(victim.Variables["interfered"]?.GetValue<int>(), Is.EqualTo(2), "the other step's changes are kept, not overwritten by the firing");
    }

    [Test]
    public async Task AFiringThatCannotBeWrittenKeepsItsTimerClaimedAndTheRestOfTheBatchFires()
    {
        var listener = new UnwritableRowListener();
        await using var harness = await EngineHarness.CreateAsync(s => s.AddSingleton<IUserTaskListener>(listener), provider);
        var ids = await StartAsync(harness, 10);

        listener.Victim = ids[7];
        var fired = await harness.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.That(fired, Is.EqualTo(9));
        foreach (var id in ids.Where(id => id != ids[7]))
        {
            Assert.That(await harness.OpenTaskElementsAsync(id), Is.EqualTo(new[] { "after" }), $"instance {id}");
        }

        Assert.That(await harness.OpenTaskElementsAsync(ids[7]), Is.Empty);
        Assert.That((await harness.HistoryTypesAsync(ids[7])).Count(t => t == "timer.fired"), Is.Zero, "nothing of its firing was written");
        var timer = await harness.WithDbAsync(db => db.Timers.AsNoTracking().SingleAsync(t => t.InstanceId == ids[7]));
        Assert.That((timer.Status, timer.Attempts), Is.EqualTo((TimerStatus.Armed, 1)));
        Assert.That(timer.ClaimedBy, Is.Not.Null, "the claim stays until its lease ends, then the timer is tried again");

        listener.Victim = null;
        Assert.That(await harness.AdvanceAsync(TimeSpan.FromHours(1)), Is.EqualTo(1), "after the lease, it fires");
        Assert.That(await harness.OpenTaskElementsAsync(ids[7]), Is.EqualTo(new[] { "after" }));
    }

    /// <summary>Deploys the model and starts <paramref name="count"/> instances, each waiting on its timer.</summary>
    private static async Task<List<Guid>> StartAsync(EngineHarness harness, int count)
    {
        await harness.DeployAsync(Model);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await harness.StartAsync("batch", new { n = i })).Id);
        }

        return ids;
    }

    /// <summary>While a step creates the victim's task, commits another step on the victim (a variable change) first.</summary>
    private sealed class InterferingListener(int times) : IUserTaskListener
    {
        private int interfered;

        public Guid? Victim { get; set; }

        public int Interfered => Volatile.Read(ref interfered);

        public async Task OnCreatedAsync(UserTaskCreated created, CancellationToken cancellationToken = default)
        {
            if (created.Task.InstanceId != Victim || Interfered >= times)
            {
                return;
            }

            var count = Interlocked.Increment(ref interfered);
            var engine = created.Services.GetRequiredService<IWorkflowEngine>();
            await engine.SetVariablesAsync(created.Task.InstanceId, new JsonObject { ["interfered"] = count }, cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// When the victim's task is created, adds a row the database refuses (a token of no instance): not an element's
    /// failure, which would be an incident, but a step that cannot be written.
    /// </summary>
    private sealed class UnwritableRowListener : IUserTaskListener
    {
        public Guid? Victim { get; set; }

        public Task OnCreatedAsync(UserTaskCreated created, CancellationToken cancellationToken = default)
        {
            if (created.Task.InstanceId == Victim)
            {
                created.Services.GetRequiredService<WorkflowDbContext>().Tokens.Add(new TokenRecord
                {
                    Id = Guid.NewGuid(),
                    InstanceId = Guid.NewGuid(),
                    ElementId = "nowhere",
                    CreatedAt = created.Task.CreatedAt,
                });
            }

            return Task.CompletedTask;
        }
    }
}
