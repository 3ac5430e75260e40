using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>
/// One procedure walked through the HTTP API by the people who act in it, each signed in with a single role, on the
/// shipped definitions, units, forms and calendar, with a fake clock.
/// </summary>
internal sealed class Scenario : IDisposable
{
    private Scenario(WorkflowApplication app) => App = app;

    public WorkflowApplication App { get; }

    /// <summary>The security officer of 计算机与人工智能学院 (jsj).</summary>
    public HttpClient Unit { get; private set; } = null!;

    /// <summary>The head (负责人) of jsj, role unit-head: signs the unit's head tasks (head:jsj).</summary>
    public HttpClient Head { get; private set; } = null!;

    public HttpClient Office { get; private set; } = null!;

    public HttpClient LeadingGroup { get; private set; } = null!;

    public HttpClient Center { get; private set; } = null!;

    public HttpClient Expert { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    private HttpClient? vendor;
    private HttpClient? otherUnit;

    /// <summary>The head (负责人) of jsj, who signs for it (group head:jsj): <see cref="Head"/>.</summary>
    public Task<HttpClient> HeadAsync() => Task.FromResult(Head);

    /// <summary>A company's account (role vendor), created on first use.</summary>
    public async Task<HttpClient> VendorAsync() => vendor ??= await App.ClientAsync("gongsi", "vendor");

    /// <summary>The security officer of 外国语学院 (wxy), created on first use.</summary>
    public async Task<HttpClient> OtherUnitAsync() => otherUnit ??= await App.ClientAsync("wxy-anquan", "unit", "wxy");

    /// <summary>Runs a scan the way its Hangfire recurring job does (trigger "schedule"), at the fake clock's now.</summary>
    public async Task RunJobAsync(string name)
    {
        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<Jobs.WorkflowJobs>().RunRecurringAsync(name, CancellationToken.None);
    }

    /// <summary>Runs the external calls that are due (as the Hangfire jobs would); returns how many ran.</summary>
    public Task<int> RunExternalAsync() => App.Services.GetRequiredService<Runtime.IWorkflowEngine>().RunDueExternalTasksAsync(Now);

    /// <summary>Instances of a definition, newest first.</summary>
    public async Task<JsonArray> InstancesAsync(string definitionKey) => (await GetAsync(Admin, $"/api/instances?definitionKey={definitionKey}")).AsArray();

    /// <summary>A POST expected to be refused with 400; returns the fields named.</summary>
    public static async Task<string[]> RefusedFieldsAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        return [.. (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal)];
    }

