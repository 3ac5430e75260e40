using Zzut.Workflows.Activities;

namespace Zzut.Workflows.CrashHost;

/// <summary><c>test.die</c>: the process stops at once, as if the evaluation had crashed it (SIGKILL, no clean-up).</summary>
public sealed class DieActivity : IActivity
{
    public string Topic => "test.die";

    public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        System.Diagnostics.Process.GetCurrentProcess().Kill();
        return Task.Delay(Timeout.Infinite, cancellationToken);
    }
}

/// <summary>The definitions the crash tests use.</summary>
public static class CrashModels
{
    private const string Head = """<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="crash">""";

    /// <summary>start → parallel fork → two user tasks (a start writes an instance, tokens, tasks and history rows).</summary>
    public const string Steps = Head + """
        <bpmn:process id="crash-steps" isExecutable="true">
          <bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
          <bpmn:userTask id="a" /><bpmn:userTask id="b" /><bpmn:endEvent id="ea" /><bpmn:endEvent id="eb" />
          <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="fork" /><bpmn:sequenceFlow id="f1" sourceRef="fork" targetRef="a" />
          <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="b" /><bpmn:sequenceFlow id="f3" sourceRef="a" targetRef="ea" />
          <bpmn:sequenceFlow id="f4" sourceRef="b" targetRef="eb" />
        </bpmn:process></bpmn:definitions>
        """;

    /// <summary>A user task with a one-hour boundary timer whose path runs <c>test.die</c>: the firing kills the process.</summary>
    public const string Poison = Head + """
        <bpmn:process id="crash-poison" isExecutable="true">
          <bpmn:startEvent id="start" /><bpmn:userTask id="work" />
          <bpmn:boundaryEvent id="late" attachedToRef="work" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
          <bpmn:serviceTask id="die" camunda:type="external" camunda:topic="test.die" /><bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
          <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="work" /><bpmn:sequenceFlow id="f1" sourceRef="work" targetRef="e1" />
          <bpmn:sequenceFlow id="f2" sourceRef="late" targetRef="die" /><bpmn:sequenceFlow id="f3" sourceRef="die" targetRef="e2" />
        </bpmn:process></bpmn:definitions>
        """;
}
