using Zzut.Workflows.Model;
using Zzut.Workflows.Parsing;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Parsing;

/// <summary>What the reader makes of each element type and its Camunda attributes.</summary>
public sealed class BpmnReaderTests
{
    private static ProcessModel Read(string xml)
    {
        var result = BpmnReader.Read(xml);
        Assert.That(result.Errors, Is.Empty, string.Join(" | ", result.Errors));
        return result.Model!;
    }

    [Test]
    public void EveryElementTypeIsReadWithItsAttributes()
    {
        var model = Read(Process("all", $$"""
            <bpmn:startEvent id="start" name="开始" />
            <bpmn:userTask id="task" name="审核" camunda:assignee="${a}" camunda:candidateGroups="unit:jsj, role:center" camunda:candidateUsers="u1"
                camunda:dueDate="P1D" camunda:followUpDate="PT12H" camunda:priority="70" camunda:formKey="camunda-forms:deployment:review.form">
              <bpmn:extensionElements>
                <camunda:properties><camunda:property name="notify" value="false" /></camunda:properties>
                <camunda:inputOutput>
                  <camunda:inputParameter name="x">1</camunda:inputParameter>
                  <camunda:outputParameter name="m"><camunda:map><camunda:entry key="k">${x}</camunda:entry></camunda:map></camunda:outputParameter>
                </camunda:inputOutput>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:boundaryEvent id="remind" attachedToRef="task" cancelActivity="false">{{Timer("timeCycle", "R3/PT1H")}}</bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="cancelled" attachedToRef="task"><bpmn:messageEventDefinition messageRef="M" /></bpmn:boundaryEvent>
            <bpmn:serviceTask id="svc" camunda:type="external" camunda:topic="log" />
            <bpmn:sendTask id="send" camunda:type="external" camunda:topic="email.send" />
            <bpmn:exclusiveGateway id="xor" default="d" />
            <bpmn:parallelGateway id="and" />
            <bpmn:inclusiveGateway id="or" />
            <bpmn:eventBasedGateway id="race" />
            <bpmn:intermediateCatchEvent id="wait">{{Timer("timeDate", "2026-09-01T08:00:00+08:00")}}</bpmn:intermediateCatchEvent>
            <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" /></bpmn:subProcess>
            <bpmn:endEvent id="end" />
            <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition /></bpmn:endEvent>
            {{Flow("d", "xor", "end")}}
            {{Flow("c", "xor", "kill", "${ok}")}}
            """, Message("M", "withdrawn")));

        var task = (UserTask)model.GetNode("task");
        Assert.Multiple(() =>
        {
            Assert.That(((StartEvent)model.GetNode("start")).Trigger, Is.Null);
            Assert.That(model.GetNode("start").Name, Is.EqualTo("开始"));
            Assert.That(task.Assignee, Is.EqualTo("${a}"));
            Assert.That(task.CandidateGroups, Is.EqualTo("unit:jsj, role:center"));
            Assert.That(task.CandidateUsers, Is.EqualTo("u1"));
            Assert.That(task.DueDate, Is.EqualTo("P1D"));
            Assert.That(task.FollowUpDate, Is.EqualTo("PT12H"));
            Assert.That(task.Priority, Is.EqualTo("70"));
            Assert.That(task.FormRef, Is.EqualTo("camunda-forms:deployment:review.form"));
            Assert.That(task.Properties["notify"], Is.EqualTo("false"));
            Assert.That(task.IoMapping.Inputs.Single().Value, Is.EqualTo(new IoText("1")));
            Assert.That(task.IoMapping.Outputs.Single().Value, Is.TypeOf<IoMap>());
            Assert.That(task.BoundaryEvents.Select(b => b.Id), Is.EqualTo(new[] { "remind", "cancelled" }));
            var remind = (BoundaryEvent)model.GetNode("remind");
            Assert.That(remind.CancelActivity, Is.False);
            Assert.That(remind.Trigger, Is.EqualTo(new TimerTrigger(TimerKind.Cycle, "R3/PT1H")));
            Assert.That(((BoundaryEvent)model.GetNode("cancelled")).Trigger, Is.EqualTo(new MessageTrigger("withdrawn")));
            Assert.That(((ServiceTask)model.GetNode("svc")).Topic, Is.EqualTo("log"));
            Assert.That(((ServiceTask)model.GetNode("send")).IsSendTask, Is.True);
            Assert.That(((Gateway)model.GetNode("xor")).DefaultFlowId, Is.EqualTo("d"));
            Assert.That(((Gateway)model.GetNode("and")).GatewayKind, Is.EqualTo(GatewayKind.Parallel));
            Assert.That(((Gateway)model.GetNode("or")).GatewayKind, Is.EqualTo(GatewayKind.Inclusive));
            Assert.That(((Gateway)model.GetNode("race")).GatewayKind, Is.EqualTo(GatewayKind.EventBased));
            Assert.That(((IntermediateCatchEvent)model.GetNode("wait")).Trigger, Is.EqualTo(new TimerTrigger(TimerKind.Date, "2026-09-01T08:00:00+08:00")));
            Assert.That(model.GetNode("subStart").Parent?.Id, Is.EqualTo("sub"));
            Assert.That(((EndEvent)model.GetNode("kill")).Terminate, Is.True);
            Assert.That(model.FindFlow("c")!.Condition, Is.EqualTo("${ok}"));
            Assert.That(model.GetNode("xor").Outgoing.Select(f => f.Target.Id), Is.EqualTo(new[] { "end", "kill" }));
        });
    }

