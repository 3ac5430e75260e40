using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Messaging;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Runtime;

/// <summary>
/// What an activity inside a step may leave behind: nothing of its own when it fails (the step commits only its incident),
/// and no step commits a change of an open task's candidates.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class FailedActivityTests
{
    private EngineHarness harness = null!;
    private readonly MailThenFail activity = new();

    [SetUp]
    public async Task SetUp()
    {
        harness = await EngineHarness.CreateAsync(services => services.AddSingleton<IActivity>(activity).AddSingleton<IActivity, Regroup>());
        await harness.DeployAsync(Process("notify", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:serviceTask id="notify" camunda:topic="test.mail-then-fail" />
            <bpmn:endEvent id="end" />
            {{Flow("f0", "start", "notify")}}{{Flow("f1", "notify", "end")}}
            """));
    }

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    public async Task AnEmailAnActivityWroteBeforeFailingIsNotSentAndTheRetrySendsItOnce()
    {
        activity.Fail = true;
        var instance = await harness.StartAsync("notify");
        Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Incident));
        Assert.That(await OutboxCountAsync(instance.Id), Is.Zero, "the failed attempt's e-mail went with it");

        activity.Fail = false;
        var retried = await harness.Engine.RetryIncidentAsync(instance.Id, instance.Incidents.Single().Id);
        Assert.That(retried.Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(await OutboxCountAsync(instance.Id), Is.EqualTo(1), "the attempt that succeeded sends it, once");
    }

    [Test]
    public async Task CompletingATaskWhoseNextActivityFailsGivesAnIncidentAndKeepsTheCompletion()
    {
        // The completed task was modified before the activity ran: undoing the activity must not flag its other columns
        // (its candidates) as changed, which the step would refuse to write.
        await harness.DeployAsync(Process("review-then-notify", $$"""
            <bpmn:startEvent id="start" />
            {{UserTask("review", "camunda:candidateGroups=\"role:center\"")}}
            <bpmn:serviceTask id="notify" camunda:topic="test.mail-then-fail" />
            <bpmn:endEvent id="end" />
            {{Flow("f0", "start", "review")}}{{Flow("f1", "review", "notify")}}{{Flow("f2", "notify", "end")}}
            """));
        var instance = await harness.StartAsync("review-then-notify");
        activity.Fail = true;

        var afterCompletion = await harness.CompleteAsync(await harness.SingleOpenTaskAsync(instance.Id), actor: "zhongxin");

        Assert.That(afterCompletion.Status, Is.EqualTo(InstanceStatus.Incident));
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.Empty, "the completion is kept");
        Assert.That(await OutboxCountAsync(instance.Id), Is.Zero);
        var center = new TaskAudience("zhongxin", ["role:center"]);
        Assert.That(await harness.Engine.QueryTasksAsync(new TaskQuery(InstanceId: instance.Id, Status: UserTaskStatus.Open) { VisibleTo = center }), Is.Empty, "gone from the inbox");

        activity.Fail = false;
        var retried = await harness.Engine.RetryIncidentAsync(instance.Id, afterCompletion.Incidents.Single().Id);
        Assert.That(retried.Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(await OutboxCountAsync(instance.Id), Is.EqualTo(1));
    }

    [Test]
    public async Task AStepThatChangesAnOpenTasksCandidatesIsRefusedAndWritesNothing()
    {
        // task_candidates follows a task's candidates as the step that created it wrote them (ADR 0021): a later step
        // that changed them would leave the inboxes wrong, so it does not commit.
        await harness.DeployAsync(Process("regroup", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:parallelGateway id="fork" />
            {{UserTask("kept", "camunda:candidateGroups=\"role:center\"")}}
            {{UserTask("trigger", "camunda:candidateGroups=\"role:center\"")}}
            <bpmn:serviceTask id="regroup" camunda:topic="test.regroup" />
            <bpmn:endEvent id="end1" />
            <bpmn:endEvent id="end2" />
            {{Flow("f0", "start", "fork")}}{{Flow("f1", "fork", "kept")}}{{Flow("f2", "fork", "trigger")}}
            {{Flow("f3", "trigger", "regroup")}}{{Flow("f4", "regroup", "end1")}}{{Flow("f5", "kept", "end2")}}
            """));
        var instance = await harness.StartAsync("regroup");
        var trigger = await harness.SingleOpenTaskAsync(instance.Id, "trigger");

        Assert.That(async () => await harness.CompleteAsync(trigger), Throws.InstanceOf<InvalidOperationException>().With.Message.Contains("candidates"));

        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EquivalentTo(new[] { "kept", "trigger" }), "the step did not commit");
        var center = new TaskAudience("zhongxin", ["role:center"]);
        var inbox = await harness.Engine.QueryTasksAsync(new TaskQuery(InstanceId: instance.Id, Status: UserTaskStatus.Open) { VisibleTo = center });
        Assert.That(inbox.Select(t => t.ElementId), Is.EquivalentTo(new[] { "kept", "trigger" }), "both still in the center's inbox");
        Assert.That((await harness.SingleOpenTaskAsync(instance.Id, "kept")).CandidateGroups, Is.EqualTo(new[] { "role:center" }));
    }

    private async Task<int> OutboxCountAsync(Guid instanceId)
    {
        await using var scope = harness.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOutbox>().CountAsync(new OutboxQuery(InstanceId: instanceId));
    }

    /// <summary>Moves every other open task of its instance to another group, in the step's own context.</summary>
    private sealed class Regroup : IActivity
    {
        public string Topic => "test.regroup";

        public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
        {
            var db = context.Services.GetRequiredService<WorkflowDbContext>();
            foreach (var task in db.ChangeTracker.Entries<UserTaskRecord>().Select(e => e.Entity).Where(t => t.Status == UserTaskStatus.Open))
            {
                task.CandidateGroups = ",role:office,";
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Writes a notice to the step's outbox, then (while <see cref="Fail"/>) fails, as a half-done activity would.</summary>
    private sealed class MailThenFail : IActivity
    {
        public bool Fail { get; set; }

        public string Topic => "test.mail-then-fail";

        public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
        {
            context.Services.GetRequiredService<IOutbox>().Add(
                new OutgoingMessage(["anquan@jsj.zzut.edu.cn"], [], "通知", "<p>通知</p>", "通知", context.InstanceId), context.Now);
            return Fail ? throw new InvalidOperationException("the directory could not be reached") : Task.CompletedTask;
        }
    }
}
