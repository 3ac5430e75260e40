using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Runtime;

/// <summary>An expression that hits a sandbox limit, or a variable that would shadow a helper, is an incident on the element; the engine goes on.</summary>
public sealed class HostileExpressionTests
{
    private EngineHarness harness = null!;

    [SetUp]
    public async Task SetUp() => harness = await EngineHarness.CreateAsync();

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    private Task DeployGatewayAsync(string condition) => harness.DeployAsync(Process("gate", $$"""
        <bpmn:startEvent id="start" />
        <bpmn:exclusiveGateway id="gw" default="f_b" />
        {{UserTask("a")}}{{UserTask("b")}}
        {{Flow("f0", "start", "gw")}}
        {{Flow("f_a", "gw", "a", condition)}}
        {{Flow("f_b", "gw", "b")}}
        """));

    [TestCase("${(function(){var a='x'.repeat(3e8),b='x'.repeat(3e8),c='x'.repeat(3e8);return a.length > 0})()}", "超出内存上限")]
    [TestCase("${(function(){var a=[];for(var i=0;i&lt;40000;i++)a=[a];return String(a) !== ''})()}", "limit")]
    [TestCase("${/^(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')}", "time limit")]
    public async Task AnExpressionHittingASandboxLimitIsAnIncidentAndTheEngineGoesOn(string condition, string messagePart)
    {
        await DeployGatewayAsync(condition);
        var instance = await harness.StartAsync("gate");
        Assert.Multiple(() =>
        {
            Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Incident));
            Assert.That(instance.Incidents.Single().ElementId, Is.EqualTo("gw"));
            Assert.That(instance.Incidents.Single().Message, Does.Contain(messagePart));
        });

        await harness.DeployAsync(SingleTask("after"));
        Assert.That((await harness.StartAsync("after")).ActiveElementIds, Is.EqualTo(new[] { "work" }));
    }

    [TestCase("now")]
    [TestCase("addDuration")]
    [TestCase("JSON")]
    public async Task AVariableNamedLikeAHelperIsAnIncident(string name)
    {
        await DeployGatewayAsync("${level >= 2}");
        var instance = await harness.Engine.StartAsync(new StartInstanceRequest("gate", null, null, new System.Text.Json.Nodes.JsonObject { ["level"] = 3, [name] = "2020-01-01T00:00:00Z" }));
        Assert.Multiple(() =>
        {
            Assert.That(instance.Status, Is.EqualTo(InstanceStatus.Incident));
            Assert.That(instance.Incidents.Single().ElementId, Is.EqualTo("gw"));
            Assert.That(instance.Incidents.Single().Message, Does.Contain($"'{name}'").And.Contain("shadow"));
        });
    }

    [Test]
    public async Task AParameterNamedLikeAHelperIsRefusedAtDeploymentNamingTheLine()
    {
        var xml = Process("named", """
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="work">
              <bpmn:extensionElements><camunda:inputOutput>
                <camunda:outputParameter name="now">${1}</camunda:outputParameter>
              </camunda:inputOutput></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
            """);
        var ex = await Assert.ThrowsAsync<Zzut.Workflows.Parsing.BpmnValidationException>(() => harness.DeployAsync(xml));
        var error = ex!.Errors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.ElementId, Is.EqualTo("work"));
            Assert.That(error.Line, Is.EqualTo(LineOf(xml, "name=\"now\"")));
            Assert.That(error.Message, Does.Contain("'now'").And.Contain("shadow"));
        });
    }
}
