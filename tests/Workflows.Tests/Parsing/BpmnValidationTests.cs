using Zzut.Workflows.Activities;
using Zzut.Workflows.Activities.Builtin;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Parsing;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Parsing;

/// <summary>One test per kind of problem the deploy-time gate reports, each asserting element id, line and message.</summary>
public sealed class BpmnValidationTests
{
    private static readonly BpmnCompiler Compiler = new(
        new ActivityRegistry([new SetVariablesActivity()]),
        new JintExpressionEvaluator(TimeProvider.System));

    private static IReadOnlyList<BpmnError> ErrorsOf(string xml)
    {
        var ex = Assert.Throws<BpmnValidationException>(() => Compiler.Compile(xml));
        return ex!.Errors;
    }

    private static int LineOf(string xml, string marker)
    {
        var lines = xml.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        Assert.That(index, Is.GreaterThanOrEqualTo(0), $"marker {marker} not in document");
        return index + 1;
    }

    private static void AssertSingleError(string xml, string elementId, string marker, string messagePart)
    {
        var errors = ErrorsOf(xml);
        var error = errors.SingleOrDefault(e => e.ElementId == elementId);
        Assert.That(error, Is.Not.Null, $"no error for {elementId}; got: {string.Join(" | ", errors)}");
        Assert.Multiple(() =>
        {
            Assert.That(error!.Line, Is.EqualTo(LineOf(xml, marker)));
            Assert.That(error.Message, Does.Contain(messagePart));
        });
    }

    [Test]
    public void AValidDocumentCompiles()
    {
        var model = Compiler.Compile(SingleTask("ok", "camunda:assignee=\"${starter}\" camunda:dueDate=\"P1D\""));
        Assert.That(model.Id, Is.EqualTo("ok"));
        Assert.That(model.Nodes.Select(n => n.Id), Is.EquivalentTo(new[] { "start", "work", "end" }));
    }

    [Test]
    public void UnknownTargetRefIsReportedOnTheFlow()
    {
        var xml = Process("p", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:endEvent id="end" />
            {{Flow("f1", "start", "end")}}
            {{Flow("f_bad", "start", "nowhere")}}
            """);
        AssertSingleError(xml, "f_bad", "id=\"f_bad\"", "targetRef 'nowhere'");
    }

    [Test]
    public void UnknownSourceRefIsReportedOnTheFlow()
    {
        var xml = Process("p", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:endEvent id="end" />
            {{Flow("f1", "start", "end")}}
            {{Flow("f_bad", "ghost", "end")}}
            """);
        AssertSingleError(xml, "f_bad", "id=\"f_bad\"", "sourceRef 'ghost'");
    }

    [Test]
    public void UnreachableNodeIsReported()
    {
        var xml = Process("p", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:endEvent id="end" />
            {{UserTask("island")}}
            {{Flow("f1", "start", "end")}}
            {{Flow("f2", "island", "end")}}
            """);
        AssertSingleError(xml, "island", "id=\"island\"", "cannot be reached");
    }

    [Test]
    public void GatewayWhoseConditionsMayAllBeFalseNeedsADefault()
    {
        var xml = Process("p", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="gw" />
            <bpmn:endEvent id="a" />
            <bpmn:endEvent id="b" />
            {{Flow("f1", "start", "gw")}}
            {{Flow("fa", "gw", "a", "${x > 1}")}}
            {{Flow("fb", "gw", "b", "${x &lt; 0}")}}
            """);
        AssertSingleError(xml, "gw", "id=\"gw\"", "no default flow");
    }

    [Test]
    public void ElementTypeTheEngineDoesNotExecuteIsRejected()
    {
        var xml = Process("p", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:scriptTask id="script" scriptFormat="groovy"><bpmn:script>1</bpmn:script></bpmn:scriptTask>
            <bpmn:endEvent id="end" />
            {{Flow("f1", "start", "script")}}
            {{Flow("f2", "script", "end")}}
            """);
        AssertSingleError(xml, "script", "id=\"script\"", "<scriptTask> is not executed");
    }

    [Test]
    public void TopicWithoutRegisteredActivityIsRejected()
    {
        var xml = Process("p", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:serviceTask id="svc" camunda:type="external" camunda:topic="no.such.topic" />
            <bpmn:endEvent id="end" />
            {{Flow("f1", "start", "svc")}}
            {{Flow("f2", "svc", "end")}}
            """);
        AssertSingleError(xml, "svc", "id=\"svc\"", "'no.such.topic' has no registered activity");
    }

