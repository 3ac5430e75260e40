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
            businessKey = "self-inspection:jsj:2026-H1",
            variables = new { unitCode = "jsj", period = "2026-H1", dueDate = "2026-03-31" },
        });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var instanceId = (await started.ReadJsonAsync())["id"]!.GetValue<string>();

        var unitTasks = (await (await unit.GetAsync("/api/tasks?status=open")).ReadJsonAsync()).AsArray();
        var inspect = unitTasks.Single()!;
        Assert.That(inspect["name"]!.GetValue<string>(), Is.EqualTo("单位自查并提交报告"));
        Assert.That(inspect["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 31, 23, 59, 59, TimeSpan.FromHours(8))));
        var report = await unit.PostJsonAsync($"/api/tasks/{inspect["id"]}/complete", new { variables = new { scope = "教务系统、学院网站", summary = "全部系统已完成自查" } });
        Assert.That(report.StatusCode, Is.EqualTo(HttpStatusCode.OK), await report.Content.ReadAsStringAsync());

        var review = (await (await client.GetAsync("/api/tasks?status=open")).ReadJsonAsync()).AsArray().Single()!;
        var done = await (await client.PostJsonAsync($"/api/tasks/{review["id"]}/complete", new { variables = new { approved = true, issueNotice = "no" } })).ReadJsonAsync();
        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var row = (await (await client.GetAsync("/api/self-inspections")).ReadJsonAsync()).AsArray().Single()!;
        Assert.That((row["period"]!.GetValue<string>(), row["status"]!.GetValue<string>(), row["summary"]!.GetValue<string>()), Is.EqualTo(("2026-H1", "approved", "全部系统已完成自查")));

        var history = (await (await client.GetAsync($"/api/instances/{instanceId}/history")).ReadJsonAsync()).AsArray();
        Assert.That(history.Select(h => h!["type"]!.GetValue<string>()), Does.Contain("instance.completed"));
        Assert.That((await (await client.GetAsync($"/api/instances/{instanceId}/history/verify")).ReadJsonAsync())["intact"]!.GetValue<bool>(), Is.True);

        var redeploy = await admin.DeployAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "definitions", "unit-self-inspection.bpmn")));
        Assert.That(redeploy.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the shipped file is already deployed");
    }
}
