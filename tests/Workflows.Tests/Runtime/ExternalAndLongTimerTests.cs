using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Runtime;

/// <summary>External activities with retries and incidents; timers of years; what the engine hands to its scheduler.</summary>
[Parallelizable(ParallelScope.Self)]
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class ExternalAndLongTimerTests(DatabaseProvider provider)
{
    private EngineHarness harness = null!;

    [SetUp]
    public async Task SetUp()
    {
        harness = await EngineHarness.CreateAsync(provider: provider);
        await harness.DeployAsync(RemoteProcess);
    }

    private static string RemoteProcess => Process("remote", $$"""
        <bpmn:startEvent id="start" />
        <bpmn:serviceTask id="call" camunda:type="external" camunda:topic="test.remote">
          <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="vm">${vmName}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:endEvent id="end" />
        {{Flow("f0", "start", "call")}}{{Flow("f1", "call", "end")}}
        """);

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    private async Task<Guid> ExternalIdAsync(Guid instanceId) =>
        await harness.WithDbAsync(db => db.ExternalTasks.Where(x => x.InstanceId == instanceId).Select(x => x.Id).SingleAsync());

    [Test]
    public async Task AnExternalActivityRunsOnlyAfterTheStepPreparationsLikeAStep()
    {
        // The host's preparation reloads the forms and calendar other hosts changed: an external activity, which runs
        // outside any step, must see them too, not only the step that records its outcome.
        var preparedAt = new List<int>();
        FlakyActivity? remote = null;
        await using var prepared = await EngineHarness.CreateAsync(
            services => services.AddSingleton<IStepPreparation>(new RecordingPreparation(() => preparedAt.Add(remote!.Calls))), provider);
        remote = prepared.Remote;
        await prepared.DeployAsync(RemoteProcess);
        var instance = await prepared.StartAsync("remote", new { vmName = "vm-jsj-01" });
        var external = await prepared.WithDbAsync(db => db.ExternalTasks.Where(x => x.InstanceId == instance.Id).Select(x => x.Id).SingleAsync());
        preparedAt.Clear();

        Assert.That(await prepared.Engine.RunExternalTaskAsync(external), Is.EqualTo(ExternalTaskOutcome.Completed));
        Assert.That(preparedAt, Is.EqualTo(new[] { 0, 1 }), "prepared before the activity ran (no call yet), then before the step that records it");
    }

    private sealed class RecordingPreparation(Action prepared) : IStepPreparation
    {
        public ValueTask PrepareAsync(CancellationToken cancellationToken = default)
        {
            prepared();
            return ValueTask.CompletedTask;
        }
    }

    [Test]
    public async Task AnExternalActivityRunsAfterTheStepAndItsTokenWaits()
    {
        var instance = await harness.StartAsync("remote", new { vmName = "vm-jsj-01" });
        Assert.That(instance.ActiveElementIds, Is.EqualTo(new[] { "call" }));
        Assert.That(harness.Remote.Calls, Is.Zero, "nothing outside the step ran inside it");
        var external = await ExternalIdAsync(instance.Id);
        Assert.That(harness.Scheduled.All.SelectMany(w => w.ExternalTasks).Select(t => t.TimerId), Does.Contain(external), "the scheduler was told after commit");

        Assert.That(await harness.Engine.RunExternalTaskAsync(external), Is.EqualTo(ExternalTaskOutcome.Completed));
        var done = await harness.InstanceAsync(instance.Id);
        Assert.That(done.Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(done.Variables["flakyDone"]!.GetValue<bool>(), Is.True);
        Assert.That(await harness.Engine.RunExternalTaskAsync(external), Is.EqualTo(ExternalTaskOutcome.Skipped), "running the job again changes nothing");
        Assert.That(harness.Remote.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task AnExternalActivityThatSetsAVariableItDoesNotDeclareIsAnIncidentAtOnceAndIsNotCalledAgain()
    {
        harness.Remote.AlsoSets = "approved";
        try
        {
            var instance = await harness.StartAsync("remote", new { vmName = "vm" });
            var external = await ExternalIdAsync(instance.Id);
            Assert.That(await harness.Engine.RunExternalTaskAsync(external), Is.EqualTo(ExternalTaskOutcome.Failed), "a defect of the activity: retrying would repeat its call");
            var failed = await harness.InstanceAsync(instance.Id);
            Assert.That(failed.Status, Is.EqualTo(InstanceStatus.Incident));
            Assert.That(failed.Incidents.Single().Message, Does.Contain("approved"));
            Assert.That(failed.Variables.Select(v => v.Key), Does.Not.Contain("approved").And.Not.Contain("flakyDone"));
            harness.Clock.Advance(TimeSpan.FromHours(2));
            await harness.Engine.RunDueExternalTasksAsync(harness.Clock.GetUtcNow());
            Assert.That(harness.Remote.Calls, Is.EqualTo(1), "called once");
        }
        finally
        {
            harness.Remote.AlsoSets = null;
        }
    }

    [Test]
    public async Task AnExternalActivityThatFailsTwiceThenSucceedsCompletesTheInstance()
    {
        harness.Remote.FailuresLeft = 2;
        var instance = await harness.StartAsync("remote", new { vmName = "vm" });
        var external = await ExternalIdAsync(instance.Id);

        Assert.That(await harness.Engine.RunExternalTaskAsync(external), Is.EqualTo(ExternalTaskOutcome.Retrying));
        var firstRetry = await harness.WithDbAsync(db => db.ExternalTasks.SingleAsync(x => x.Id == external));
        Assert.That(firstRetry.DueAt, Is.EqualTo(EngineHarness.Start.AddSeconds(10)));
        Assert.That(firstRetry.LastError, Is.EqualTo("the remote system is unavailable"));
        Assert.That(await harness.Engine.RunExternalTaskAsync(external), Is.EqualTo(ExternalTaskOutcome.Skipped), "not due before its back-off");

        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(await harness.Engine.RunDueExternalTasksAsync(harness.Clock.GetUtcNow()), Is.EqualTo(1));
        var secondRetry = await harness.WithDbAsync(db => db.ExternalTasks.SingleAsync(x => x.Id == external));
        Assert.That(secondRetry.DueAt, Is.EqualTo(EngineHarness.Start.AddSeconds(10 + 20)), "the back-off doubles");

        harness.Clock.Advance(TimeSpan.FromSeconds(20));
        await harness.Engine.RunDueExternalTasksAsync(harness.Clock.GetUtcNow());
        var done = await harness.InstanceAsync(instance.Id);
        Assert.That(done.Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(done.Incidents, Is.Empty);
        Assert.That(harness.Remote.Calls, Is.EqualTo(3));
    }

    [Test]
    public async Task AnExternalActivityThatAlwaysFailsLeavesAnIncidentThatARetryClearsOnceFixed()
    {
        harness.Remote.FailuresLeft = 100;
        var instance = await harness.StartAsync("remote", new { vmName = "vm" });
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await harness.Engine.RunDueExternalTasksAsync(harness.Clock.GetUtcNow());
            harness.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var failed = await harness.InstanceAsync(instance.Id);
        Assert.That(harness.Remote.Calls, Is.EqualTo(3), "three attempts, then it stops trying");
        Assert.That(failed.Status, Is.EqualTo(InstanceStatus.Incident));
        var incident = failed.Incidents.Single();
        Assert.That(incident.ElementId, Is.EqualTo("call"));
        Assert.That(incident.Message, Does.Contain("after 3 attempts").And.Contain("the remote system is unavailable"));

        harness.Remote.FailuresLeft = 0;
        var retried = await harness.Engine.RetryIncidentAsync(instance.Id, incident.Id, "admin");
        Assert.That(retried.Status, Is.EqualTo(InstanceStatus.Active), "the call is queued again; the token still waits at the task");
        Assert.That(await harness.Engine.RunDueExternalTasksAsync(harness.Clock.GetUtcNow()), Is.EqualTo(1));
        Assert.That((await harness.InstanceAsync(instance.Id)).Status, Is.EqualTo(InstanceStatus.Completed));
    }

    [Test]
    public async Task AThreeYearTimerFiresAtItsInstant()
    {
        await harness.DeployAsync(Process("three-years", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="wait">{{Timer("timeDuration", "P3Y")}}</bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="end" />
            {{Flow("f0", "start", "wait")}}{{Flow("f1", "wait", "end")}}
            """));
        var instance = await harness.StartAsync("three-years");
        var due = new DateTimeOffset(2029, 3, 2, 1, 0, 0, TimeSpan.Zero);
        Assert.That((await harness.Engine.QueryTimersAsync(instance.Id)).Single().DueAt, Is.EqualTo(due));
        Assert.That(harness.Scheduled.All.SelectMany(w => w.Timers).Single().DueAt, Is.EqualTo(due), "the scheduler got the three-year due time as an instant, not a delay");

        Assert.That(await harness.AdvanceAsync(due - harness.Clock.GetUtcNow() - TimeSpan.FromSeconds(1)), Is.Zero);
        Assert.That(await harness.AdvanceAsync(TimeSpan.FromSeconds(1)), Is.EqualTo(1));
        Assert.That((await harness.InstanceAsync(instance.Id)).Status, Is.EqualTo(InstanceStatus.Completed));
    }

    [Test]
    public async Task AYearlyCycleFiresOnEachAnniversary()
    {
        await harness.DeployAsync(Process("yearly", $$"""
            <bpmn:startEvent id="start" />
            {{UserTask("register")}}
            <bpmn:boundaryEvent id="anniversary" cancelActivity="false" attachedToRef="register">{{Timer("timeCycle", "R/P1Y")}}</bpmn:boundaryEvent>
            <bpmn:serviceTask id="remind" camunda:type="external" camunda:topic="log" />
            <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
            {{Flow("f0", "start", "register")}}{{Flow("f1", "register", "e1")}}{{Flow("f2", "anniversary", "remind")}}{{Flow("f3", "remind", "e2")}}
            """));
        var instance = await harness.StartAsync("yearly");
        for (var month = 0; month < 12 * 4; month++)
        {
            await harness.AdvanceAsync(TimeSpan.FromDays(31));
        }

        var history = (await harness.Engine.GetHistoryAsync(instance.Id))!.Where(h => h.Type == "timer.fired").ToList();
        Assert.That(history.Select(h => DateTimeOffset.Parse(h.Data!["dueAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(new[]
        {
            new DateTimeOffset(2027, 3, 2, 1, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2028, 3, 2, 1, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2029, 3, 2, 1, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2030, 3, 2, 1, 0, 0, TimeSpan.Zero),
        }));
        Assert.That((await harness.Engine.QueryTimersAsync(instance.Id)).Single().DueAt, Is.EqualTo(new DateTimeOffset(2031, 3, 2, 1, 0, 0, TimeSpan.Zero)), "and it stays armed for the next year");
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "register" }));
    }
}
