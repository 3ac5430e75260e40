using System.Net;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>The README's walkthrough, step by step, against the shipped definition.</summary>
public sealed class WalkthroughTests
{
    [Test]
    public async Task TheReadmeWalkthroughWorksAsWritten()
    {
        using var app = new WorkflowApplication();
        using var client = await app.ClientAsync("zhongxin", "center");
        using var unit = await app.ClientAsync("jsj-anquan", "unit", "jsj");
        using var admin = await app.AdminClientAsync();

        var definitions = (await (await client.GetAsync("/api/definitions")).ReadJsonAsync()).AsArray();
        Assert.That(definitions.Select(d => d!["key"]!.GetValue<string>()), Does.Contain("unit-self-inspection"));

        var started = await client.PostJsonAsync("/api/instances", new
        {
            definitionKey = "unit-self-inspection",
            businessKey = "self-inspection:jsj:2026-H2",
            variables = new { unitCode = "jsj", period = "2026-H2" },
        });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var instanceId = (await started.ReadJsonAsync())["id"]!.GetValue<string>();

        var unitTasks = (await (await unit.GetAsync("/api/tasks?status=open")).ReadJsonAsync()).AsArray();
        var inspect = unitTasks.Single()!;
        Assert.That(inspect["name"]!.GetValue<string>(), Is.EqualTo("单位自查并提交报告"));
        Assert.That(inspect["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(WorkflowApplication.Start.AddDays(14)));
        Assert.That((await unit.PostJsonAsync($"/api/tasks/{inspect["id"]}/complete", new { variables = new { summary = "全部系统已完成自查" } })).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var review = (await (await client.GetAsync("/api/tasks?status=open")).ReadJsonAsync()).AsArray().Single()!;
        var done = await (await client.PostJsonAsync($"/api/tasks/{review["id"]}/complete", new { variables = new { approved = true } })).ReadJsonAsync();
        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(done["variables"]!["archivedAt"]!.GetValue<string>(), Is.EqualTo("2026-03-02T01:00:00.000Z"));

        var history = (await (await client.GetAsync($"/api/instances/{instanceId}/history")).ReadJsonAsync()).AsArray();
        Assert.That(history.Select(h => h!["type"]!.GetValue<string>()), Does.Contain("instance.completed"));
        Assert.That((await (await client.GetAsync($"/api/instances/{instanceId}/history/verify")).ReadJsonAsync())["intact"]!.GetValue<bool>(), Is.True);

        var redeploy = await admin.DeployAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "definitions", "unit-self-inspection.bpmn")));
        Assert.That(redeploy.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the shipped file is already deployed");
    }

    [Test]
    public async Task RemindersRepeatThreeTimesWhileTheUnitHasNotReported()
    {
        using var app = new WorkflowApplication();
        using var client = await app.OperatorClientAsync();
        var instanceId = (await (await client.PostJsonAsync("/api/instances", new { definitionKey = "unit-self-inspection", variables = new { unitCode = "jsj" } })).ReadJsonAsync())["id"]!.GetValue<string>();

        var fired = new List<int>();
        for (var day = 1; day <= 12; day++)
        {
            app.Clock.Advance(TimeSpan.FromDays(1));
            fired.Add((await (await client.PostAsync("/api/timers/fire-due", null)).ReadJsonAsync())["fired"]!.GetValue<int>());
        }

        Assert.That(fired, Is.EqualTo(new[] { 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0 }), "R3/P3D: days 3, 6 and 9");
        var history = (await (await client.GetAsync($"/api/instances/{instanceId}/history")).ReadJsonAsync()).AsArray();
        Assert.That(history.Count(h => h!["type"]!.GetValue<string>() == "element.entered" && h["elementId"]!.GetValue<string>() == "Task_Remind"), Is.EqualTo(3));
        var open = (await (await client.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync()).AsArray();
        Assert.That(open.Single()!["elementId"]!.GetValue<string>(), Is.EqualTo("Task_Inspect"));
    }
}