    [Test]
    public void ProcessLevelStarterRestrictionsAreRead()
    {
        var xml = SingleTask("starters").Replace("isExecutable=\"true\"", "isExecutable=\"true\" camunda:candidateStarterGroups=\"unit:jsj, role:center\" camunda:candidateStarterUsers=\"admin\"", StringComparison.Ordinal);
        var model = Read(xml);
        Assert.That(model.CandidateStarterGroups, Is.EqualTo(new[] { "unit:jsj", "role:center" }));
        Assert.That(model.CandidateStarterUsers, Is.EqualTo(new[] { "admin" }));
        Assert.That(model.StartableByPeople, Is.True, "people may start a process unless it says otherwise");
    }

    [Test]
    public void AProcessOnlyProcessesStartSaysSoWithIsStartableInTasklist()
    {
        var model = Read(SingleTask("by-procedures").Replace("isExecutable=\"true\"", "isExecutable=\"true\" camunda:isStartableInTasklist=\"false\"", StringComparison.Ordinal));
        Assert.That(model.StartableByPeople, Is.False);

        var result = BpmnReader.Read(SingleTask("unclear").Replace("isExecutable=\"true\"", "isExecutable=\"true\" camunda:isStartableInTasklist=\"sometimes\"", StringComparison.Ordinal));
        Assert.That(result.Errors.Select(e => (e.ElementId, e.Message)), Has.One.Matches<(string?, string)>(e => e.Item1 == "unclear" && e.Item2.Contains("isStartableInTasklist", StringComparison.Ordinal)));
    }

    [Test]
    public void TheRowKindsAnInstanceCanHaveFollowItsElementTypes()
    {
        // A step loads only these kinds of rows: a kind the version's elements cannot create is never read.
        Assert.That(Read(SingleTask("plain")).RowKinds, Is.EqualTo(new InstanceRowKinds(UserTasks: true, Timers: false, Subscriptions: false, ExternalCalls: false)));
        var all = Read(Process("kinds", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:sendTask id="send" camunda:type="external" camunda:topic="email.send" />
            <bpmn:intermediateCatchEvent id="wait">{{Timer("timeDuration", "PT1H")}}</bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="hear"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="end" />
            {{Flow("f1", "start", "send")}}
            {{Flow("f2", "send", "wait")}}
            {{Flow("f3", "wait", "hear")}}
            {{Flow("f4", "hear", "end")}}
            """, Message("M", "m")));
        Assert.That(all.RowKinds, Is.EqualTo(new InstanceRowKinds(UserTasks: false, Timers: true, Subscriptions: true, ExternalCalls: true)));
        var boundary = Read(Process("boundary", $$"""
            <bpmn:startEvent id="start" />
            {{UserTask("work")}}
            <bpmn:boundaryEvent id="late" attachedToRef="work">{{Timer("timeDuration", "PT1H")}}</bpmn:boundaryEvent>
            <bpmn:endEvent id="end" /><bpmn:endEvent id="lateEnd" />
            {{Flow("f1", "start", "work")}}
            {{Flow("f2", "work", "end")}}
            {{Flow("f3", "late", "lateEnd")}}
            """));
        Assert.That(boundary.RowKinds, Is.EqualTo(new InstanceRowKinds(UserTasks: true, Timers: true, Subscriptions: false, ExternalCalls: false)));
    }

    [Test]
    public void ShippedDefinitionsReadWithoutErrors()
    {
        var folder = Path.Combine(FindRepository(), "definitions");
        foreach (var file in Directory.EnumerateFiles(folder, "*.bpmn"))
        {
            var result = BpmnReader.Read(File.ReadAllText(file));
            Assert.That(result.Errors, Is.Empty, $"{Path.GetFileName(file)}: {string.Join(" | ", result.Errors)}");
        }
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZzutWorkflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
