using Zzut.Workflows.Activities;
using Zzut.Workflows.Activities.Builtin;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Parsing;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;
using Zzut.Workflows.Timing;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Timing;

/// <summary>
/// A timer cycle repeats at most once a second, and at most once a minute when it has neither a repetition count nor an
/// end: refused at deployment (naming the element and line) or, when an expression yields it, an incident when armed.
/// </summary>
public sealed class TimerCycleLimitTests
{
    private static readonly BpmnCompiler Compiler = new(new ActivityRegistry([new SetVariablesActivity()]), new JintExpressionEvaluator(TimeProvider.System));

    private static string WithReminder(string cycle) => Process("remind", $$"""
        <bpmn:startEvent id="start" />
        {{UserTask("work")}}
        <bpmn:boundaryEvent id="reminder" cancelActivity="false" attachedToRef="work">{{Timer("timeCycle", cycle)}}</bpmn:boundaryEvent>
        {{UserTask("remindTask")}}
        <bpmn:endEvent id="end" />
        {{Flow("f1", "start", "work")}}
        {{Flow("f2", "work", "end")}}
        {{Flow("f3", "reminder", "remindTask")}}
        """);

    private static string WithStartTimer(string cycle) => Process("scheduled", $$"""
        <bpmn:startEvent id="tick">{{Timer("timeCycle", cycle)}}</bpmn:startEvent>
        {{UserTask("work")}}
        {{Flow("f1", "tick", "work")}}
        """);

    private static string WithCatchEvent(string cycle) => Process("waiting", $$"""
        <bpmn:startEvent id="start" />
        <bpmn:intermediateCatchEvent id="wait">{{Timer("timeCycle", cycle)}}</bpmn:intermediateCatchEvent>
        {{UserTask("work")}}
        {{Flow("f1", "start", "wait")}}
        {{Flow("f2", "wait", "work")}}
        """);

    private static void AssertRefused(string xml, string elementId, string messagePart)
    {
        var ex = Assert.Throws<BpmnValidationException>(() => Compiler.Compile(xml));
        var error = ex!.Errors.SingleOrDefault(e => e.ElementId == elementId);
        Assert.That(error, Is.Not.Null, string.Join(" | ", ex.Errors));
        var line = LineOf(xml, $"id=\"{elementId}\"");
        Assert.Multiple(() =>
        {
            Assert.That(error!.Line, Is.EqualTo(line));
            Assert.That(error.Message, Does.Contain(messagePart));
        });
    }

    [TestCase("R/PT0.001S")]
    [TestCase("R5/PT0.5S")]
    [TestCase("R/PT0.5S/2027-01-01T00:00:00Z")]
    public void ACycleBelowOneSecondIsRefusedAtDeploymentNamingTheElementAndLine(string cycle)
    {
        AssertRefused(WithReminder(cycle), "reminder", "shorter than 1 second");
        AssertRefused(WithStartTimer(cycle), "tick", "shorter than 1 second");
        AssertRefused(WithCatchEvent(cycle), "wait", "shorter than 1 second");
    }

    [TestCase("R/PT59S")]
    [TestCase("R/2026-01-01T00:00:00Z/PT30S")]
    public void AnUnboundedCycleBelowOneMinuteIsRefusedAtDeploymentNamingTheElementAndLine(string cycle)
    {
        AssertRefused(WithReminder(cycle), "reminder", "at most once a minute");
        AssertRefused(WithStartTimer(cycle), "tick", "at most once a minute");
    }

    [TestCase("R10/PT1S")]
    [TestCase("R/PT1S/2027-01-01T00:00:00Z")]
    [TestCase("R/PT1M")]
    [TestCase("R/P1D")]
    [TestCase("R3/PT1H")]
    public void CyclesAtOrAboveTheLimitsAreAccepted(string cycle)
    {
        Assert.DoesNotThrow(() => Compiler.Compile(WithReminder(cycle)));
        Assert.DoesNotThrow(() => Compiler.Compile(WithStartTimer(cycle)));
    }

    [Test]
    public void ATimerStartCycleFromAnExpressionIsCheckedAtDeployment() =>
        AssertRefused(WithStartTimer("${'R/PT' + 0.5 + 'S'}"), "tick", "shorter than 1 second");

    [Test]
    public void ATimerStartExpressionThatFailsIsRefusedAtDeployment() =>
        AssertRefused(WithStartTimer("${nothing.here}"), "tick", "fails when it is evaluated at deployment");

    [TestCase("R/PT0.001S", "shorter than 1 second")]
    [TestCase("R/PT10S", "at most once a minute")]
    public void TheFrequencyRuleNamesTheProblem(string cycle, string messagePart) =>
        Assert.That(TimerCycle.Parse(cycle).FrequencyProblem(), Does.Contain(messagePart));

    [Test]
    public async Task ACycleThatEvaluatesBelowOneSecondIsAnIncidentWhenArmed()
    {
        await using var harness = await EngineHarness.CreateAsync();
        await harness.DeployAsync(WithReminder("${cycle}"));
        var instance = await harness.StartAsync("remind", new { cycle = "R/PT0.001S" });
        Assert.Multiple(() =>
        {
            Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Incident));
            Assert.That(instance.Incidents.Single().ElementId, Is.EqualTo("work"));
            Assert.That(instance.Incidents.Single().Message, Does.Contain("shorter than 1 second"));
        });
        Assert.That(await harness.WithDbAsync(db => Task.FromResult(db.Timers.Count(t => t.InstanceId == instance.Id))), Is.Zero, "no timer was armed");
    }

    [Test]
    public async Task ACycleThatEvaluatesWithinTheLimitsIsArmed()
    {
        await using var harness = await EngineHarness.CreateAsync();
        await harness.DeployAsync(WithReminder("${cycle}"));
        var instance = await harness.StartAsync("remind", new { cycle = "R3/PT1H" });
        Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Active));
        Assert.That(await harness.AdvanceAsync(TimeSpan.FromHours(1)), Is.EqualTo(1));
    }
}