    /// <summary>Completing the open task at the element is refused with 400; returns the fields named.</summary>
    public async Task<string[]> RefuseAsync(HttpClient client, string instanceId, string elementId, object variables)
    {
        var task = await TaskAsync(client, instanceId, elementId);
        return await RefusedFieldsAsync(await client.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new { variables }));
    }

    public static async Task<Scenario> CreateAsync(DateTimeOffset? start = null, Dictionary<string, string?>? settings = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var app = new WorkflowApplication(clock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(start ?? WorkflowApplication.Start), provider: provider);
        foreach (var (key, value) in settings ?? [])
        {
            app.Settings[key] = value;
        }

        var scenario = new Scenario(app)
        {
            Unit = await app.ClientAsync("jsj-anquan", "unit", "jsj"),
            Head = await app.ClientAsync("jsj-fuzeren", "unit-head", "jsj"),
            Office = await app.ClientAsync("bangongshi", "office"),
            LeadingGroup = await app.ClientAsync("lingdao", "leading-group"),
            Center = await app.ClientAsync("zhongxin", "center"),
            Expert = await app.ClientAsync("zhuanjia", "expert"),
        };
        scenario.Admin = await app.AdminClientAsync();
        return scenario;
    }

    public DateTimeOffset Now => App.Clock.GetUtcNow();

    public async Task<JsonNode> StartAsync(HttpClient client, string key, object variables)
    {
        var response = await client.PostJsonAsync("/api/instances", new { definitionKey = key, variables });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    /// <summary>The open task at the element, as <paramref name="client"/> sees it (fails when it sees none).</summary>
    public async Task<JsonNode> TaskAsync(HttpClient client, string instanceId, string elementId)
    {
        var open = (await (await client.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync()).AsArray();
        var task = open.SingleOrDefault(t => t!["elementId"]!.GetValue<string>() == elementId);
        if (task is null)
        {
            var instance = await InstanceAsync(instanceId);
            Assert.Fail($"{elementId} is not open for this user; open for them: {string.Join(", ", open.Select(t => t!["elementId"]))}; " +
                $"the instance is {instance["status"]} at {instance["activeElementIds"]?.ToJsonString()}, incidents {instance["incidents"]?.ToJsonString()}");
        }

        return task!;
    }

    /// <summary>Completes the open task at the element and returns the instance afterwards.</summary>
    public async Task<JsonNode> CompleteAsync(HttpClient client, string instanceId, string elementId, object variables)
    {
        var task = await TaskAsync(client, instanceId, elementId);
        var response = await client.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new { variables });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var instance = await response.ReadJsonAsync();
        Assert.That(instance["incidents"]!.AsArray(), Is.Empty, $"an incident after {elementId}: {instance["incidents"]}");
        return instance;
    }

    public async Task<JsonNode> InstanceAsync(string instanceId) => await (await Admin.GetAsync($"/api/instances/{instanceId}")).ReadJsonAsync();

    public async Task<string[]> ActiveAsync(string instanceId) =>
        [.. (await InstanceAsync(instanceId))["activeElementIds"]!.AsArray().Select(e => e!.GetValue<string>()).Order()];

    /// <summary>Moves the clock and fires what is due, as the Hangfire jobs would.</summary>
    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        App.Clock.Advance(by);
        return (await (await Admin.PostAsync("/api/timers/fire-due", null)).ReadJsonAsync())["fired"]!.GetValue<int>();
    }

    /// <summary>The text body of the (first) outbox message with the subject.</summary>
    public string Body(string subject)
    {
        using var scope = App.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<Zzut.Workflows.Persistence.WorkflowDbContext>().Outbox
            .Where(m => m.Subject == subject).OrderBy(m => m.CreatedAt).Select(m => m.TextBody).First();
    }

    /// <summary>The instance's e-mails, oldest first: (to, cc, subject).</summary>
    public async Task<List<(string To, string Cc, string Subject)>> EmailsAsync(string instanceId)
    {
        var messages = (await (await Admin.GetAsync($"/api/outbox?instanceId={instanceId}")).ReadJsonAsync()).AsArray();
        return [.. messages.OrderBy(m => m!["createdAt"]!.GetValue<DateTimeOffset>()).ThenBy(m => m!["id"]!.GetValue<string>())
            .Select(m => (m!["to"]!.GetValue<string>(), m["cc"]!.GetValue<string>(), m["subject"]!.GetValue<string>()))];
    }

    /// <summary>Every e-mail in the outbox (scans' reminders have no instance), oldest first: (to, cc, subject).</summary>
    public async Task<List<(string To, string Cc, string Subject)>> AllEmailsAsync()
    {
        var messages = (await (await Admin.GetAsync("/api/outbox")).ReadJsonAsync()).AsArray();
        return [.. messages.OrderBy(m => m!["createdAt"]!.GetValue<DateTimeOffset>()).ThenBy(m => m!["id"]!.GetValue<string>())
            .Select(m => (m!["to"]!.GetValue<string>(), m["cc"]!.GetValue<string>(), m["subject"]!.GetValue<string>()))];
    }

    /// <summary>The compliance overview as CSV.</summary>
    public async Task<string> GetCsvAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/compliance?format=csv");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<JsonNode> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public async Task<string[]> HistoryElementsAsync(string instanceId, string type) =>
        [.. (await GetAsync(Admin, $"/api/instances/{instanceId}/history")).AsArray()
            .Where(h => h!["type"]!.GetValue<string>() == type).Select(h => h!["elementId"]?.GetValue<string>() ?? string.Empty)];

    public void Dispose()
    {
        foreach (var client in new[] { Unit, Head, Office, LeadingGroup, Center, Expert, Admin, vendor, otherUnit })
        {
            client?.Dispose();
        }

        App.Dispose();
    }
}
