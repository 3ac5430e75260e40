using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Persistence;

/// <summary>Versioning, optimistic concurrency, restart durability and the history chain, on SQLite files and on PostgreSQL.</summary>
[Parallelizable(ParallelScope.Self)]
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class DurabilityAndConcurrencyTests(DatabaseProvider provider)
{
    private EngineHarness harness = null!;

    [SetUp]
    public async Task SetUp() => harness = await EngineHarness.CreateAsync(provider: provider);

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    public async Task EachInstanceRunsTheVersionItStartedOn()
    {
        var v1 = await harness.DeployAsync(SingleTask("versioned"));
        var old = await harness.StartAsync("versioned");

        var v2Xml = Process("versioned", $$"""
            <bpmn:startEvent id="start" />
            {{UserTask("work")}}
            {{UserTask("extraReview")}}
            <bpmn:endEvent id="end" />
            {{Flow("f1", "start", "work")}}{{Flow("f2", "work", "extraReview")}}{{Flow("f3", "extraReview", "end")}}
            """);
        var v2 = await harness.DeployAsync(v2Xml);
        var again = await harness.DeployAsync(v2Xml);
        var fresh = await harness.StartAsync("versioned");

        Assert.Multiple(() =>
        {
            Assert.That((v1.Version, v1.Created), Is.EqualTo((1, true)));
            Assert.That((v2.Version, v2.Created), Is.EqualTo((2, true)));
            Assert.That((again.Version, again.Created, again.Id), Is.EqualTo((2, false, v2.Id)), "identical content is not a new version");
            Assert.That(old.Version, Is.EqualTo(1));
            Assert.That(fresh.Version, Is.EqualTo(2));
        });

        var oldDone = await harness.CompleteAsync(await harness.SingleOpenTaskAsync(old.Id));
        Assert.That(oldDone.Status, Is.EqualTo(InstanceStatus.Completed), "v1 has no extra review");

        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(fresh.Id));
        var freshDone = await harness.CompleteAsync(await harness.SingleOpenTaskAsync(fresh.Id, "extraReview"));
        Assert.That(freshDone.Status, Is.EqualTo(InstanceStatus.Completed));

        var pinned = await harness.Engine.StartAsync(new StartInstanceRequest("versioned", Version: 1));
        Assert.That(pinned.Version, Is.EqualTo(1));
        Assert.That((await harness.Engine.ListVersionsAsync("versioned")).Select(v => v.Version), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task FiftyParallelCompletionsOfOneTaskYieldExactlyOneTransition()
    {
        await harness.DeployAsync(Process("race", $$"""
            <bpmn:startEvent id="start" />
            {{UserTask("work")}}
            {{UserTask("next")}}
            <bpmn:endEvent id="end" />
            {{Flow("f1", "start", "work")}}{{Flow("f2", "work", "next")}}{{Flow("f3", "next", "end")}}
            """));
        var instance = await harness.StartAsync("race");
        var task = await harness.SingleOpenTaskAsync(instance.Id);

        using var gate = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            gate.Wait();
            try
            {
                await harness.CompleteAsync(task, new { by = i });
                return "ok";
            }
            catch (WorkflowConflictException)
            {
                return "conflict";
            }
        })).ToList();
        gate.Set();
        var outcomes = await Task.WhenAll(attempts);

        Assert.That(outcomes.Count(o => o == "ok"), Is.EqualTo(1));
        Assert.That(outcomes.Count(o => o == "conflict"), Is.EqualTo(49));
        var history = await harness.HistoryTypesAsync(instance.Id);
        Assert.That(history.Count(t => t == "task.completed"), Is.EqualTo(1));
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "next" }));
        Assert.That((await harness.Engine.VerifyHistoryAsync(instance.Id))!.Intact, Is.True);
    }

    [Test]
    public async Task TwoHundredInstancesAdvancedByEightThreadsLoseNoTransition()
    {
        await harness.DeployAsync(Process("many", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:parallelGateway id="fork" />
            {{UserTask("a")}}{{UserTask("b")}}
            <bpmn:parallelGateway id="join" />
            <bpmn:endEvent id="end" />
            {{Flow("f0", "start", "fork")}}{{Flow("f1", "fork", "a")}}{{Flow("f2", "fork", "b")}}
            {{Flow("f3", "a", "join")}}{{Flow("f4", "b", "join")}}{{Flow("f5", "join", "end")}}
            """));
        var ids = new List<Guid>();
        for (var i = 0; i < 200; i++)
        {
            ids.Add((await harness.StartAsync("many")).Id);
        }

        var tasks = await harness.Engine.QueryTasksAsync(new TaskQuery(Status: UserTaskStatus.Open, Limit: 5000));
        Assert.That(tasks, Has.Count.EqualTo(400));

        // Eight workers take tasks from one queue: the two tasks of an instance often complete concurrently.
        var queue = new System.Collections.Concurrent.ConcurrentQueue<TaskView>(tasks.OrderBy(t => t.InstanceId).ThenBy(t => t.ElementId));
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var task))
            {
                await harness.Engine.CompleteTaskAsync(task.Id, null);
            }
        }));
        await Task.WhenAll(workers);

        var instances = await harness.Engine.QueryInstancesAsync(new InstanceQuery(DefinitionKey: "many", Limit: 1000));
        Assert.That(instances.Count(i => i.Status == InstanceStatus.Completed), Is.EqualTo(200));
        var joins = await harness.WithDbAsync(db => db.History.CountAsync(h => h.Type == "element.entered" && h.ElementId == "join" && h.DataJson != null && h.DataJson.Contains("joined")));
        Assert.That(joins, Is.EqualTo(200), "each instance's join fired exactly once");
    }

    [Test]
    public async Task InstancesTasksAndTimersSurviveARestart()
    {
        await harness.DeployAsync(Process("durable", $$"""
            <bpmn:startEvent id="start" />
            {{UserTask("report", "camunda:candidateGroups=\"unit:jsj\"")}}
            <bpmn:boundaryEvent id="late" attachedToRef="report">{{Timer("timeDuration", "PT1H")}}</bpmn:boundaryEvent>
            {{UserTask("review")}}{{UserTask("escalated")}}
            <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
            {{Flow("f0", "start", "report")}}{{Flow("f1", "report", "review")}}{{Flow("f2", "review", "e1")}}
            {{Flow("f3", "late", "escalated")}}{{Flow("f4", "escalated", "e2")}}
            """));
        var onTime = await harness.StartAsync("durable", new { n = 1 });
        var late = await harness.StartAsync("durable", new { n = 2 });

        await harness.RestartAsync();

        var task = await harness.SingleOpenTaskAsync(onTime.Id);
        Assert.That(task.CandidateGroups, Is.EqualTo(new[] { "unit:jsj" }));
        Assert.That(await harness.Engine.QueryTimersAsync(), Has.Count.EqualTo(2));
        await harness.CompleteAsync(task);
        Assert.That(await harness.OpenTaskElementsAsync(onTime.Id), Is.EqualTo(new[] { "review" }));

        await harness.RestartAsync();
        Assert.That(await harness.AdvanceAsync(TimeSpan.FromHours(1)), Is.EqualTo(1), "only the late instance's timer is still armed");
        Assert.That(await harness.OpenTaskElementsAsync(late.Id), Is.EqualTo(new[] { "escalated" }));
        Assert.That((await harness.InstanceAsync(late.Id)).Variables["n"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    public async Task FiringATimerTwiceMakesOneTransition()
    {
        await harness.DeployAsync(Process("once", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="wait">{{Timer("timeDuration", "PT10M")}}</bpmn:intermediateCatchEvent>
            {{UserTask("after")}}
            <bpmn:endEvent id="end" />
            {{Flow("f0", "start", "wait")}}{{Flow("f1", "wait", "after")}}{{Flow("f2", "after", "end")}}
            """));
        var instance = await harness.StartAsync("once");
        var timer = (await harness.Engine.QueryTimersAsync(instance.Id)).Single();
        Assert.That(await harness.Engine.FireTimerAsync(timer.Id), Is.False, "not due yet");
        harness.Clock.Advance(TimeSpan.FromMinutes(10));

        var results = await Task.WhenAll(
            harness.Engine.FireTimerAsync(timer.Id),
            harness.Engine.FireTimerAsync(timer.Id),
            harness.Engine.FireDueTimersAsync(harness.Clock.GetUtcNow()).ContinueWith(t => t.Result > 0, TaskScheduler.Default));
        Assert.That(results.Count(fired => fired), Is.EqualTo(1));
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "after" }));
        Assert.That((await harness.HistoryTypesAsync(instance.Id)).Count(t => t == "timer.fired"), Is.EqualTo(1));
    }

    [Test]
    public async Task HistoryRecordsEveryStepAndDetectsTampering()
    {
        await harness.DeployAsync(SingleTask("audited"));
        var instance = await harness.StartAsync("audited", new { unit = "jsj" });
        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(instance.Id), new { ok = true }, actor: "li");

        var history = (await harness.Engine.GetHistoryAsync(instance.Id))!;
        Assert.That(history.Select(h => h.Type), Is.EqualTo(new[]
        {
            "instance.started", "element.entered", "element.left", "element.entered", "task.created",
            "task.completed", "element.left", "element.entered", "element.left", "instance.completed",
        }));
        var completion = history.Single(h => h.Type == "task.completed");
        Assert.That(completion.Actor, Is.EqualTo("li"));
        Assert.That(completion.Data!["variables"]!["ok"]!.GetValue<bool>(), Is.True);
        Assert.That((await harness.Engine.VerifyHistoryAsync(instance.Id))!.Intact, Is.True);

        await harness.WithDbAsync(async db =>
        {
            var row = await db.History.SingleAsync(h => h.InstanceId == instance.Id && h.Type == "task.completed");
            row.Actor = "somebody-else";
            return await db.SaveChangesAsync();
        });
        var verdict = (await harness.Engine.VerifyHistoryAsync(instance.Id))!;
        Assert.That(verdict.Intact, Is.False);
        Assert.That(verdict.FirstBrokenSequence, Is.EqualTo(completion.Sequence));
    }

    [Test]
    public async Task TheChainSurvivesTheStoresTimePrecision()
    {
        // Real clocks have sub-millisecond ticks, which SQLite's instant encoding does not keep.
        harness.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        await harness.DeployAsync(SingleTask("precise"));
        var instance = await harness.StartAsync("precise");
        harness.Clock.Advance(TimeSpan.FromTicks(7_654_321));
        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(instance.Id));
        Assert.That((await harness.Engine.VerifyHistoryAsync(instance.Id))!.Intact, Is.True);
    }

    [Test]
    public async Task DeletingTheNewestHistoryRowIsDetected()
    {
        await harness.DeployAsync(SingleTask("cut"));
        var instance = await harness.StartAsync("cut");
        await harness.WithDbAsync(async db =>
        {
            var last = await db.History.Where(h => h.InstanceId == instance.Id).OrderByDescending(h => h.Sequence).FirstAsync();
            db.History.Remove(last);
            return await db.SaveChangesAsync();
        });
        Assert.That((await harness.Engine.VerifyHistoryAsync(instance.Id))!.Intact, Is.False);
    }
}
