using Zzut.Workflows.Activities;
using Zzut.Workflows.Activities.Builtin;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Model;
using Zzut.Workflows.Parsing;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Parsing;

/// <summary>What the deploy-time gate accepts and refuses on a call activity, naming the element and its line.</summary>
public sealed class CallActivityValidationTests
{
    private static readonly BpmnCompiler Compiler = new(
        new ActivityRegistry([new SetVariablesActivity()]),
        new JintExpressionEvaluator(TimeProvider.System));

    private static string WithCall(string attributes, string mappings = "") => Process("p", $"""
        <bpmn:startEvent id="start" />
        <bpmn:callActivity id="call" {attributes}>
          <bpmn:extensionElements>
            {mappings}
          </bpmn:extensionElements>
        </bpmn:callActivity>
        <bpmn:endEvent id="end" />
        {Flow("f1", "start", "call")}
        {Flow("f2", "call", "end")}
        """);

    private static void AssertRefused(string xml, string marker, string messagePart)
    {
        var errors = Assert.Throws<BpmnValidationException>(() => Compiler.Compile(xml))!.Errors;
        var error = errors.SingleOrDefault(e => e.ElementId == "call");
        Assert.That(error, Is.Not.Null, $"no error for the call; got: {string.Join(" | ", errors)}");
        Assert.Multiple(() =>
        {
            Assert.That(error!.Line, Is.EqualTo(LineOf(xml, marker)));
            Assert.That(error.Message, Does.Contain(messagePart));
        });
    }

    [Test]
    public void ACallWithBindingMappingsAndBusinessKeyReadsIntoTheModel()
    {
        var model = Compiler.Compile(WithCall(
            "calledElement=\"child\" camunda:calledElementBinding=\"version\" camunda:calledElementVersion=\"3\"",
            """
            <camunda:in source="a" target="b" />
            <camunda:in sourceExpression="${a + 1}" target="c" />
            <camunda:in businessKey="${key}" />
            <camunda:out variables="all" />
            """));
        var call = (CallActivity)model.GetNode("call");
        Assert.Multiple(() =>
        {
            Assert.That(call.CalledElement, Is.EqualTo("child"));
            Assert.That(call.Binding, Is.EqualTo(CalledElementBinding.Version));
            Assert.That(call.CalledElementVersion, Is.EqualTo(3));
            Assert.That(call.In.Select(m => m.Target), Is.EqualTo(new[] { "b", "c" }));
            Assert.That(call.In[1].SourceExpression, Is.EqualTo("${a + 1}"));
            Assert.That(call.BusinessKey, Is.EqualTo("${key}"));
            Assert.That(call.Out.Single().All, Is.True);
        });
    }

    [TestCase("deployment")]
    [TestCase("versionTag")]
    [TestCase("newest")]
    public void ABindingOtherThanLatestOrVersionIsRefused(string binding) =>
        AssertRefused(WithCall($"calledElement=\"child\" camunda:calledElementBinding=\"{binding}\""), "<bpmn:callActivity", "calledElementBinding");

    [TestCase("")]
    [TestCase("camunda:calledElementVersion=\"0\"")]
    [TestCase("camunda:calledElementVersion=\"two\"")]
    public void AVersionBindingNeedsAVersionNumber(string version) =>
        AssertRefused(WithCall($"calledElement=\"child\" camunda:calledElementBinding=\"version\" {version}"), "<bpmn:callActivity", "calledElementVersion");

    [Test]
    public void AVersionWithoutTheVersionBindingIsRefused() =>
        AssertRefused(WithCall("calledElement=\"child\" camunda:calledElementVersion=\"2\""), "<bpmn:callActivity", "calledElementBinding");

    [Test]
    public void AMissingCalledElementIsRefused() =>
        AssertRefused(WithCall(string.Empty), "<bpmn:callActivity", "calledElement");

    [Test]
    public void AnExpressionAsCalledElementIsRefused() =>
        AssertRefused(WithCall("calledElement=\"${which}\""), "<bpmn:callActivity", "not an expression");

    [Test]
    public void AMappingWithoutTargetIsRefusedOnItsLine() =>
        AssertRefused(WithCall("calledElement=\"child\"", "<camunda:in source=\"a\" />"), "<camunda:in source", "target");

    [Test]
    public void AMappingWithBothSourceAndExpressionIsRefused() =>
        AssertRefused(WithCall("calledElement=\"child\"", "<camunda:out source=\"a\" sourceExpression=\"${a}\" target=\"b\" />"), "<camunda:out", "exactly one");

    [Test]
    public void ALocalMappingIsRefused() =>
        AssertRefused(WithCall("calledElement=\"child\"", "<camunda:in variables=\"all\" local=\"true\" />"), "<camunda:in", "local");

    [Test]
    public void AMalformedSourceExpressionIsRefusedOnItsLine() =>
        AssertRefused(WithCall("calledElement=\"child\"", "<camunda:in sourceExpression=\"${a +}\" target=\"b\" />"), "<camunda:in sourceExpression", "sourceExpression");

    [Test]
    public void ABoundaryTimerMayBeAttachedToACall()
    {
        var model = Compiler.Compile(Process("p", $"""
            <bpmn:startEvent id="start" />
            <bpmn:callActivity id="call" calledElement="child" />
            <bpmn:boundaryEvent id="late" attachedToRef="call">{Timer("timeDuration", "PT1H")}</bpmn:boundaryEvent>
            <bpmn:endEvent id="end" /><bpmn:endEvent id="end2" />
            {Flow("f1", "start", "call")}{Flow("f2", "call", "end")}{Flow("f3", "late", "end2")}
            """));
        Assert.That(model.GetNode("call").BoundaryEvents.Single().Id, Is.EqualTo("late"));
    }
}
