using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Runtime;

/// <summary>Execution semantics per element type, on a real engine (SQLite and PostgreSQL) and a fake clock.</summary>
[Parallelizable(ParallelScope.Self)]
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class ExecutionTests(DatabaseProvider provider)
{
    private EngineHarness harness = null!;

    [SetUp]
    public async Task SetUp() => harness = await EngineHarness.CreateAsync(provider: provider);

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    public async Task UserTaskCarriesEvaluatedAssignmentAttributes()
    {
        await harness.DeployAsync(SingleTask("assign",
            "camunda:assignee=\"${starter}\" camunda:candidateGroups=\"${'unit:' + unit},role:center\" " +
            "camunda:dueDate=\"${addDuration(now(), 'PT30M')}\" camunda:followUpDate=\"P1D\" camunda:priority=\"${level * 10}\" camunda:formRef=\"form-${unit}\""));
        var instance = await harness.StartAsync("assign", new { starter = "zhang", unit = "jsj", level = 3 });
        var task = await harness.SingleOpenTaskAsync(instance.Id);

        Assert.Multiple(() =>
        {
            Assert.That(task.Assignee, Is.EqualTo("zhang"));
            Assert.That(task.CandidateGroups, Is.EqualTo(new[] { "unit:jsj", "role:center" }));
            Assert.That(task.DueAt, Is.EqualTo(EngineHarness.Start.AddMinutes(30)));
            Assert.That(task.FollowUpAt, Is.EqualTo(EngineHarness.Start.AddDays(1)));
            Assert.That(task.Priority, Is.EqualTo(30));
            Assert.That(task.FormRef, Is.EqualTo("form-jsj"));
            Assert.That(instance.ActiveElementIds, Is.EqualTo(new[] { "work" }));
        });

        var done = await harness.CompleteAsync(task, new { result = "ok" }, actor: "zhang");
        Assert.That(done.Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(done.Variables["result"]!.GetValue<string>(), Is.EqualTo("ok"));
        var completed = await harness.Engine.GetTaskAsync(task.Id);
        Assert.That(completed!.CompletedBy, Is.EqualTo("zhang"));
    }

    [TestCase(5, "high")]
    [TestCase(2, "low")]
    [TestCase(-1, "other")]
    public async Task ExclusiveGatewayTakesTheFirstTrueConditionElseTheDefault(int level, string expected)
    {
        await harness.DeployAsync(Process("xor", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="gw" default="f_other" />
            {{UserTask("high")}}{{UserTask("low")}}{{UserTask("other")}}
            {{Flow("f0", "start", "gw")}}
            {{Flow("f_high", "gw", "high", "${level >= 3}")}}
            {{Flow("f_low", "gw", "low", "${level >= 0}")}}
            {{Flow("f_other", "gw", "other")}}
            """));
        var instance = await harness.StartAsync("xor", new { level });
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task ParallelJoinWaitsForBothBranches()
    {
        await harness.DeployAsync(Process("and", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:parallelGateway id="fork" />
            {{UserTask("a")}}{{UserTask("b")}}
            <bpmn:parallelGateway id="join" />
            {{UserTask("after")}}
            <bpmn:endEvent id="end" />
            {{Flow("f0", "start", "fork")}}
            {{Flow("fa", "fork", "a")}}{{Flow("fb", "fork", "b")}}
            {{Flow("fa2", "a", "join")}}{{Flow("fb2", "b", "join")}}
            {{Flow("f3", "join", "after")}}{{Flow("f4", "after", "end")}}
            """));
        var instance = await harness.StartAsync("and");
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "a", "b" }));

        var afterA = await harness.CompleteAsync(await harness.SingleOpenTaskAsync(instance.Id, "a"));
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "b" }), "the join must wait for b");
        Assert.That(afterA.ActiveElementIds, Is.EquivalentTo(new[] { "b", "join" }));

        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(instance.Id, "b"));
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "after" }));
        var final = await harness.CompleteAsync(await harness.SingleOpenTaskAsync(instance.Id, "after"));
        Assert.That(final.Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(final.ActiveElementIds, Is.Empty);
    }

    [Test]
    public async Task InclusiveGatewayForksToTrueConditionsAndJoinsOnlyThose()
    {
        await harness.DeployAsync(Process("or", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:inclusiveGateway id="fork" default="f_none" />
            {{UserTask("filing")}}{{UserTask("evaluation")}}{{UserTask("none")}}
            <bpmn:inclusiveGateway id="join" />
            {{UserTask("after")}}
            <bpmn:endEvent id="end" />
            {{Flow("f0", "start", "fork")}}
            {{Flow("f_filing", "fork", "filing", "${level >= 2}")}}
            {{Flow("f_eval", "fork", "evaluation", "${level >= 3}")}}
            {{Flow("f_none", "fork", "none")}}
            {{Flow("j1", "filing", "join")}}{{Flow("j2", "evaluation", "join")}}{{Flow("j3", "none", "join")}}
            {{Flow("f3", "join", "after")}}{{Flow("f4", "after", "end")}}
            """));

        var two = await harness.StartAsync("or", new { level = 2 });
        Assert.That(await harness.OpenTaskElementsAsync(two.Id), Is.EqualTo(new[] { "filing" }));
        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(two.Id, "filing"));
        Assert.That(await harness.OpenTaskElementsAsync(two.Id), Is.EqualTo(new[] { "after" }), "only one branch was taken, so the join fires at once");

        var three = await harness.StartAsync("or", new { level = 3 });
        Assert.That(await harness.OpenTaskElementsAsync(three.Id), Is.EqualTo(new[] { "evaluation", "filing" }));
        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(three.Id, "filing"));
        Assert.That(await harness.OpenTaskElementsAsync(three.Id), Is.EqualTo(new[] { "evaluation" }), "the join waits for the branch still running");
        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(three.Id, "evaluation"));
        Assert.That(await harness.OpenTaskElementsAsync(three.Id), Is.EqualTo(new[] { "after" }));

        var one = await harness.StartAsync("or", new { level = 1 });
        Assert.That(await harness.OpenTaskElementsAsync(one.Id), Is.EqualTo(new[] { "none" }));
    }

    [Test]
    public async Task InterruptingBoundaryTimerCancelsTheTaskAndTakesItsFlow()
    {
        await harness.DeployAsync(Process("escalate", $$"""
            <bpmn:startEvent id="start" />
            {{UserTask("report")}}
            <bpmn:boundaryEvent id="late" attachedToRef="report">{{Timer("timeDuration", "PT1H")}}</bpmn:boundaryEvent>
            {{UserTask("escalated")}}
            <bpmn:endEvent id="end" /><bpmn:endEvent id="end2" />
            {{Flow("f0", "start", "report")}}{{Flow("f1", "report", "end")}}
            {{Flow("f2", "late", "escalated")}}{{Flow("f3", "escalated", "end2")}}
            """));
        var instance = await harness.StartAsync("escalate");
        var report = await harness.SingleOpenTaskAsync(instance.Id);
        var timers = await harness.Engine.QueryTimersAsync(instance.Id);
        Assert.That(timers.Single().DueAt, Is.EqualTo(EngineHarness.Start.AddHours(1)));

        Assert.That(await harness.AdvanceAsync(TimeSpan.FromMinutes(59)), Is.Zero);
        Assert.That(await harness.AdvanceAsync(TimeSpan.FromMinutes(1)), Is.EqualTo(1));

        Assert.That((await harness.Engine.GetTaskAsync(report.Id))!.Status, Is.EqualTo(UserTaskStatus.Cancelled));
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "escalated" }));
        Assert.That(await harness.Engine.QueryTimersAsync(instance.Id), Is.Empty);
        Assert.That(async () => await harness.CompleteAsync(report), Throws.TypeOf<WorkflowConflictException>());
    }

    [Test]
    public async Task NonInterruptingCycleFiresThreeTimesAndTheTaskStaysOpen()
    {
        await harness.DeployAsync(Process("remind", $$"""
            <bpmn:startEvent id="start" />
            {{UserTask("report")}}
            <bpmn:boundaryEvent id="reminder" cancelActivity="false" attachedToRef="report">{{Timer("timeCycle", "R3/PT1H")}}</bpmn:boundaryEvent>
            <bpmn:serviceTask id="count" camunda:type="external" camunda:topic="variables.set">
              <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="reminders">${(typeof reminders === 'number' ? reminders : 0) + 1}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:endEvent id="end" /><bpmn:endEvent id="reminded" />
            {{Flow("f0", "start", "report")}}{{Flow("f1", "report", "end")}}
            {{Flow("f2", "reminder", "count")}}{{Flow("f3", "count", "reminded")}}
            """));
        var instance = await harness.StartAsync("remind");
        var firings = new List<DateTimeOffset>();
        for (var hour = 1; hour <= 5; hour++)
        {
            if (await harness.AdvanceAsync(TimeSpan.FromHours(1)) > 0)
            {
                firings.Add(harness.Clock.GetUtcNow());
            }
        }

        Assert.That(firings, Is.EqualTo(new[] { EngineHarness.Start.AddHours(1), EngineHarness.Start.AddHours(2), EngineHarness.Start.AddHours(3) }));
        var current = await harness.InstanceAsync(instance.Id);
        Assert.That(current.Variables["reminders"]!.GetValue<double>(), Is.EqualTo(3));
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "report" }));
        Assert.That(await harness.Engine.QueryTimersAsync(instance.Id), Is.Empty);
    }

    private async Task DeployRaceAsync()
    {
        await harness.DeployAsync(Process("race", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:eventBasedGateway id="gw" />
            <bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition messageRef="Msg_Reply" /></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="timeout">{{Timer("timeDuration", "PT2H")}}</bpmn:intermediateCatchEvent>
            {{UserTask("handleReply")}}{{UserTask("handleTimeout")}}
            <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
            {{Flow("f0", "start", "gw")}}{{Flow("f1", "gw", "reply")}}{{Flow("f2", "gw", "timeout")}}
            {{Flow("f3", "reply", "handleReply")}}{{Flow("f4", "timeout", "handleTimeout")}}
            {{Flow("f5", "handleReply", "e1")}}{{Flow("f6", "handleTimeout", "e2")}}
            """, Message("Msg_Reply", "reply-received")));
    }

    [Test]
    public async Task EventBasedGatewayMessageWins()
    {
        await DeployRaceAsync();
        var instance = await harness.StartAsync("race", businessKey: "case-1");
        Assert.That(instance.ActiveElementIds, Is.EqualTo(new[] { "gw" }));

        var reached = await harness.Engine.CorrelateMessageAsync("reply-received", "case-1", EngineHarness.Vars(new { answer = 42 }));
        Assert.That(reached, Is.EqualTo(new[] { instance.Id }));
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "handleReply" }));
        Assert.That(await harness.Engine.QueryTimersAsync(instance.Id), Is.Empty, "the losing timer is disarmed");
        Assert.That(await harness.AdvanceAsync(TimeSpan.FromHours(3)), Is.Zero);
        Assert.That((await harness.InstanceAsync(instance.Id)).Variables["answer"]!.GetValue<int>(), Is.EqualTo(42));
    }

    [Test]
    public async Task EventBasedGatewayTimerWins()
    {
        await DeployRaceAsync();
        var instance = await harness.StartAsync("race", businessKey: "case-2");
        Assert.That(await harness.AdvanceAsync(TimeSpan.FromHours(2)), Is.EqualTo(1));
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "handleTimeout" }));
        Assert.That(await harness.Engine.CorrelateMessageAsync("reply-received", "case-2", null), Is.Empty, "the losing subscription is gone");
    }

    [Test]
    public async Task TerminateEndKillsSiblingTokens()
    {
        await harness.DeployAsync(Process("term", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:parallelGateway id="fork" />
            {{UserTask("slow")}}{{UserTask("decisive")}}
            <bpmn:boundaryEvent id="slowTimer" attachedToRef="slow">{{Timer("timeDuration", "P1D")}}</bpmn:boundaryEvent>
            <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition /></bpmn:endEvent>
            <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
            {{Flow("f0", "start", "fork")}}{{Flow("f1", "fork", "slow")}}{{Flow("f2", "fork", "decisive")}}
            {{Flow("f3", "slow", "e1")}}{{Flow("f4", "decisive", "kill")}}{{Flow("f5", "slowTimer", "e2")}}
            """));
        var instance = await harness.StartAsync("term");
        var slow = await harness.SingleOpenTaskAsync(instance.Id, "slow");
        var result = await harness.CompleteAsync(await harness.SingleOpenTaskAsync(instance.Id, "decisive"));

        Assert.That(result.Status, Is.EqualTo(InstanceStatus.Terminated));
        Assert.That(result.ActiveElementIds, Is.Empty);
        Assert.That((await harness.Engine.GetTaskAsync(slow.Id))!.Status, Is.EqualTo(UserTaskStatus.Cancelled));
        Assert.That(await harness.Engine.QueryTimersAsync(instance.Id), Is.Empty);
    }

    [Test]
    public async Task SubProcessWithBoundaryTimerIsInterruptedAsAWhole()
    {
        await harness.DeployAsync(Process("sub", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:subProcess id="handling">
              <bpmn:startEvent id="subStart" />
              <bpmn:parallelGateway id="subFork" />
              {{UserTask("fix")}}{{UserTask("restore")}}
              <bpmn:parallelGateway id="subJoin" />
              <bpmn:endEvent id="subEnd" />
              {{Flow("s0", "subStart", "subFork")}}{{Flow("s1", "subFork", "fix")}}{{Flow("s2", "subFork", "restore")}}
              {{Flow("s3", "fix", "subJoin")}}{{Flow("s4", "restore", "subJoin")}}{{Flow("s5", "subJoin", "subEnd")}}
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="deadline" attachedToRef="handling">{{Timer("timeDuration", "PT2H")}}</bpmn:boundaryEvent>
            {{UserTask("review")}}{{UserTask("overdue")}}
            <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
            {{Flow("f0", "start", "handling")}}{{Flow("f1", "handling", "review")}}{{Flow("f2", "review", "e1")}}
            {{Flow("f3", "deadline", "overdue")}}{{Flow("f4", "overdue", "e2")}}
            """));

        var onTime = await harness.StartAsync("sub");
        Assert.That(await harness.OpenTaskElementsAsync(onTime.Id), Is.EqualTo(new[] { "fix", "restore" }));
        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(onTime.Id, "fix"));
        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(onTime.Id, "restore"));
        Assert.That(await harness.OpenTaskElementsAsync(onTime.Id), Is.EqualTo(new[] { "review" }));
        Assert.That(await harness.Engine.QueryTimersAsync(onTime.Id), Is.Empty, "leaving the sub-process disarms its boundary timer");

        var late = await harness.StartAsync("sub");
        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(late.Id, "fix"));
        Assert.That(await harness.AdvanceAsync(TimeSpan.FromHours(2)), Is.EqualTo(1));
        Assert.That(await harness.OpenTaskElementsAsync(late.Id), Is.EqualTo(new[] { "overdue" }));
        Assert.That((await harness.InstanceAsync(late.Id)).ActiveElementIds, Is.EqualTo(new[] { "overdue" }), "no token is left inside the sub-process");
    }

    [Test]
    public async Task IntermediateTimerWaitsForItsDuration()
    {
        await harness.DeployAsync(Process("wait", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="pause">{{Timer("timeDuration", "${waitFor}")}}</bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="end" />
            {{Flow("f0", "start", "pause")}}{{Flow("f1", "pause", "end")}}
            """));
        var instance = await harness.StartAsync("wait", new { waitFor = "P30D" });
        Assert.That((await harness.Engine.QueryTimersAsync(instance.Id)).Single().DueAt, Is.EqualTo(EngineHarness.Start.AddDays(30)));
        await harness.AdvanceAsync(TimeSpan.FromDays(29));
        Assert.That((await harness.InstanceAsync(instance.Id)).Status, Is.EqualTo(InstanceStatus.Active));
        await harness.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.That((await harness.InstanceAsync(instance.Id)).Status, Is.EqualTo(InstanceStatus.Completed));
    }

    [Test]
    public async Task BoundaryMessageInterruptsTheTask()
    {
        await harness.DeployAsync(Process("withdraw", $$"""
            <bpmn:startEvent id="start" />
            {{UserTask("review")}}
            <bpmn:boundaryEvent id="withdrawn" attachedToRef="review"><bpmn:messageEventDefinition messageRef="Msg_W" /></bpmn:boundaryEvent>
            <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
            {{Flow("f0", "start", "review")}}{{Flow("f1", "review", "e1")}}{{Flow("f2", "withdrawn", "e2")}}
            """, Message("Msg_W", "application-withdrawn")));
        var instance = await harness.StartAsync("withdraw", businessKey: "app-7");
        var other = await harness.StartAsync("withdraw", businessKey: "app-8");

        var reached = await harness.Engine.CorrelateMessageAsync("application-withdrawn", "app-7", null);
        Assert.That(reached, Is.EqualTo(new[] { instance.Id }));
        Assert.That((await harness.InstanceAsync(instance.Id)).Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That((await harness.InstanceAsync(other.Id)).Status, Is.EqualTo(InstanceStatus.Active), "another business key is untouched");
    }

    [Test]
    public async Task MessageStartEventStartsAnInstance()
    {
        await harness.DeployAsync(Process("by-message", $$"""
            <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="Msg_S" /></bpmn:startEvent>
            {{UserTask("handle")}}
            <bpmn:endEvent id="end" />
            {{Flow("f0", "start", "handle")}}{{Flow("f1", "handle", "end")}}
            """, Message("Msg_S", "incident-reported")));
        var started = await harness.Engine.CorrelateMessageAsync("incident-reported", "inc-1", EngineHarness.Vars(new { unit = "jsj" }));
        var instance = await harness.InstanceAsync(started.Single());
        Assert.Multiple(() =>
        {
            Assert.That(instance.BusinessKey, Is.EqualTo("inc-1"));
            Assert.That(instance.Variables["unit"]!.GetValue<string>(), Is.EqualTo("jsj"));
            Assert.That(instance.ActiveElementIds, Is.EqualTo(new[] { "handle" }));
        });
        Assert.That(await harness.Engine.CorrelateMessageAsync("nobody-listens", null, null), Is.Empty);
    }

    [Test]
    public async Task TimerStartEventStartsInstancesOnItsCycle()
    {
        await harness.DeployAsync(Process("daily", $$"""
            <bpmn:startEvent id="start">{{Timer("timeCycle", "R3/2026-03-03T00:00:00Z/P1D")}}</bpmn:startEvent>
            {{UserTask("scan")}}
            <bpmn:endEvent id="end" />
            {{Flow("f0", "start", "scan")}}{{Flow("f1", "scan", "end")}}
            """));
        var starts = new List<DateTimeOffset>();
        for (var day = 0; day < 6; day++)
        {
            await harness.AdvanceAsync(TimeSpan.FromDays(1));
        }

        var instances = await harness.Engine.QueryInstancesAsync(new InstanceQuery(DefinitionKey: "daily"));
        starts.AddRange(instances.Select(i => i.StartedAt).Order());
        Assert.That(starts, Has.Count.EqualTo(3));
        Assert.That(await harness.Engine.QueryTimersAsync(), Is.Empty, "the cycle is exhausted after three firings");
    }

    [Test]
    public async Task InputAndOutputMappingsShapeWhatTheTaskSeesAndReturns()
    {
        await harness.DeployAsync(Process("io", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="approve" camunda:assignee="${reviewer}">
              <bpmn:extensionElements><camunda:inputOutput>
                <camunda:inputParameter name="reviewer">${'head-of-' + unit}</camunda:inputParameter>
                <camunda:outputParameter name="approvedLevel">${decision === 'ok' ? proposedLevel : 0}</camunda:outputParameter>
                <camunda:outputParameter name="tags"><camunda:list><camunda:value>a</camunda:value><camunda:value>${unit}</camunda:value></camunda:list></camunda:outputParameter>
              </camunda:inputOutput></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:endEvent id="end" />
            {{Flow("f0", "start", "approve")}}{{Flow("f1", "approve", "end")}}
            """));
        var instance = await harness.StartAsync("io", new { unit = "jsj", proposedLevel = 3 });
        var task = await harness.SingleOpenTaskAsync(instance.Id);
        Assert.That(task.Assignee, Is.EqualTo("head-of-jsj"));
        var done = await harness.CompleteAsync(task, new { decision = "ok" });
        Assert.Multiple(() =>
        {
            Assert.That(done.Variables["approvedLevel"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(done.Variables["tags"]!.ToJsonString(), Is.EqualTo("[\"a\",\"jsj\"]"));
            Assert.That(done.Variables.ContainsKey("reviewer"), Is.False, "input parameters are local to the task");
        });
    }

    [Test]
    public async Task ExpressionThatLoopsForeverIsStoppedAndRaisesAnIncident()
    {
        await harness.DeployAsync(Process("loop", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="gw" default="f_b" />
            {{UserTask("a")}}{{UserTask("b")}}
            {{Flow("f0", "start", "gw")}}
            {{Flow("f_a", "gw", "a", "${(function(){ while(true){} })()}")}}
            {{Flow("f_b", "gw", "b")}}
            """));
        var instance = await harness.StartAsync("loop");
        Assert.Multiple(() =>
        {
            Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Incident));
            Assert.That(instance.Incidents.Single().ElementId, Is.EqualTo("gw"));
            Assert.That(instance.Incidents.Single().Message, Does.Contain("f_a").Or.Contain("limit").Or.Contain("timeout").IgnoreCase);
            Assert.That(instance.ActiveElementIds, Is.EqualTo(new[] { "gw" }));
        });
        Assert.That(await harness.HistoryTypesAsync(instance.Id), Does.Contain("incident.raised"));
    }

    [Test]
    public async Task IncidentIsRetryableOnceItsCauseIsFixed()
    {
        await harness.DeployAsync(Process("fixable", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="gw" default="f_low" />
            {{UserTask("high")}}{{UserTask("low")}}
            {{Flow("f0", "start", "gw")}}
            {{Flow("f_high", "gw", "high", "${system.level >= 3}")}}
            {{Flow("f_low", "gw", "low")}}
            """));
        var instance = await harness.StartAsync("fixable");
        var incident = instance.Incidents.Single();
        Assert.That(incident.Message, Does.Contain("system"));

        var stillBroken = await harness.Engine.RetryIncidentAsync(instance.Id, incident.Id);
        Assert.That(stillBroken.Status, Is.EqualTo(InstanceStatus.Incident), "retrying without a fix raises a new incident");
        var second = stillBroken.Incidents.Single(i => i.Status == "open");

        await harness.Engine.SetVariablesAsync(instance.Id, EngineHarness.Vars(new { system = new { level = 4 } })!);
        var fixedInstance = await harness.Engine.RetryIncidentAsync(instance.Id, second.Id);
        Assert.That(fixedInstance.Status, Is.EqualTo(InstanceStatus.Active));
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "high" }));
        Assert.That(async () => await harness.Engine.RetryIncidentAsync(instance.Id, second.Id), Throws.TypeOf<WorkflowConflictException>());
    }

    [Test]
    public async Task FailingActivityRaisesAnIncidentAndRetrySucceeds()
    {
        await harness.DeployAsync(Process("flaky", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:serviceTask id="call" camunda:type="external" camunda:topic="test.flaky" />
            <bpmn:endEvent id="end" />
            {{Flow("f0", "start", "call")}}{{Flow("f1", "call", "end")}}
            """));
        harness.Flaky.FailuresLeft = 1;
        var instance = await harness.StartAsync("flaky");
        Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Incident));
        Assert.That(instance.Incidents.Single().Message, Does.Contain("the remote system is unavailable"));

        var done = await harness.Engine.RetryIncidentAsync(instance.Id, instance.Incidents.Single().Id);
        Assert.That(done.Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(done.Variables["flakyDone"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task AnActivityThatSetsAVariableItDoesNotDeclareFailsTheTaskAndStoresNothing()
    {
        // Only declared outputs are known to be computed (and so kept out of every form); an undeclared one is a defect.
        await harness.DeployAsync(Process("leaky", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:serviceTask id="call" camunda:type="external" camunda:topic="test.flaky" />
            <bpmn:endEvent id="end" />
            {{Flow("f0", "start", "call")}}{{Flow("f1", "call", "end")}}
            """));
        harness.Flaky.AlsoSets = "approved";
        try
        {
            var instance = await harness.StartAsync("leaky");
            Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Incident));
            Assert.That(instance.Incidents.Single().Message, Does.Contain("approved").And.Contain("test.flaky"));
            Assert.That(instance.Variables.Select(v => v.Key), Does.Not.Contain("approved").And.Not.Contain("flakyDone"), "nothing the failed activity set is kept");

            harness.Flaky.AlsoSets = null;
            var done = await harness.Engine.RetryIncidentAsync(instance.Id, instance.Incidents.Single().Id);
            Assert.That(done.Status, Is.EqualTo(InstanceStatus.Completed));
            Assert.That(done.Variables.Select(v => v.Key), Does.Contain("flakyDone").And.Not.Contain("approved"));
        }
        finally
        {
            harness.Flaky.AlsoSets = null;
        }
    }

    [Test]
    public async Task CancellingEndsTasksAndTimers()
    {
        await harness.DeployAsync(SingleTask("cancel", "camunda:dueDate=\"P1D\""));
        var instance = await harness.StartAsync("cancel", businessKey: "k");
        var task = await harness.SingleOpenTaskAsync(instance.Id);
        var cancelled = await harness.Engine.CancelAsync(instance.Id, "admin");
        Assert.That(cancelled.Status, Is.EqualTo(InstanceStatus.Cancelled));
        Assert.That((await harness.Engine.GetTaskAsync(task.Id))!.Status, Is.EqualTo(UserTaskStatus.Cancelled));
        Assert.That(async () => await harness.Engine.CancelAsync(instance.Id), Throws.TypeOf<WorkflowConflictException>());
        var again = await harness.StartAsync("cancel", businessKey: "k");
        Assert.That(again.Id, Is.Not.EqualTo(instance.Id), "an ended instance frees its business key");
    }

    [Test]
    public async Task SecondStartWithARunningBusinessKeyIsAConflictNamingTheHolder()
    {
        await harness.DeployAsync(SingleTask("bk"));
        var first = await harness.StartAsync("bk", businessKey: "system:42:eval:2026-09");
        var ex = await Assert.ThrowsAsync<WorkflowConflictException>(() => harness.StartAsync("bk", businessKey: "system:42:eval:2026-09"));
        Assert.That(ex!.ExistingInstanceId, Is.EqualTo(first.Id));
        Assert.That(ex.Message, Does.Contain(first.Id.ToString()));
    }

    [Test]
    public async Task UnknownDefinitionKeyIsNotFound()
    {
        Assert.That(async () => await harness.StartAsync("nope"), Throws.TypeOf<WorkflowNotFoundException>());
        await harness.DeployAsync(SingleTask("v"));
        Assert.That(async () => await harness.Engine.StartAsync(new StartInstanceRequest("v", Version: 9)), Throws.TypeOf<WorkflowNotFoundException>());
    }
}
