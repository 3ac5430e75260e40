using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>
/// Deploying is refused fast, with a 400 naming the line, for documents past the shape limits, bytes that are not valid in
/// the declared encoding, and timer cycles that would fire too often; nothing is deployed and the host goes on serving.
/// </summary>
public sealed class DocumentLimitTests
{
    private WorkflowApplication app = null!;
    private HttpClient client = null!;

    [SetUp]
    public async Task SetUp()
    {
        app = new WorkflowApplication();
        client = await app.OperatorClientAsync();
    }

    [TearDown]
    public void TearDown()
    {
        client.Dispose();
        app.Dispose();
    }

    private static string Definition(string key, string name, string startEvent = "<bpmn:startEvent id=\"s\" />", string declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", string extension = "") => $"""
        {declaration}
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
          <bpmn:process id="{key}" name="{name}" isExecutable="true">
            {startEvent}
            <bpmn:userTask id="work">{extension}</bpmn:userTask>
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="work" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static int LineOf(string xml, string marker) =>
        Array.FindIndex(xml.Split('\n'), l => l.Contains(marker, StringComparison.Ordinal)) + 1;

    private async Task<HttpResponseMessage> DeployBytesAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        return await client.PostAsync("/api/definitions", content);
    }

    private async Task AssertNotDeployedAsync(string key)
    {
        Assert.That((await client.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var definitions = (await (await client.GetAsync("/api/definitions")).ReadJsonAsync()).AsArray();
        Assert.That(definitions.Select(d => d!["key"]!.GetValue<string>()), Does.Not.Contain(key));
    }

    [Test]
    public async Task ADeeplyNestedDocumentIsA400NamingTheLine()
    {
        var nested = string.Concat(Enumerable.Repeat("<x:n>", 64_000)) + string.Concat(Enumerable.Repeat("</x:n>", 64_000));
        var xml = Definition("deep", "deep", extension: $"<bpmn:extensionElements>\n<x:w xmlns:x=\"urn:x\">{nested}</x:w>\n</bpmn:extensionElements>");
        var response = await client.DeployAsync(xml);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = (await response.ReadJsonAsync())["errors"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(error["line"]!.GetValue<int>(), Is.EqualTo(LineOf(xml, "<x:w ")));
            Assert.That(error["message"]!.GetValue<string>(), Does.Contain("nest deeper than 64 levels"));
        });
        await AssertNotDeployedAsync("deep");
    }

    [Test]
    public async Task ABodyThatIsNotValidInItsDeclaredEncodingIsA400NamingTheLine()
    {
        var xml = Definition("garbled", "NAME");
        var bytes = Encoding.UTF8.GetBytes(xml);
        var at = Encoding.UTF8.GetBytes(xml[..xml.IndexOf("NAME", StringComparison.Ordinal)]).Length;
        bytes[at] = 0xC3; // the start of a two-byte sequence…
        bytes[at + 1] = 0x28; // …that does not continue
        var response = await DeployBytesAsync(bytes);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = (await response.ReadJsonAsync())["errors"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(error["line"]!.GetValue<int>(), Is.EqualTo(LineOf(xml, "NAME")));
            Assert.That(error["message"]!.GetValue<string>(), Does.Contain("not valid utf-8"));
        });
        await AssertNotDeployedAsync("garbled");
    }

    [Test]
    public async Task ADocumentInTheEncodingItDeclaresIsReadAsDeclared()
    {
        var gb18030 = CodePagesEncodingProvider.Instance.GetEncoding("GB18030")!;
        var xml = Definition("declared", "网络安全自查", declaration: "<?xml version=\"1.0\" encoding=\"GB18030\"?>");
        var response = await DeployBytesAsync(gb18030.GetBytes(xml));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var definitions = (await (await client.GetAsync("/api/definitions")).ReadJsonAsync()).AsArray();
        Assert.That(definitions.Single(d => d!["key"]!.GetValue<string>() == "declared")!["name"]!.GetValue<string>(), Is.EqualTo("网络安全自查"));
    }

    [TestCase("R/PT0.001S", "shorter than 1 second")]
    [TestCase("R/PT10S", "at most once a minute")]
    public async Task ATimerCycleThatFiresTooOftenIsA400NamingTheElementAndLine(string cycle, string messagePart)
    {
        var xml = Definition("ticking", "ticking", $"<bpmn:startEvent id=\"s\"><bpmn:timerEventDefinition><bpmn:timeCycle>{cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>");
        var response = await client.DeployAsync(xml);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = (await response.ReadJsonAsync())["errors"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(error["elementId"]!.GetValue<string>(), Is.EqualTo("s"));
            Assert.That(error["line"]!.GetValue<int>(), Is.EqualTo(LineOf(xml, "<bpmn:startEvent")));
            Assert.That(error["message"]!.GetValue<string>(), Does.Contain(messagePart));
        });
        await AssertNotDeployedAsync("ticking");
    }
}
