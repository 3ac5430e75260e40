using System.Net;
using System.Text;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>Hostile and broken requests get a clear 4xx, nothing is written, and the host stays up.</summary>
public sealed class BadInputTests
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

    /// <summary>The definitions shipped under definitions/, which the host deploys at start.</summary>
    private static readonly string[] Shipped =
        [.. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "definitions"), "*.bpmn").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)];

    private async Task AssertStillServingAsync()
    {
        Assert.That((await client.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var definitions = (await (await client.GetAsync("/api/definitions")).ReadJsonAsync()).AsArray();
        Assert.That(definitions.Select(d => d!["key"]!.GetValue<string>()), Is.EqualTo(Shipped), "nothing was deployed by the bad request");
    }

    [Test]
    public async Task MalformedXmlIsA400NamingTheLine()
    {
        var response = await client.DeployAsync("<?xml version=\"1.0\"?>\n<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n  <bpmn:process id=\"p\">\n</bpmn:definitions>");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = (await response.ReadJsonAsync())["errors"]![0]!;
        Assert.That(error["line"]!.GetValue<int>(), Is.EqualTo(4));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("not well-formed"));
        await AssertStillServingAsync();
    }

    [Test]
    public async Task TwentyMegabyteBodyIsA413()
    {
        var huge = "<x>" + new string('a', 20 * 1024 * 1024) + "</x>";
        var response = await client.DeployAsync(huge);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await response.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain("limit"));
        await AssertStillServingAsync();
    }

    [Test]
    public async Task StreamedOversizedBodyIsCutOffWithA413()
    {
        var huge = Encoding.UTF8.GetBytes("<x>" + new string('a', 6 * 1024 * 1024) + "</x>");
        using var content = new StreamContent(new MemoryStream(huge));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/definitions") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        await AssertStillServingAsync();
    }

    [Test]
    public async Task XxePayloadIsRefused()
    {
        const string xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE definitions [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="xxe" name="&secret;" isExecutable="true"><bpmn:startEvent id="s" /></bpmn:process></bpmn:definitions>
            """;
        var response = await client.DeployAsync(xxe);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(body, Does.Contain("DTDs"));
        Assert.That(body, Does.Not.Contain("root:"), "the file was not read");
        await AssertStillServingAsync();
    }

    [Test]
    public async Task BillionLaughsPayloadIsRefused()
    {
        var entities = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">"));
        var xml = $"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">{entities}]><lolz>&lol9;</lolz>";
        var response = await client.DeployAsync(xml);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["errors"]![0]!["message"]!.GetValue<string>(), Does.Contain("DTDs"));
        await AssertStillServingAsync();
    }

    [Test]
    public async Task MalformedJsonIsA400ThatSaysSo()
    {
        using var content = new StringContent("{\"definitionKey\": \"unit-self-inspection\", \"variables\": {", Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/instances", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await response.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain("JSON").IgnoreCase);
        Assert.That((await (await client.GetAsync("/api/instances")).ReadJsonAsync()).AsArray(), Is.Empty, "nothing was started");
    }

    [Test]
    public async Task OversizedJsonIsA413()
    {
        var response = await client.PostJsonAsync("/api/instances", new { definitionKey = "unit-self-inspection", variables = new { blob = new string('x', 2 * 1024 * 1024) } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await (await client.GetAsync("/api/instances")).ReadJsonAsync()).AsArray(), Is.Empty);
    }

    [TestCase("/api/calendar?year=0", "year")]
    [TestCase("/api/calendar?year=10000", "year")]
    [TestCase("/api/calendar/add-workdays?from=9999-12-31T00:00:00Z&days=366", "from")]
    [TestCase("/api/calendar/add-workdays?from=0001-01-01T00:00:00Z&days=-366", "from")]
    [TestCase("/api/instances?take=0", "take")]
    [TestCase("/api/systems?skip=-1", "skip")]
    public async Task AnOutOfRangeQueryIsA400NamingTheParameter(string path, string field)
    {
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
        await AssertStillServingAsync();
    }

    [TestCase("\"abc\"")]
    [TestCase("1e30")]
    [TestCase("2.5")]
    [TestCase("null")]
    public async Task ALedgerRevisionThatIsNotAWholeNumberIsA400NamingIt(string revision)
    {
        var created = await (await client.PostJsonAsync("/api/systems", new { unitCode = "jsj", name = "一卡通", proposedLevel = 3 })).ReadJsonAsync();
        using var content = new StringContent($$"""{ "revision": {{revision}}, "name": "改名" }""", Encoding.UTF8, "application/json");
        var response = await client.PatchAsync($"/api/systems/{created["id"]}", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "revision" }));
        Assert.That((await (await client.GetAsync($"/api/systems/{created["id"]}")).ReadJsonAsync())["name"]!.GetValue<string>(), Is.EqualTo("一卡通"), "nothing changed");
    }

    [Test]
    public async Task DuplicateJsonKeysAreA400NamingTheKeyAndNothingStarts()
    {
        using var content = new StringContent("""{"definitionKey":"unit-self-inspection","variables":{"unitCode":"jsj","unitCode":"wxy"}}""", Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/instances", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "variables.unitCode" }));
        Assert.That((await (await client.GetAsync("/api/instances")).ReadJsonAsync()).AsArray(), Is.Empty, "nothing was started");
    }

    [TestCase("""{"definitionKey":"unit-self-inspection","variables":{"unitCode":"jsj","period":"2026-H2\ud800"}}""", "variables.period")]
    [TestCase("""{"definitionKey":"unit-self-inspection","variables":{"unitCode":"jsj","\udc00":"x"}}""", "variables")]
    [TestCase("""{"definitionKey":"unit-self-inspection","variables":{"unitCode":"jsj","list":[1,"\ud800"]}}""", "variables.list[1]")]
    public async Task ALoneSurrogateIsA400NamingWhereItIs(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/instances", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
        await AssertStillServingAsync();
    }

    [TestCase("this.constructor.constructor('return 1')() === 1")]
    [TestCase("Function('return true')()")]
    [TestCase("eval('true')")]
    [TestCase("(function f(){ return f(); })()")]
    [TestCase("(function(){ while(true){} })()")]
    public async Task EscapeAttemptsInAConditionRaiseAnIncidentAndTheHostStaysUp(string condition)
    {
        var xml = $$"""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" targetNamespace="t">
              <bpmn:process id="escape" isExecutable="true">
                <bpmn:startEvent id="s" />
                <bpmn:exclusiveGateway id="gw" default="safe" />
                <bpmn:userTask id="escaped" /><bpmn:userTask id="contained" />
                <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="gw" />
                <bpmn:sequenceFlow id="evil" sourceRef="gw" targetRef="escaped"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{{System.Security.SecurityElement.Escape(condition)}}}</bpmn:conditionExpression></bpmn:sequenceFlow>
                <bpmn:sequenceFlow id="safe" sourceRef="gw" targetRef="contained" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        Assert.That((await client.DeployAsync(xml)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var started = await (await client.PostJsonAsync("/api/instances", new { definitionKey = "escape" })).ReadJsonAsync();
        Assert.That(started["status"]!.GetValue<string>(), Is.EqualTo("incident"), started.ToJsonString());
        Assert.That(started["activeElementIds"]![0]!.GetValue<string>(), Is.EqualTo("gw"), "the token never took the evil flow");
        Assert.That((await client.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
