using Zzut.Workflows.Parsing;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Runtime.Behaviours;
using Zzut.Workflows.Tests.Support;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Runtime;

/// <summary>
/// The behaviour registry, and focused tests for the element behaviours that <see cref="ExecutionTests"/> does not
/// already cover (send task, a failing exclusive condition, message catch event, non-interrupting message, a sub-process's end).
/// </summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class BehaviourTests(DatabaseProvider provider)
{
    private EngineHarness harness = null!;

    [SetUp]
    public async Task SetUp() => harness = await EngineHarness.CreateAsync(provider: provider);

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    public void EveryElementTypeTheParserReadsHasItsOwnBehaviour()
    {
        var read = BpmnReader.Read(Process("all", $"""
            <bpmn:startEvent id="start" />
            <bpmn:parallelGateway id="fork" />
            {UserTask("task")}
            <bpmn:boundaryEvent id="boundary" attachedToRef="task">{Timer("timeDuration", "PT1H")}</bpmn:boundaryEvent>
            <bpmn:serviceTask id="service" camunda:type="external" camunda:topic="t" />
            <bpmn:sendTask id="send" camunda:type="external" camunda:topic="t" />
            <bpmn:exclusiveGateway id="xor" />
            <bpmn:inclusiveGateway id="or" />
            <bpmn:eventBasedGateway id="events" />
            <bpmn:intermediateCatchEvent id="wait">{Timer("timeDuration", "PT1H")}</bpmn:intermediateCatchEvent>
            <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" /></bpmn:subProcess>
            <bpmn:callActivity id="call" calledElement="other" />
            <bpmn:endEvent id="end" />
            """));
        Assert.That(read.Errors, Is.Empty);
        var kinds = read.Model!.Nodes.Select(n => n.Kind).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.That(kinds, Has.Count.EqualTo(13));
        Assert.Multiple(() =>
        {
            foreach (var node in read.Model.Nodes)
            {
                Assert.That(BehaviourRegistry.Default.For(node).Kinds, Does.Contain(node.Kind), node.Id);
            }

            Assert.That(BehaviourRegistry.Default.Kinds.Order(StringComparer.Ordinal), Is.EqualTo(kinds));
            Assert.That(BehaviourRegistry.Default.For(read.Model.GetNode("call")), Is.TypeOf<CallActivityBehaviour>());
            Assert.That(BehaviourRegistry.Default.For(read.Model.GetNode("xor")), Is.TypeOf<ExclusiveGatewayBehaviour>());
        });
    }

    [Test]
    public void TwoBehavioursForOneElementTypeAreRefused() =>
        Assert.Throws<InvalidOperationException>(() => _ = new BehaviourRegistry([new UserTaskBehaviour(), new UserTaskBehaviour()]));

    [Test]
    public async Task SendTaskRunsItsActivityWithinTheStepAndLeaves()
    {
        await harness.DeployAsync(Process("send", """
            <bpmn:startEvent id="start" />
            <bpmn:sendTask id="notify" camunda:type="external" camunda:topic="test.flaky" />
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="notify" />
            <bpmn:sequenceFlow id="f2" sourceRef="notify" targetRef="end" />
            """));
        var instance = await harness.StartAsync("send");
        Assert.Multiple(async () =>
        {
            Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Completed));
            Assert.That(instance.Variables["flakyDone"]!.GetValue<bool>(), Is.True);
            Assert.That(harness.Flaky.Calls, Is.EqualTo(1));
            Assert.That(await harness.HistoryTypesAsync(instance.Id, "notify"), Is.EqualTo(new[] { "element.entered", "element.left" }));
        });
    }

    [Test]
    public async Task ExclusiveGatewayWhoseConditionFailsRaisesAnIncidentOnTheGatewayAndTheRetryChoosesAgain()
    {
        await harness.DeployAsync(Process("stuck", $"""
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="gw" default="fb" />
            {UserTask("a")}{UserTask("b")}
            {Flow("f0", "start", "gw")}
            {Flow("fa", "gw", "a", "${system.level >= 2}")}
            {Flow("fb", "gw", "b")}
            """));
        var instance = await harness.StartAsync("stuck");
        Assert.Multiple(() =>
        {
            Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Incident));
            Assert.That(instance.Incidents.Single().ElementId, Is.EqualTo("gw"));
            Assert.That(instance.ActiveElementIds, Is.EqualTo(new[] { "gw" }));
        });

        await harness.Engine.SetVariablesAsync(instance.Id, new System.Text.Json.Nodes.JsonObject { ["system"] = new System.Text.Json.Nodes.JsonObject { ["level"] = 3 } });
        await harness.Engine.RetryIncidentAsync(instance.Id, instance.Incidents[0].Id);
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task IntermediateMessageCatchEventWaitsForItsMessageThenLeaves()
    {
        await harness.DeployAsync(Process("wait", $"""
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition messageRef="Msg_Reply" /></bpmn:intermediateCatchEvent>
            {UserTask("after")}
            {Flow("f1", "start", "reply")}{Flow("f2", "reply", "after")}
            """, Message("Msg_Reply", "reply")));
        var instance = await harness.StartAsync("wait", businessKey: "case-1");
        Assert.That(instance.ActiveElementIds, Is.EqualTo(new[] { "reply" }));

        Assert.That(await harness.Engine.CorrelateMessageAsync("reply", "case-2", null), Is.Empty, "another case's message does not reach it");
        var reached = await harness.Engine.CorrelateMessageAsync("reply", "case-1", new System.Text.Json.Nodes.JsonObject { ["answer"] = "yes" });
        Assert.That(reached, Is.EqualTo(new[] { instance.Id }));
        var after = await harness.InstanceAsync(instance.Id);
        Assert.Multiple(() =>
        {
            Assert.That(after.ActiveElementIds, Is.EqualTo(new[] { "after" }));
            Assert.That(after.Variables["answer"]!.GetValue<string>(), Is.EqualTo("yes"));
        });
    }

    [Test]
    public async Task NonInterruptingBoundaryMessageLeavesTheTaskOpenAndStartsABranch()
    {
        await harness.DeployAsync(Process("nudge", $"""
            <bpmn:startEvent id="start" />
            {UserTask("work")}
            <bpmn:boundaryEvent id="nudged" attachedToRef="work" cancelActivity="false"><bpmn:messageEventDefinition messageRef="Msg_Nudge" /></bpmn:boundaryEvent>
            {UserTask("remind")}
            <bpmn:endEvent id="end" />
            {Flow("f1", "start", "work")}{Flow("f2", "work", "end")}{Flow("f3", "nudged", "remind")}
            """, Message("Msg_Nudge", "nudge")));
        var instance = await harness.StartAsync("nudge");
        await harness.Engine.CorrelateMessageAsync("nudge", null, null);
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "remind", "work" }));
    }

    [Test]
    public async Task EndEventInsideASubProcessCompletesTheScopeAndTheParentTokenLeaves()
    {
        await harness.DeployAsync(Process("scope", $"""
            <bpmn:startEvent id="start" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart" /><bpmn:endEvent id="subEnd" />
              {Flow("s1", "subStart", "subEnd")}
            </bpmn:subProcess>
            {UserTask("after")}
            {Flow("f1", "start", "sub")}{Flow("f2", "sub", "after")}
            """));
        var instance = await harness.StartAsync("scope");
        Assert.Multiple(async () =>
        {
            Assert.That(instance.ActiveElementIds, Is.EqualTo(new[] { "after" }));
            Assert.That(await harness.HistoryTypesAsync(instance.Id, "sub"), Is.EqualTo(new[] { "element.entered", "element.left" }));
            Assert.That(await harness.WithDbAsync(db => Task.FromResult(db.Set<TokenRecord>().Count())), Is.EqualTo(1), "the sub-process's tokens are gone");
        });
    }
}
