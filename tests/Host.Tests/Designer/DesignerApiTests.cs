using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Incidents;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Websites;
using Zzut.Workflows.Host.Designer;
using Zzut.Workflows.Host.Forms;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Designer;

/// <summary>
/// What the designer and the form editor stand on: checking a definition as deploying would without deploying it,
/// drafts on the server, the overview of versions and running instances, the activities as element templates, and
/// checking a form and where it is used.
/// </summary>
public sealed class DesignerApiTests
{
    [Test]
    public async Task ValidatingNamesEveryProblemWithItsElementAndLineAndDeploysNothing()
    {
        using var app = new WorkflowApplication();
        using var admin = await app.AdminClientAsync();

        var result = await ValidateAsync(admin, Fixtures.Invalid());

        Assert.That(result["valid"]!.GetValue<bool>(), Is.False);
        Assert.That(result["key"]!.GetValue<string>(), Is.EqualTo("broken"));
        var errors = result["errors"]!.AsArray();
        Assert.That(errors.Select(e => e!["elementId"]!.GetValue<string>()), Does.Contain("script").And.Contain("f0"));
        Assert.That(errors.Single(e => e!["elementId"]!.GetValue<string>() == "f0")!["line"]!.GetValue<int>(), Is.EqualTo(6));
        Assert.That(errors.Select(e => e!["message"]!.GetValue<string>()), Has.All.Match("^\\p{IsCJKUnifiedIdeographs}"), "Chinese first");
        Assert.That((await admin.GetAsync("/api/definitions/broken/versions")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing was deployed");

        var valid = await ValidateAsync(admin, Fixtures.Review());
        Assert.That((valid["valid"]!.GetValue<bool>(), valid["errors"]!.AsArray().Count, valid["name"]!.GetValue<string>()), Is.EqualTo((true, 0, "审核")));
        Assert.That((await admin.GetAsync("/api/definitions/api-review/versions")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "checking never deploys");
    }

    [Test]
    public async Task ValidatingAppliesTheHostsChecksLikeDeploying()
    {
        using var app = new WorkflowApplication();
        using var admin = await app.AdminClientAsync();
        var xml = Fixtures.Review().Replace("camunda:formRef=\"unit-self-inspection-review\"", "camunda:formRef=\"no-such-form\"", StringComparison.Ordinal);

        var result = await ValidateAsync(admin, xml);
        var deploy = await admin.DeployAsync(xml);

        Assert.That(result["valid"]!.GetValue<bool>(), Is.False);
        var error = result["errors"]!.AsArray().Single()!;
        Assert.That((error["elementId"]!.GetValue<string>(), error["message"]!.GetValue<string>()), Is.EqualTo(("review", error["message"]!.GetValue<string>())));
        Assert.That(error["message"]!.GetValue<string>(), Does.StartWith("表单 'no-such-form' 不存在"));
        Assert.That(deploy.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "deploying refuses what checking refused");
        Assert.That((await deploy.ReadJsonAsync())["errors"]![0]!["message"]!.GetValue<string>(), Is.EqualTo(error["message"]!.GetValue<string>()));
    }

    [Test]
    public async Task ADraftIsSavedWithoutDeployingAndAnEditorWorkingOnAnOlderRevisionCannotOverwriteIt()
    {
        using var app = new WorkflowApplication();
        using var admin = await app.AdminClientAsync();
        Assert.That((await admin.DeployAsync(Fixtures.Review())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var edited = Fixtures.Review().Replace("camunda:dueDate=\"PT1H\"", "camunda:dueDate=\"P1D\"", StringComparison.Ordinal);

        var first = await PutDraftAsync(admin, "api-review", edited, "?baseVersion=1");
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        var info = await first.ReadJsonAsync();
        Assert.That((info["revision"]!.GetValue<int>(), info["baseVersion"]!.GetValue<int>(), info["savedBy"]!.GetValue<string>()), Is.EqualTo((1, 1, "admin")));
        var second = await PutDraftAsync(admin, "api-review", edited.Replace("P1D", "P2D", StringComparison.Ordinal), "?revision=1&baseVersion=1");
        Assert.That((await second.ReadJsonAsync())["revision"]!.GetValue<int>(), Is.EqualTo(2));

        var stale = await PutDraftAsync(admin, "api-review", edited.Replace("P1D", "P9D", StringComparison.Ordinal), "?revision=1&baseVersion=1");
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "another editor saved revision 2 meanwhile");
        var fresh = await PutDraftAsync(admin, "api-review", edited, string.Empty);
        Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a new draft over an existing one is refused as well");

        var draft = await (await admin.GetAsync("/api/definitions/api-review/draft")).ReadJsonAsync();
        Assert.That((draft["revision"]!.GetValue<int>(), draft["xml"]!.GetValue<string>().Contains("P2D", StringComparison.Ordinal)), Is.EqualTo((2, true)), "the refused saves wrote nothing");
        var overview = await (await admin.GetAsync("/api/definitions/api-review/overview")).ReadJsonAsync();
        Assert.That((overview["latestVersion"]!.GetValue<int>(), overview["draft"]!["revision"]!.GetValue<int>()), Is.EqualTo((1, 2)), "a draft is no version");

        Assert.That((await admin.DeleteAsync("/api/definitions/api-review/draft")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await admin.GetAsync("/api/definitions/api-review/draft")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await (await admin.GetAsync("/api/definitions/api-review/overview")).ReadJsonAsync())["draft"], Is.Null);
    }

    [Test]
    public async Task ADraftOfANewDefinitionIsListedAndMustBeReadableWithItsKeyAsProcessId()
    {
        using var app = new WorkflowApplication();
        using var admin = await app.AdminClientAsync();

        var other = await PutDraftAsync(admin, "some-other-key", Fixtures.Review(key: "new-review"), string.Empty);
        var notBpmn = await PutDraftAsync(admin, "new-review", "<not-bpmn/>", string.Empty);
        var saved = await PutDraftAsync(admin, "new-review", Fixtures.Review(key: "new-review"), string.Empty);

        Assert.That((await other.ReadJsonAsync())["errors"]!["key"], Is.Not.Null);
        Assert.That((await notBpmn.ReadJsonAsync())["errors"]!["xml"], Is.Not.Null);
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var listed = (await (await admin.GetAsync("/api/definitions/overview")).ReadJsonAsync()).AsArray().Single(d => d!["key"]!.GetValue<string>() == "new-review")!;
        Assert.That((listed["latestVersion"]!.GetValue<int>(), listed["draft"]!["baseVersion"]), Is.EqualTo((0, (JsonNode?)null)), "drafted, never deployed");
    }

    [Test]
    public async Task TheOverviewCountsTheInstancesStillRunningOnEachVersion()
    {
        using var app = new WorkflowApplication();
        using var admin = await app.AdminClientAsync();
        await admin.DeployAsync(Fixtures.Review());
        for (var i = 0; i < 2; i++)
        {
            Assert.That((await admin.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await admin.DeployAsync(Fixtures.Review(name: "审核（第二版）"));
        var started = await (await admin.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync();
        await admin.PostAsync($"/api/instances/{started["id"]}/cancel", null);
        await admin.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } });

        var overview = await (await admin.GetAsync("/api/definitions/api-review/overview")).ReadJsonAsync();

        Assert.That(overview["versions"]!.AsArray().Select(v => (v!["version"]!.GetValue<int>(), v["runningInstances"]!.GetValue<int>(), v["deployedBy"]!.GetValue<string>())),
            Is.EqualTo(new[] { (1, 2, "admin"), (2, 1, "admin") }), "the cancelled instance no longer runs");
        Assert.That((overview["name"]!.GetValue<string>(), overview["latestVersion"]!.GetValue<int>()), Is.EqualTo(("审核（第二版）", 2)));
    }

    [Test]
    public void EveryRegisteredActivityIsOfferedAsATemplateAndEveryTemplateIsARegisteredActivity()
    {
        using var app = new WorkflowApplication();
        var registered = app.Services.GetRequiredService<IActivityRegistry>().Topics;

        Assert.That(ActivityTemplates.All.Select(t => t.Topic), Is.EquivalentTo(registered));
        Assert.That(ActivityTemplates.All.SelectMany(t => t.Inputs), Has.All.Matches<ActivityInput>(i => i is { Label.Length: > 0, Help.Length: > 0, Type: "String" or "Text" or "Dropdown" }));
        var statuses = ActivityTemplates.All.ToDictionary(t => t.Topic, t => t.Inputs.FirstOrDefault(i => i.Name == "status")?.Choices?.Select(c => c.Value).ToList());
        Assert.That(statuses["ledger.system.save"], Is.EqualTo(Enum.GetValues<SystemStatus>().Select(s => s.ToWire())));
        Assert.That(statuses["ledger.website.save"], Is.EqualTo(Enum.GetValues<WebsiteStatus>().Select(s => s.ToWire())));
        Assert.That(statuses["ledger.incident.save"], Is.EqualTo(Enum.GetValues<IncidentPhase>().Select(s => s.ToWire())));
        Assert.That(statuses["ledger.vm.save"], Is.EqualTo(Enum.GetValues<VmStatus>().Select(s => s.ToWire())));
    }

    [Test]
    public void EveryVariableAnActivityComputesHasALabelAndEveryLabelNamesOne()
    {
        using var app = new WorkflowApplication();
        var registry = app.Services.GetRequiredService<IActivityRegistry>();
        var outputs = registry.Topics.Where(t => t != "variables.set") // its outputs are its input names
            .SelectMany(t => registry.Find(t)!.OutputNames([]).Select(name => (Topic: t, Name: name))).ToList();

        Assert.That(outputs.Where(o => ComputedVariableLabels.Find(o.Name) is null).Select(o => $"{o.Topic}: {o.Name}"), Is.Empty, "a computed variable without a label shows as a bare name");
        Assert.That(ComputedVariableLabels.Names.Except(outputs.Select(o => o.Name)), Is.Empty, "a label for a variable nothing computes");
        Assert.That(ComputedVariableLabels.Names.Select(n => ComputedVariableLabels.Find(n)!.Label), Has.All.Matches<string>(l => l!.Any(c => c >= '\u4e00' && c <= '\u9fff')));
    }

    [Test]
    public async Task TheTemplatesAreCamundaElementTemplatesThatSetTheTopicAndNameEachInput()
    {
        using var app = new WorkflowApplication();
        using var admin = await app.AdminClientAsync();

        var templates = (await (await admin.GetAsync("/api/definitions/element-templates")).ReadJsonAsync()).AsArray();

        var email = templates.Single(t => t!["id"]!.GetValue<string>() == "zzut.email.send")!;
        Assert.That(email["name"]!.GetValue<string>(), Is.EqualTo("发送邮件"));
        Assert.That(email["appliesTo"]!.AsArray().Select(a => a!.GetValue<string>()), Is.EqualTo(new[] { "bpmn:ServiceTask", "bpmn:SendTask" }));
        var properties = email["properties"]!.AsArray();
        Assert.That(properties.Where(p => p!["binding"]!["type"]!.GetValue<string>() == "property").Select(p => (p!["binding"]!["name"]!.GetValue<string>(), p["value"]!.GetValue<string>())),
            Is.EqualTo(new[] { ("camunda:type", "external"), ("camunda:topic", "email.send") }));
        var to = properties.Single(p => p!["binding"]!["name"]!.GetValue<string>() == "to")!;
        Assert.That((to["binding"]!["type"]!.GetValue<string>(), to["label"]!.GetValue<string>(), to["constraints"]!["notEmpty"]!.GetValue<bool>()), Is.EqualTo(("camunda:inputParameter", "收件人（必填）", true)));
        Assert.That(to["description"]!.GetValue<string>(), Does.Contain("role:"));
    }

    [Test]
    public async Task AFormCheckListsTheFormsProblemsByComponentAndChecksSampleDataAsASubmission()
    {
        using var app = new WorkflowApplication();
        using var admin = await app.AdminClientAsync();
        var unusable = JsonNode.Parse("""
            { "id": "checked-form", "type": "default", "components": [
                { "type": "select", "key": "level", "label": "级别", "valuesKey": "levels" },
                { "type": "textfield", "key": "title", "label": "标题", "validate": { "required": true, "maxLength": 5 } } ] }
            """)!;
        var usable = JsonNode.Parse("""
            { "id": "checked-form", "type": "default", "components": [
                { "type": "textfield", "key": "title", "label": "标题", "validate": { "required": true, "maxLength": 5 } } ] }
            """)!;

        var problems = await (await admin.PostAsJsonAsync("/api/forms/check", new { form = unusable })).ReadJsonAsync();
        var refused = await admin.PutAsJsonAsync("/api/forms/checked-form", unusable);
        var data = await (await admin.PostAsJsonAsync("/api/forms/check", new { form = usable, data = new { title = "一个太长的标题" } })).ReadJsonAsync();

        Assert.That(problems["valid"]!.GetValue<bool>(), Is.False);
        var problem = problems["problems"]!.AsArray().Single()!;
        Assert.That((problem["key"]!.GetValue<string>(), problem["message"]!.GetValue<string>()), Is.EqualTo(("level", problem["message"]!.GetValue<string>())));
        Assert.That(problem["message"]!.GetValue<string>(), Does.StartWith("组件 'level' 须列出可选值"));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await refused.ReadJsonAsync())["byComponent"]![0]!["key"]!.GetValue<string>(), Is.EqualTo("level"), "deploying names the component too");
        Assert.That(data["valid"]!.GetValue<bool>(), Is.True);
        Assert.That(data["errors"]!["title"]![0]!.GetValue<string>(), Does.Contain("5"), "the sample is checked as a submission would be");
        Assert.That((await admin.GetAsync("/api/forms/checked-form")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "checking deploys nothing");
    }

    [Test]
    public async Task AFormsUsageNamesTheDefinitionVersionsAndElementsAndCountsItsOpenTasks()
    {
        using var app = new WorkflowApplication();
        using var admin = await app.AdminClientAsync();
        await admin.DeployAsync(Fixtures.Review());
        await admin.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } });
        await admin.DeployAsync(Fixtures.Review().Replace("camunda:formRef=\"unit-self-inspection-review\"", string.Empty, StringComparison.Ordinal));

        var usage = await (await admin.GetAsync("/api/forms/unit-self-inspection-review/usage")).ReadJsonAsync();

        var inReview = usage["definitions"]!.AsArray().Single(d => d!["key"]!.GetValue<string>() == "api-review")!;
        Assert.That((inReview["version"]!.GetValue<int>(), inReview["isLatest"]!.GetValue<bool>()), Is.EqualTo((1, false)), "version 2 no longer names the form");
        Assert.That(inReview["elements"]!.AsArray().Select(e => e!["elementId"]!.GetValue<string>()), Is.EqualTo(new[] { "review" }));
        Assert.That(usage["definitions"]!.AsArray().Any(d => d!["key"]!.GetValue<string>() == "unit-self-inspection" && d["isLatest"]!.GetValue<bool>()), Is.True, "the shipped procedure uses it too");
        var open = usage["openTasks"]!.AsArray().Single()!;
        Assert.That((open["definitionKey"]!.GetValue<string>(), open["elementId"]!.GetValue<string>(), open["count"]!.GetValue<int>()), Is.EqualTo(("api-review", "review", 1)));
    }

    private static async Task<JsonNode> ValidateAsync(HttpClient client, string xml)
    {
        using var content = new StringContent(xml, Encoding.UTF8, "application/xml");
        var response = await client.PostAsync("/api/definitions/validate", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static async Task<HttpResponseMessage> PutDraftAsync(HttpClient client, string key, string xml, string query)
    {
        using var content = new StringContent(xml, Encoding.UTF8, "application/xml");
        return await client.PutAsync($"/api/definitions/{key}/draft{query}", content);
    }
}
