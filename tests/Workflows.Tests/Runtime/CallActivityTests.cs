using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Parsing;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Runtime;

/// <summary>Call activities: a parent starts a child within its step, waits, and continues when the child ends.</summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class CallActivityTests(DatabaseProvider provider)
{
    private EngineHarness harness = null!;

    [SetUp]
    public async Task SetUp() => harness = await EngineHarness.CreateAsync(provider: provider);

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    /// <summary>start → user task <paramref name="taskId"/> → end.</summary>
    private static string Child(string key, string taskId = "childWork") => Process(key, $"""
        <bpmn:startEvent id="start" />
        {UserTask(taskId)}
        <bpmn:endEvent id="end" />
        {Flow("c1", "start", taskId)}
        {Flow("c2", taskId, "end")}
        """);

    /// <summary>start → call activity "call" → user task "after" → end, with the given call attributes and mappings.</summary>
    private static string Parent(string key, string callAttributes, string mappings = "", string boundary = "") => Process(key, $"""
        <bpmn:startEvent id="start" />
        <bpmn:callActivity id="call" name="调用" {callAttributes}>
          <bpmn:extensionElements>{mappings}</bpmn:extensionElements>
        </bpmn:callActivity>
        {boundary}
        {UserTask("after")}
        <bpmn:endEvent id="end" />
        {Flow("p1", "start", "call")}
        {Flow("p2", "call", "after")}
        {Flow("p3", "after", "end")}
        """);

    private async Task<InstanceView> OnlyChildAsync(Guid parentId)
    {
        var parent = await harness.InstanceAsync(parentId);
        Assert.That(parent.CalledInstances, Has.Count.EqualTo(1));
        return await harness.InstanceAsync(parent.CalledInstances[0].Id);
    }

    [Test]
    public async Task InMappingsAndBusinessKeyReachTheChildTheParentWaitsAndOutMappingsComeBackWhenItEnds()
    {
        await harness.DeployAsync(Child("child"));
        await harness.DeployAsync(Parent("parent", "calledElement=\"child\"", """
            <camunda:in source="applicant" target="requester" />
            <camunda:in sourceExpression="${level * 2}" target="doubled" />
            <camunda:in businessKey="${'BK-' + applicant}" />
            <camunda:out source="result" target="childResult" />
            <camunda:out sourceExpression="${result + '!'}" target="shout" />
            """));

        var parent = await harness.StartAsync("parent", new { applicant = "zhang", level = 3, secret = "x" });
        var child = await OnlyChildAsync(parent.Id);
        Assert.Multiple(() =>
        {
            Assert.That(parent.Status, Is.EqualTo(InstanceStatus.Active));
            Assert.That(parent.ActiveElementIds, Is.EqualTo(new[] { "call" }));
            Assert.That(child.DefinitionKey, Is.EqualTo("child"));
            Assert.That(child.BusinessKey, Is.EqualTo("BK-zhang"));
            Assert.That(child.Variables.Select(v => v.Key).Order(), Is.EqualTo(new[] { "doubled", "requester" }), "only what camunda:in maps reaches the child");
            Assert.That(child.Variables["requester"]!.GetValue<string>(), Is.EqualTo("zhang"));
            Assert.That(child.Variables["doubled"]!.GetValue<int>(), Is.EqualTo(6));
            Assert.That(child.ParentInstanceId, Is.EqualTo(parent.Id));
            Assert.That(child.ParentElementId, Is.EqualTo("call"));
        });

        var task = await harness.SingleOpenTaskAsync(child.Id);
        var childDone = await harness.CompleteAsync(task, new { result = "ok", extra = 1 });
        Assert.That(childDone.Status, Is.EqualTo(InstanceStatus.Completed));

        var after = await harness.InstanceAsync(parent.Id);
        Assert.Multiple(() =>
        {
            Assert.That(after.ActiveElementIds, Is.EqualTo(new[] { "after" }), "the parent continued in the step that ended the child");
            Assert.That(after.Variables["childResult"]!.GetValue<string>(), Is.EqualTo("ok"));
            Assert.That(after.Variables["shout"]!.GetValue<string>(), Is.EqualTo("ok!"));
            Assert.That(after.Variables.ContainsKey("extra"), Is.False, "only what camunda:out maps comes back");
            Assert.That(after.CalledInstances[0].Status, Is.EqualTo(InstanceStatus.Completed));
        });
    }

    [Test]
    public async Task VariablesAllCopiesEveryVariableInBothDirections()
    {
        await harness.DeployAsync(Child("child"));
        await harness.DeployAsync(Parent("parent", "calledElement=\"child\"", """<camunda:in variables="all" /><camunda:out variables="all" />"""));
        var parent = await harness.StartAsync("parent", new { a = 1, b = "two" });
        var child = await OnlyChildAsync(parent.Id);
        Assert.That(child.Variables.Select(v => v.Key).Order(), Is.EqualTo(new[] { "a", "b" }));

        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(child.Id), new { c = true });
        var after = await harness.InstanceAsync(parent.Id);
        Assert.That(after.Variables.Select(v => v.Key).Order(), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public async Task LatestBindingStartsTheNewestVersionAndVersionBindingTheNamedOne()
    {
        await harness.DeployAsync(Child("child", "v1task"));
        await harness.DeployAsync(Child("child", "v2task"));
        await harness.DeployAsync(Parent("latest", "calledElement=\"child\" camunda:calledElementBinding=\"latest\""));
        await harness.DeployAsync(Parent("pinned", "calledElement=\"child\" camunda:calledElementBinding=\"version\" camunda:calledElementVersion=\"1\""));

        var latest = await OnlyChildAsync((await harness.StartAsync("latest")).Id);
        var pinned = await OnlyChildAsync((await harness.StartAsync("pinned")).Id);
        Assert.Multiple(async () =>
        {
            Assert.That(latest.Version, Is.EqualTo(2));
            Assert.That(await harness.OpenTaskElementsAsync(latest.Id), Is.EqualTo(new[] { "v2task" }));
            Assert.That(pinned.Version, Is.EqualTo(1));
            Assert.That(await harness.OpenTaskElementsAsync(pinned.Id), Is.EqualTo(new[] { "v1task" }));
        });
    }

    [Test]
    public async Task AChildThatEndsAtOnceContinuesTheParentInTheStepThatStartedIt()
    {
        await harness.DeployAsync(Process("instant", """
            <bpmn:startEvent id="start" /><bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="i1" sourceRef="start" targetRef="end" />
            """));
        await harness.DeployAsync(Parent("parent", "calledElement=\"instant\"", """<camunda:out sourceExpression="${'done'}" target="outcome" />"""));

        var parent = await harness.StartAsync("parent");
        Assert.Multiple(async () =>
        {
            Assert.That(parent.ActiveElementIds, Is.EqualTo(new[] { "after" }), "the result of the start step already shows the parent past the call");
            Assert.That(parent.Variables["outcome"]!.GetValue<string>(), Is.EqualTo("done"));
            Assert.That(await harness.HistoryTypesAsync(parent.Id, "call"), Is.EqualTo(new[] { "element.entered", "call.started", "call.completed", "element.left" }));
        });
    }

    [Test]
    public async Task AFailingInMappingIsAnIncidentOnTheCallAndStartsNoChildUntilRetried()
    {
        await harness.DeployAsync(Child("child"));
        await harness.DeployAsync(Parent("parent", "calledElement=\"child\"", """<camunda:in sourceExpression="${missing.name}" target="name" />"""));

        var parent = await harness.StartAsync("parent");
        Assert.Multiple(async () =>
        {
            Assert.That(parent.Status, Is.EqualTo(InstanceStatus.Incident));
            Assert.That(parent.Incidents.Single().ElementId, Is.EqualTo("call"));
            Assert.That(await harness.WithDbAsync(db => db.Instances.CountAsync()), Is.EqualTo(1), "nothing of the child was written");
        });

        await harness.Engine.SetVariablesAsync(parent.Id, new System.Text.Json.Nodes.JsonObject { ["missing"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "li" } });
        var retried = await harness.Engine.RetryIncidentAsync(parent.Id, parent.Incidents[0].Id);
        Assert.That(retried.Status, Is.EqualTo(InstanceStatus.Active));
        var child = await OnlyChildAsync(parent.Id);
        Assert.That(child.Variables["name"]!.GetValue<string>(), Is.EqualTo("li"));
    }

    [Test]
    public async Task TheChildsIncidentShowsOnTheParentsCallAndResolvingItInTheChildResolvesIt()
    {
        await harness.DeployAsync(Process("child", """
            <bpmn:startEvent id="start" />
            <bpmn:serviceTask id="remote" camunda:type="external" camunda:topic="test.flaky" />
            <bpmn:userTask id="childWork" />
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="c1" sourceRef="start" targetRef="remote" />
            <bpmn:sequenceFlow id="c2" sourceRef="remote" targetRef="childWork" />
            <bpmn:sequenceFlow id="c3" sourceRef="childWork" targetRef="end" />
            """));
        await harness.DeployAsync(Parent("parent", "calledElement=\"child\""));
        harness.Flaky.FailuresLeft = 1;

        var parent = await harness.StartAsync("parent");
        var child = await OnlyChildAsync(parent.Id);
        Assert.That(child.Status, Is.EqualTo(InstanceStatus.Incident));
        Assert.That(parent.Status, Is.EqualTo(InstanceStatus.Incident), "the child's incident shows on the parent within the same step");
        var shown = parent.Incidents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(shown.ElementId, Is.EqualTo("call"));
            Assert.That(shown.CalledInstanceId, Is.EqualTo(child.Id));
            Assert.That(shown.Message, Does.Contain(child.Id.ToString()));
        });

        await Assert.ThrowsAsync<WorkflowConflictException>(() => harness.Engine.RetryIncidentAsync(parent.Id, shown.Id), "the parent's incident is retried on the child");

        var recovered = await harness.Engine.RetryIncidentAsync(child.Id, child.Incidents.Single().Id);
        Assert.That(recovered.Status, Is.EqualTo(InstanceStatus.Active));
        var after = await harness.InstanceAsync(parent.Id);
        Assert.Multiple(() =>
        {
            Assert.That(after.Status, Is.EqualTo(InstanceStatus.Active));
            Assert.That(after.Incidents.Single().Status, Is.EqualTo("resolved"));
            Assert.That(after.ActiveElementIds, Is.EqualTo(new[] { "call" }), "the parent still waits for the child");
        });
    }

    [Test]
    public async Task CancellingTheParentCancelsTheChildAndItsChildAndTheChildCannotBeCancelledAlone()
    {
        await harness.DeployAsync(Child("grandchild"));
        await harness.DeployAsync(Parent("child", "calledElement=\"grandchild\""));
        await harness.DeployAsync(Parent("parent", "calledElement=\"child\""));

        var parent = await harness.StartAsync("parent");
        var child = await OnlyChildAsync(parent.Id);
        var grandchild = await OnlyChildAsync(child.Id);
        var conflict = await Assert.ThrowsAsync<WorkflowConflictException>(() => harness.Engine.CancelAsync(child.Id));
        Assert.That(conflict!.Message, Does.Contain(parent.Id.ToString()));

        var cancelled = await harness.Engine.CancelAsync(parent.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(cancelled.Status, Is.EqualTo(InstanceStatus.Cancelled));
            Assert.That((await harness.InstanceAsync(child.Id)).Status, Is.EqualTo(InstanceStatus.Cancelled));
            Assert.That((await harness.InstanceAsync(grandchild.Id)).Status, Is.EqualTo(InstanceStatus.Cancelled));
            Assert.That(await harness.OpenTaskElementsAsync(grandchild.Id), Is.Empty);
            Assert.That((await harness.InstanceAsync(parent.Id)).Status, Is.EqualTo(InstanceStatus.Cancelled), "the child's cancellation did not move the parent on");
        });
    }

    [Test]
    public async Task AnInterruptingBoundaryTimerOnTheCallCancelsTheChild()
    {
        await harness.DeployAsync(Child("child"));
        await harness.DeployAsync(Process("parent", $"""
            <bpmn:startEvent id="start" />
            <bpmn:callActivity id="call" calledElement="child" />
            <bpmn:boundaryEvent id="late" attachedToRef="call">{Timer("timeDuration", "PT1H")}</bpmn:boundaryEvent>
            {UserTask("after")}{UserTask("chase")}
            <bpmn:endEvent id="end" /><bpmn:endEvent id="end2" />
            {Flow("p1", "start", "call")}{Flow("p2", "call", "after")}{Flow("p3", "after", "end")}
            {Flow("p4", "late", "chase")}{Flow("p5", "chase", "end2")}
            """));

        var parent = await harness.StartAsync("parent");
        var child = await OnlyChildAsync(parent.Id);
        Assert.That(await harness.AdvanceAsync(TimeSpan.FromHours(1)), Is.EqualTo(1));
        Assert.Multiple(async () =>
        {
            Assert.That(await harness.OpenTaskElementsAsync(parent.Id), Is.EqualTo(new[] { "chase" }));
            Assert.That((await harness.InstanceAsync(child.Id)).Status, Is.EqualTo(InstanceStatus.Cancelled));
        });
    }

    [Test]
    public async Task HistoryLinksParentAndChildBothWays()
    {
        await harness.DeployAsync(Child("child"));
        await harness.DeployAsync(Parent("parent", "calledElement=\"child\""));
        var parent = await harness.StartAsync("parent");
        var child = await OnlyChildAsync(parent.Id);
        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(child.Id));

        var parentHistory = (await harness.Engine.GetHistoryAsync(parent.Id))!;
        var childHistory = (await harness.Engine.GetHistoryAsync(child.Id))!;
        var started = parentHistory.Single(h => h.Type == "call.started");
        var completed = parentHistory.Single(h => h.Type == "call.completed");
        var childStart = childHistory.Single(h => h.Type == "instance.started");
        Assert.Multiple(async () =>
        {
            Assert.That(started.Data!["calledInstanceId"]!.GetValue<string>(), Is.EqualTo(child.Id.ToString()));
            Assert.That(started.Data!["definitionKey"]!.GetValue<string>(), Is.EqualTo("child"));
            Assert.That(completed.Data!["calledInstanceId"]!.GetValue<string>(), Is.EqualTo(child.Id.ToString()));
            Assert.That(childStart.Data!["parentInstanceId"]!.GetValue<string>(), Is.EqualTo(parent.Id.ToString()));
            Assert.That(childStart.Data!["parentElementId"]!.GetValue<string>(), Is.EqualTo("call"));
            Assert.That((await harness.Engine.VerifyHistoryAsync(parent.Id))!.Intact, Is.True);
            Assert.That((await harness.Engine.VerifyHistoryAsync(child.Id))!.Intact, Is.True);
        });
    }

    [Test]
    public async Task AFailingOutMappingIsAnIncidentOnTheCallThatARetryMapsAgain()
    {
        await harness.DeployAsync(Child("child"));
        await harness.DeployAsync(Parent("parent", "calledElement=\"child\"", """<camunda:out sourceExpression="${answer.value}" target="value" />"""));
        var parent = await harness.StartAsync("parent");
        var child = await OnlyChildAsync(parent.Id);

        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(child.Id), new { other = 1 });
        var failed = await harness.InstanceAsync(parent.Id);
        Assert.That(failed.Status, Is.EqualTo(InstanceStatus.Incident));
        Assert.That(failed.Incidents.Single().ElementId, Is.EqualTo("call"));

        // The retry evaluates the mappings again from the ended child's variables: still failing, a new incident.
        var again = await harness.Engine.RetryIncidentAsync(parent.Id, failed.Incidents[0].Id);
        Assert.Multiple(async () =>
        {
            Assert.That(again.Status, Is.EqualTo(InstanceStatus.Incident));
            Assert.That(again.Incidents.Single().Id, Is.Not.EqualTo(failed.Incidents[0].Id));
            Assert.That(again.ActiveElementIds, Is.EqualTo(new[] { "call" }));
            Assert.That(await harness.HistoryTypesAsync(parent.Id, "call"), Has.Exactly(2).EqualTo("call.completed"));
        });
    }

    [Test]
    public async Task DeployingACallToAnUndeployedKeyOrVersionIsRefusedNamingTheElementAndLine()
    {
        var parentXml = Parent("parent", "calledElement=\"nowhere\"");
        var missing = await Assert.ThrowsAsync<BpmnValidationException>(() => harness.DeployAsync(parentXml));
        Assert.That(missing!.Errors.Single().ElementId, Is.EqualTo("call"));
        Assert.That(missing.Errors.Single().Line, Is.EqualTo(LineOf(parentXml, "<bpmn:callActivity")));
        Assert.That(missing.Errors.Single().Message, Does.Contain("nowhere"));

        await harness.DeployAsync(Child("child"));
        var pinned = Parent("pinned", "calledElement=\"child\" camunda:calledElementBinding=\"version\" camunda:calledElementVersion=\"2\"");
        var noVersion = await Assert.ThrowsAsync<BpmnValidationException>(() => harness.DeployAsync(pinned));
        Assert.That(noVersion!.Errors.Single().Message, Does.Contain("version 2"));
        Assert.That(await harness.Engine.ListVersionsAsync("pinned"), Is.Empty);

        await harness.DeployAsync(Child("child", "second"));
        Assert.That((await harness.DeployAsync(pinned)).Version, Is.EqualTo(1));
    }

    [Test]
    public async Task AFolderIsDeployedCalledDefinitionsFirst()
    {
        var folder = Path.Combine(Path.GetTempPath(), "zzut-call-folder-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "a-parent.bpmn"), Parent("parent", "calledElement=\"zz-child\""));
            await File.WriteAllTextAsync(Path.Combine(folder, "b-child.bpmn"), Child("zz-child"));
            var deployed = await harness.Services.GetRequiredService<IDefinitionFolderDeployer>().DeployFolderAsync(folder);
            Assert.That(deployed.Select(d => d.Key), Is.EqualTo(new[] { "zz-child", "parent" }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