    [Test]
    public void MalformedTimerIsRejected()
    {
        var xml = Process("p", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="wait">{{Timer("timeDuration", "30 minutes")}}</bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="end" />
            {{Flow("f1", "start", "wait")}}
            {{Flow("f2", "wait", "end")}}
            """);
        AssertSingleError(xml, "wait", "id=\"wait\"", "not an ISO 8601 duration");
    }

    [Test]
    public void CronCycleIsRejectedWithAnExplanation()
    {
        var xml = Process("p", $$"""
            <bpmn:startEvent id="start">{{Timer("timeCycle", "0 0 9 * * ?")}}</bpmn:startEvent>
            <bpmn:endEvent id="end" />
            {{Flow("f1", "start", "end")}}
            """);
        AssertSingleError(xml, "start", "id=\"start\"", "timeCycle");
    }

    [Test]
    public void MalformedExpressionIsRejected()
    {
        var xml = Process("p", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="gw" default="fb" />
            <bpmn:endEvent id="a" />
            <bpmn:endEvent id="b" />
            {{Flow("f1", "start", "gw")}}
            {{Flow("fa", "gw", "a", "${level >= }")}}
            {{Flow("fb", "gw", "b")}}
            """);
        AssertSingleError(xml, "fa", "id=\"fa\"", "malformed");
    }

    [Test]
    public void EveryProblemIsReportedAtOnce()
    {
        var xml = Process("p", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:serviceTask id="svc" camunda:type="external" camunda:topic="nope" />
            <bpmn:sendTask id="mail" />
            <bpmn:endEvent id="end" />
            {{UserTask("island")}}
            {{Flow("f1", "start", "svc")}}
            {{Flow("f2", "svc", "mail")}}
            {{Flow("f3", "mail", "end")}}
            {{Flow("f4", "island", "missing")}}
            """);
        var errors = ErrorsOf(xml);
        Assert.That(errors.Select(e => e.ElementId), Is.SupersetOf(new[] { "svc", "mail", "island", "f4" }));
    }

    [Test]
    public void DuplicateIdsAreRejected()
    {
        var xml = Process("p", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:endEvent id="start" />
            """);
        var errors = ErrorsOf(xml);
        Assert.That(errors.Any(e => e.ElementId == "start" && e.Message.Contains("more than once", StringComparison.Ordinal)), Is.True, string.Join(" | ", errors));
    }

    [Test]
    public void MessageEventWithUndeclaredMessageIsRejected()
    {
        var xml = Process("p", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="Msg_X" /></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="end" />
            {{Flow("f1", "start", "wait")}}
            {{Flow("f2", "wait", "end")}}
            """);
        AssertSingleError(xml, "wait", "id=\"wait\"", "'Msg_X'");
    }

    [Test]
    public void ListenersAreRejectedRatherThanIgnored()
    {
        var xml = Process("p", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="work"><bpmn:extensionElements><camunda:taskListener class="x.Y" event="create" /></bpmn:extensionElements></bpmn:userTask>
            <bpmn:endEvent id="end" />
            {{Flow("f1", "start", "work")}}
            {{Flow("f2", "work", "end")}}
            """);
        var errors = ErrorsOf(xml);
        Assert.That(errors.Single().Message, Does.Contain("taskListener"));
    }

    [Test]
    public void MalformedXmlNamesTheLine()
    {
        var errors = ErrorsOf("<?xml version=\"1.0\"?>\n<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n<bpmn:process id=\"p\">\n</bpmn:definitions>");
        Assert.That(errors.Single().Line, Is.EqualTo(4));
        Assert.That(errors.Single().Message, Does.Contain("not well-formed"));
    }

    [Test]
    public void DocumentTypeDefinitionsAreRefused()
    {
        const string xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE definitions [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s" name="&secret;" /></bpmn:process></bpmn:definitions>
            """;
        Assert.That(ErrorsOf(xxe).Single().Message, Does.Contain("DTDs"));
    }

    [Test]
    public void BillionLaughsIsRefusedWithoutExpansion()
    {
        var entities = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">"));
        var xml = $"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">{entities}]><lolz>&lol9;</lolz>";
        Assert.That(ErrorsOf(xml).Single().Message, Does.Contain("DTDs"));
    }

    [Test]
    public void OversizedDocumentIsRefusedBeforeParsing()
    {
        var xml = SingleTask("big").Replace("<bpmn:endEvent id=\"end\" />", "<bpmn:endEvent id=\"end\" />" + new string(' ', 6 * 1024 * 1024), StringComparison.Ordinal);
        Assert.That(ErrorsOf(xml).Single().Message, Does.Contain("limit"));
    }

    [Test]
    public void DocumentWithoutExecutableProcessIsRejected()
    {
        var xml = SingleTask("p").Replace("isExecutable=\"true\"", "isExecutable=\"false\"", StringComparison.Ordinal);
        Assert.That(ErrorsOf(xml).Single().Message, Does.Contain("no executable process"));
    }
}
