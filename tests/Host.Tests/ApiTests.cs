using System.Net;
using System.Text.Json.Nodes;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>Every endpoint's shape and status codes, on a real host with its own database.</summary>
public sealed class ApiTests
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

    private async Task<JsonNode> StartReviewAsync(string? businessKey = null)
    {
        await client.DeployAsync(Fixtures.Review());
        var response = await client.PostJsonAsync("/api/instances", new { definitionKey = "api-review", businessKey, variables = new { unitCode = "jsj" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<JsonArray> OpenTasksAsync(string instanceId) =>
        (await (await client.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync()).AsArray();

    [Test]
    public async Task DeployCreatesAVersionAndIdenticalContentReturnsIt()
    {
        var created = await client.DeployAsync(Fixtures.Review());
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(created.Headers.Location?.ToString(), Is.EqualTo("/api/definitions/api-review/versions/1/xml"));
        var body = await created.ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(body["key"]!.GetValue<string>(), Is.EqualTo("api-review"));
            Assert.That(body["version"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("审核"));
            Assert.That(body["hash"]!.GetValue<string>(), Has.Length.EqualTo(64));
            Assert.That(body["id"], Is.Not.Null);
            Assert.That(body["deployedAt"], Is.Not.Null);
        });

        var same = await client.DeployAsync(Fixtures.Review());
        Assert.That(same.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await same.ReadJsonAsync())["id"]!.GetValue<string>(), Is.EqualTo(body["id"]!.GetValue<string>()));

        var changed = await client.DeployAsync(Fixtures.Review(name: "审核（修订）"));
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await changed.ReadJsonAsync())["version"]!.GetValue<int>(), Is.EqualTo(2));

        var list = (await (await client.GetAsync("/api/definitions")).ReadJsonAsync()).AsArray();
        var entry = list.Single(d => d!["key"]!.GetValue<string>() == "api-review")!;
        Assert.That(entry["latestVersion"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(entry["name"]!.GetValue<string>(), Is.EqualTo("审核（修订）"));

        var versions = (await (await client.GetAsync("/api/definitions/api-review/versions")).ReadJsonAsync()).AsArray();
        Assert.That(versions.Select(v => v!["version"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(versions[0]!["hash"]!.GetValue<string>(), Is.EqualTo(body["hash"]!.GetValue<string>()));

        var xml = await client.GetAsync("/api/definitions/api-review/versions/1/xml");
        Assert.That(xml.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/xml"));
        Assert.That(await xml.Content.ReadAsStringAsync(), Does.Contain("name=\"审核\""));
        Assert.That((await client.GetAsync("/api/definitions/api-review/versions/9/xml")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync("/api/definitions/nope/versions")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task InvalidDefinitionIsA400ListingEveryProblemWithElementAndLine()
    {
        var response = await client.DeployAsync(Fixtures.Invalid());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await response.ReadJsonAsync())["errors"]!.AsArray();
        var byElement = errors.ToDictionary(e => e!["elementId"]!.GetValue<string>(), e => e!);
        Assert.That(byElement.Keys, Is.SupersetOf(new[] { "script", "f0" }));
        Assert.That(byElement["script"]["line"]!.GetValue<int>(), Is.EqualTo(5));
        Assert.That(byElement["f0"]["line"]!.GetValue<int>(), Is.EqualTo(6));
        Assert.That(byElement["f0"]["message"]!.GetValue<string>(), Does.Contain("nowhere"));
    }

    [Test]
    public async Task StartReturnsTheInstanceAndBusinessKeysAreExclusiveWhileRunning()
    {
        var instance = await StartReviewAsync("case-1");
        Assert.Multiple(() =>
        {
            Assert.That(instance["definitionKey"]!.GetValue<string>(), Is.EqualTo("api-review"));
            Assert.That(instance["version"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(instance["status"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(instance["businessKey"]!.GetValue<string>(), Is.EqualTo("case-1"));
            Assert.That(instance["activeElementIds"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(new[] { "review" }));
            Assert.That(instance["variables"]!["unitCode"]!.GetValue<string>(), Is.EqualTo("jsj"));
        });

        var second = await client.PostJsonAsync("/api/instances", new { definitionKey = "api-review", businessKey = "case-1", variables = new { unitCode = "jsj" } });
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var problem = await second.ReadJsonAsync();
        Assert.That(problem["existingInstanceId"]!.GetValue<string>(), Is.EqualTo(instance["id"]!.GetValue<string>()));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain(instance["id"]!.GetValue<string>()));

        var unknown = await client.PostJsonAsync("/api/instances", new { definitionKey = "no-such-process" });
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));

        var missingKey = await client.PostJsonAsync("/api/instances", new { version = 1 });
        Assert.That(missingKey.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await missingKey.ReadJsonAsync())["errors"]!["definitionKey"], Is.Not.Null);
    }

    [Test]
    public async Task InstancesCanBeReadQueriedAndTheirHistoryVerified()
    {
        var instance = await StartReviewAsync("case-q");
        var id = instance["id"]!.GetValue<string>();

        var read = await (await client.GetAsync($"/api/instances/{id}")).ReadJsonAsync();
        Assert.That(read["incidents"]!.AsArray(), Is.Empty);
        var missing = await client.GetAsync($"/api/instances/{Guid.NewGuid()}");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(missing.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));

        var byKey = (await (await client.GetAsync("/api/instances?businessKey=case-q")).ReadJsonAsync()).AsArray();
        Assert.That(byKey.Select(i => i!["id"]!.GetValue<string>()), Is.EqualTo(new[] { id }));
        var completed = (await (await client.GetAsync("/api/instances?definitionKey=api-review&status=completed")).ReadJsonAsync()).AsArray();
        Assert.That(completed, Is.Empty);

        var history = (await (await client.GetAsync($"/api/instances/{id}/history")).ReadJsonAsync()).AsArray();
        Assert.That(history.Select(h => h!["type"]!.GetValue<string>()), Does.Contain("task.created"));
        Assert.That(history.All(h => h!["hash"]!.GetValue<string>().Length == 64), Is.True);

        var verdict = await (await client.GetAsync($"/api/instances/{id}/history/verify")).ReadJsonAsync();
        Assert.That(verdict["intact"]!.GetValue<bool>(), Is.True);
        Assert.That(verdict["entries"]!.GetValue<int>(), Is.EqualTo(history.Count));
    }

    [Test]
    public async Task TasksAreListedByGroupAndCompletedOnce()
    {
        var instance = await StartReviewAsync();
        var id = instance["id"]!.GetValue<string>();

        var byGroup = (await (await client.GetAsync("/api/tasks?candidateGroup=unit:jsj&status=open")).ReadJsonAsync()).AsArray();
        var task = byGroup.Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(task["instanceId"]!.GetValue<string>(), Is.EqualTo(id));
            Assert.That(task["elementId"]!.GetValue<string>(), Is.EqualTo("review"));
            Assert.That(task["name"]!.GetValue<string>(), Is.EqualTo("审核申请"));
            Assert.That(task["candidateGroups"]!.AsArray().Select(g => g!.GetValue<string>()), Is.EqualTo(new[] { "unit:jsj" }));
            Assert.That(task["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(WorkflowApplication.Start.AddHours(1)));
            Assert.That(task["formRef"]!.GetValue<string>(), Is.EqualTo("unit-self-inspection-review"));
            Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("open"));
            Assert.That(task["priority"]!.GetValue<int>(), Is.EqualTo(50));
            Assert.That(task["assignee"], Is.Null);
            Assert.That(task["followUpAt"], Is.Null);
            Assert.That(task["createdAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(WorkflowApplication.Start));
        });
        Assert.That((await (await client.GetAsync("/api/tasks?candidateGroup=unit:other")).ReadJsonAsync()).AsArray(), Is.Empty);
        Assert.That((await client.GetAsync("/api/tasks?status=bogus")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        var taskId = task["id"]!.GetValue<string>();
        var single = await (await client.GetAsync($"/api/tasks/{taskId}")).ReadJsonAsync();
        Assert.That(single["id"]!.GetValue<string>(), Is.EqualTo(taskId));

        var done = await client.PostJsonAsync($"/api/tasks/{taskId}/complete", new { variables = new { approved = true } });
        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var after = await done.ReadJsonAsync();
        Assert.That(after["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(after["variables"]!["approved"]!.GetValue<bool>(), Is.True);

        var twice = await client.PostJsonAsync($"/api/tasks/{taskId}/complete", new { variables = new { approved = false } });
        Assert.That(twice.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(twice.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await client.PostJsonAsync($"/api/tasks/{Guid.NewGuid()}/complete", new { })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var completed = (await (await client.GetAsync($"/api/tasks?instanceId={id}&status=completed")).ReadJsonAsync()).AsArray();
        Assert.That(completed.Single()!["id"]!.GetValue<string>(), Is.EqualTo(taskId));
    }

    [Test]
    public async Task ReworkLoopReturnsTheTask()
    {
        var instance = await StartReviewAsync();
        var id = instance["id"]!.GetValue<string>();
        var first = (await OpenTasksAsync(id)).Single()!["id"]!.GetValue<string>();
        var returned = await client.PostJsonAsync($"/api/tasks/{first}/complete", new { variables = new { approved = false, reviewComment = "材料不全" } });
        Assert.That(returned.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a return says why (the form's reviewComment is required when not approved)");
        var again = (await OpenTasksAsync(id)).Single()!;
        Assert.That(again["elementId"]!.GetValue<string>(), Is.EqualTo("review"));
        Assert.That(again["id"]!.GetValue<string>(), Is.Not.EqualTo(first));
    }

    [Test]
    public async Task MessagesReachWaitingInstancesOr404()
    {
        var instance = await StartReviewAsync("case-m");
        var response = await client.PostJsonAsync("/api/messages", new { name = "withdraw", businessKey = "case-m", variables = new { reason = "重复申请" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var ids = (await response.ReadJsonAsync())["instanceIds"]!.AsArray().Select(i => i!.GetValue<string>());
        Assert.That(ids, Is.EqualTo(new[] { instance["id"]!.GetValue<string>() }));
        var after = await (await client.GetAsync($"/api/instances/{instance["id"]}")).ReadJsonAsync();
        Assert.That(after["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(after["variables"]!["reason"]!.GetValue<string>(), Is.EqualTo("重复申请"));

        var nobody = await client.PostJsonAsync("/api/messages", new { name = "withdraw", businessKey = "case-m" });
        Assert.That(nobody.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.PostJsonAsync("/api/messages", new { businessKey = "x" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task DueTimersFireWhenTheClockHasPassedThem()
    {
        var instance = await StartReviewAsync();
        var id = instance["id"]!.GetValue<string>();
        var timers = (await (await client.GetAsync("/api/timers")).ReadJsonAsync()).AsArray();
        Assert.That(timers.Single()!["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(WorkflowApplication.Start.AddHours(1)));

        app.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.That((await (await client.PostAsync("/api/timers/fire-due", null)).ReadJsonAsync())["fired"]!.GetValue<int>(), Is.Zero);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That((await (await client.PostAsync("/api/timers/fire-due", null)).ReadJsonAsync())["fired"]!.GetValue<int>(), Is.EqualTo(1));

        var open = await OpenTasksAsync(id);
        Assert.That(open.Single()!["elementId"]!.GetValue<string>(), Is.EqualTo("escalated"));
        Assert.That(open.Single()!["candidateGroups"]![0]!.GetValue<string>(), Is.EqualTo("role:leading-group"));
    }

    [Test]
    public async Task CancelEndsARunningInstanceOnce()
    {
        var instance = await StartReviewAsync();
        var id = instance["id"]!.GetValue<string>();
        var cancelled = await client.PostAsync($"/api/instances/{id}/cancel", null);
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await cancelled.ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("cancelled"));
        Assert.That(await OpenTasksAsync(id), Is.Empty);
        Assert.That((await client.PostAsync($"/api/instances/{id}/cancel", null)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await client.PostAsync($"/api/instances/{Guid.NewGuid()}/cancel", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AnIncidentIsVisibleAndRetryableOnceItsCauseIsFixed()
    {
        await client.DeployAsync(Fixtures.Fragile());
        var started = await (await client.PostJsonAsync("/api/instances", new { definitionKey = "fragile" })).ReadJsonAsync();
        var id = started["id"]!.GetValue<string>();
        Assert.That(started["status"]!.GetValue<string>(), Is.EqualTo("incident"));
        var incident = started["incidents"]![0]!;
        Assert.That(incident["elementId"]!.GetValue<string>(), Is.EqualTo("gw"));
        Assert.That(incident["message"]!.GetValue<string>(), Does.Contain("system"));
        var incidentId = incident["id"]!.GetValue<string>();

        var patched = await client.PatchAsync($"/api/instances/{id}/variables", JsonContent(new { system = new { level = 3 } }));
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var retried = await client.PostAsync($"/api/instances/{id}/incidents/{incidentId}/retry", null);
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var after = await retried.ReadJsonAsync();
        Assert.That(after["status"]!.GetValue<string>(), Is.EqualTo("active"));
        Assert.That(after["activeElementIds"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(new[] { "highTask" }));
        Assert.That((await client.PostAsync($"/api/instances/{id}/incidents/{incidentId}/retry", null)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task ACallActivityIsCheckedAtDeploymentLinksBothInstancesAndIsCancelledWithItsCaller()
    {
        var refused = await client.DeployAsync(Fixtures.Caller("api-review"));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = (await refused.ReadJsonAsync())["errors"]!.AsArray().Single()!;
        Assert.That(error["elementId"]!.GetValue<string>(), Is.EqualTo("call"));
        Assert.That(error["line"]!.GetValue<int>(), Is.EqualTo(5));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("api-review"));

        await client.DeployAsync(Fixtures.Review());
        Assert.That((await client.DeployAsync(Fixtures.Caller("api-review"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var started = await (await client.PostJsonAsync("/api/instances", new { definitionKey = "api-caller", variables = new { unitCode = "jsj" } })).ReadJsonAsync();
        var parentId = started["id"]!.GetValue<string>();
        var parent = await (await client.GetAsync($"/api/instances/{parentId}")).ReadJsonAsync();
        var called = parent["calledInstances"]!.AsArray().Single()!;
        Assert.That(called["elementId"]!.GetValue<string>(), Is.EqualTo("call"));
        var childId = called["id"]!.GetValue<string>();
        var child = await (await client.GetAsync($"/api/instances/{childId}")).ReadJsonAsync();
        Assert.That(child["parentInstanceId"]!.GetValue<string>(), Is.EqualTo(parentId));
        Assert.That(await OpenTasksAsync(childId), Has.Count.EqualTo(1));

        Assert.That((await client.PostAsync($"/api/instances/{childId}/cancel", null)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await client.PostAsync($"/api/instances/{parentId}/cancel", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var cancelledChild = await (await client.GetAsync($"/api/instances/{childId}")).ReadJsonAsync();
        Assert.That(cancelledChild["status"]!.GetValue<string>(), Is.EqualTo("cancelled"));
        Assert.That(await OpenTasksAsync(childId), Is.Empty);
    }

    [Test]
    public async Task OpenApiDocumentAndHealthAreServed()
    {
        var openApi = await client.GetAsync("/openapi/v1.json");
        Assert.That(openApi.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var document = await openApi.ReadJsonAsync();
        Assert.That(document["paths"]!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "/api/definitions", "/api/instances", "/api/tasks/{id}/complete", "/api/messages" }));
        var health = await client.GetAsync("/health");
        Assert.That((await health.ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("healthy"));
        var missing = await client.GetAsync("/api/nothing-here");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(missing.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    private static StringContent JsonContent(object value) =>
        new(System.Text.Json.JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");
}
