using System.Net;
using Microsoft.Extensions.Time.Testing;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>Stopping the host mid-way loses nothing: a new host on the same SQLite file continues exactly where it was.</summary>
public sealed class DurabilityTests
{
    [Test]
    public async Task InstancesTasksAndTimersContinueAfterTheHostIsRestarted()
    {
        var clock = new FakeTimeProvider(WorkflowApplication.Start);
        string dataPath;
        string onTimeId, lateId, taskId;
        using (var first = new WorkflowApplication(clock: clock) { KeepData = true })
        {
            dataPath = first.DataPath;
            using var client = await first.OperatorClientAsync();
            Assert.That((await client.DeployAsync(Fixtures.Review())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
            onTimeId = (await (await client.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync())["id"]!.GetValue<string>();
            lateId = (await (await client.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "wxy" } })).ReadJsonAsync())["id"]!.GetValue<string>();
            taskId = (await (await client.GetAsync($"/api/tasks?instanceId={onTimeId}&status=open")).ReadJsonAsync())[0]!["id"]!.GetValue<string>();
        }

        try
        {
            using var second = new WorkflowApplication(dataPath, clock);
            using var client = await second.OperatorClientAsync();

            var instance = await (await client.GetAsync($"/api/instances/{onTimeId}")).ReadJsonAsync();
            Assert.That(instance["activeElementIds"]![0]!.GetValue<string>(), Is.EqualTo("review"));
            Assert.That((await (await client.GetAsync("/api/timers")).ReadJsonAsync()).AsArray(), Has.Count.EqualTo(2));
            Assert.That((await (await client.GetAsync("/api/definitions/api-review/versions")).ReadJsonAsync()).AsArray(), Has.Count.EqualTo(1));

            var done = await client.PostJsonAsync($"/api/tasks/{taskId}/complete", new { variables = new { approved = true } });
            Assert.That((await done.ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("completed"));

            clock.Advance(TimeSpan.FromHours(1));
            var fired = await (await client.PostAsync("/api/timers/fire-due", null)).ReadJsonAsync();
            Assert.That(fired["fired"]!.GetValue<int>(), Is.EqualTo(1), "only the late instance's timer was still armed");
            var late = (await (await client.GetAsync($"/api/tasks?instanceId={lateId}&status=open")).ReadJsonAsync()).AsArray();
            Assert.That(late.Single()!["elementId"]!.GetValue<string>(), Is.EqualTo("escalated"));
            Assert.That((await (await client.GetAsync($"/api/instances/{lateId}/history/verify")).ReadJsonAsync())["intact"]!.GetValue<bool>(), Is.True);
        }
        finally
        {
            WorkflowApplication.DeleteData(dataPath);
        }
    }
}
