using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Apis;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Host.Jobs;
using Zzut.Workflows.Host.Jobs.Scans;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Bench;

/// <summary>
/// <c>http-review [count] [concurrency]</c>: the review model driven through the real host's HTTP API on a loopback
/// Kestrel port, as clients would: each client signs in as a user of its own (role center, bearer token), starts an
/// instance through its start form (<c>level</c> = 3), lists the instance's open tasks and completes each through its
/// form (<c>approved</c>), until none is open. COUNT instances with one client, then COUNT with CONCURRENCY clients on
/// the same host; prints both rates and their ratio. As in <c>review</c>, the service task's call is queued for the
/// Hangfire server, which does not run here, so each instance is four steps (start and three completions).
/// </summary>
internal static class HttpReviewBenchmark
{
    private const string StartForm = "bench-review-start";
    private const string DecisionForm = "bench-review-decision";
    private const string Password = "Bench-Center-Passw0rd";

    public static async Task RunAsync(int count, int concurrency)
    {
        var dataPath = BenchHost.NewDataPath();
        var definitions = Path.Combine(dataPath, "definitions");
        WriteDefinitions(definitions);
        var app = await StartHostAsync(dataPath, definitions);
        try
        {
            var address = new Uri(app.Urls.First());
            var clients = new List<HttpClient>();
            for (var i = 0; i < Math.Max(1, concurrency); i++)
            {
                clients.Add(await SignedInClientAsync(app, address, "bench-center-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            await BenchHost.WarmUpAsync(() => RunClientsAsync(clients, Math.Min(100, count))); // JIT, pools, caches
            var timings = app.Services.GetRequiredService<StepTimings>();
            var (oneSeconds, oneSteps, oneLoad) = await TimedAsync(clients.Take(1).ToList(), count, timings);
            var (manySeconds, manySteps, manyLoad) = await TimedAsync(clients, count, timings);
            var one = count / oneSeconds;
            var many = count / manySeconds;
            Console.WriteLine($"http-review {count:N0} instances through the HTTP API (Kestrel on loopback, bearer tokens, forms checked), SQLite WAL:");
            Console.WriteLine($"  1 client:  {oneSeconds:F2} s, {one:F1} instances/s, {oneSteps / oneSeconds:F0} steps/s (load average before / after: {oneLoad})");
            Console.WriteLine($"  {clients.Count} clients: {manySeconds:F2} s, {many:F1} instances/s, {manySteps / manySeconds:F0} steps/s (load average before / after: {manyLoad})");
            Console.WriteLine($"  {clients.Count} clients ÷ 1 client = {many / one:F2}");
            StepProfile.Print(timings, Console.Out);
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static async Task<(double Seconds, int Steps, string Load)> TimedAsync(List<HttpClient> clients, int count, StepTimings timings)
    {
        timings.Reset();
        var load = BenchHost.LoadAverage();
        var clock = Stopwatch.StartNew();
        var steps = await RunClientsAsync(clients, count);
        clock.Stop();
        return (clock.Elapsed.TotalSeconds, steps, load + " / " + BenchHost.LoadAverage());
    }

    /// <summary>COUNT instances through the clients, each client one request at a time; returns the number of steps.</summary>
    private static async Task<int> RunClientsAsync(List<HttpClient> clients, int count)
    {
        var next = -1;
        var steps = 0;
        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = clients.Count }, async (client, ct) =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                using var started = await client.PostAsJsonAsync("/api/instances", new { definitionKey = ReviewBenchmark.Key, variables = new { level = 3 } }, ct);
                var instance = await ReadAsync(started, ct);
                var instanceId = instance["id"]!.GetValue<Guid>();
                var done = 1;
                while (true)
                {
                    using var listed = await client.GetAsync($"/api/tasks?instanceId={instanceId}&status=open", ct);
                    var open = (await ReadAsync(listed, ct)).AsArray();
                    if (open.Count == 0)
                    {
                        break;
                    }

                    foreach (var task in open)
                    {
                        using var completed = await client.PostAsJsonAsync($"/api/tasks/{task!["id"]}/complete", new { variables = new { approved = true } }, ct);
                        await ReadAsync(completed, ct);
                        done++;
                    }
                }

                Interlocked.Add(ref steps, done);
            }
        });
        return steps;
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!;
    }

    /// <summary>A user with the center role (created in the accounts store) signed in over HTTP with a bearer token.</summary>
    private static async Task<HttpClient> SignedInClientAsync(WebApplication app, Uri address, string userName)
    {
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AccountUser>>();
            var user = new AccountUser { UserName = userName, RealName = userName, UnitCode = null };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }

            await users.AddToRoleAsync(user, "center");
        }

        var client = new HttpClient { BaseAddress = address };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = Password });
        var token = (await ReadAsync(response, CancellationToken.None))["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The review model with forms (a start form asking the level, a decision form on each task), started by the center, and the two forms.</summary>
    private static void WriteDefinitions(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "forms"));
        var xml = ReviewBenchmark.ModelXml
            .Replace("isExecutable=\"true\">", "isExecutable=\"true\" camunda:candidateStarterGroups=\"role:center\">", StringComparison.Ordinal)
            .Replace("<bpmn:startEvent id=\"start\" />", $"<bpmn:startEvent id=\"start\" camunda:formRef=\"{StartForm}\" />", StringComparison.Ordinal)
            .Replace("camunda:candidateGroups=\"role:center\">", $"camunda:candidateGroups=\"role:center\" camunda:formRef=\"{DecisionForm}\">", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "bench-review.bpmn"), xml);
        File.WriteAllText(Path.Combine(folder, "forms", StartForm + ".form"), $$"""
            { "type": "default", "id": "{{StartForm}}", "schemaVersion": 16, "components": [
              { "id": "Field_level", "type": "number", "key": "level", "label": "级别", "validate": { "min": 1, "max": 5, "required": true } } ] }
            """);
        File.WriteAllText(Path.Combine(folder, "forms", DecisionForm + ".form"), $$"""
            { "type": "default", "id": "{{DecisionForm}}", "schemaVersion": 16, "components": [
              { "id": "Field_approved", "type": "checkbox", "key": "approved", "label": "同意" } ] }
            """);
    }

    /// <summary>The host as Program.cs wires it (without the web pages and the start-up scan pass), on a loopback port.</summary>
    private static async Task<WebApplication> StartHostAsync(string dataPath, string definitions)
    {
        var builder = WebApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Workflows:DataPath"] = dataPath,
            ["Workflows:DefinitionsPath"] = definitions,
            ["Workflows:Hangfire:Server"] = "false",
            ["Bootstrap:AdminPassword"] = "Bench-Admin-Passw0rd",
            ["Workflows:Auth:RequireHttps"] = "false",
            ["Workflows:Auth:SignInPermitLimit"] = "10000",
        });
        builder.Configuration.AddCommandLine(BenchHost.Overrides);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddWorkflowServices();
        builder.AddAccounts(WorkflowHostExtensions.ResolveDatabase(builder));
        builder.AddHttpApi();
        builder.AddWorkflowJobs();
        builder.AddScans();
        var app = builder.Build();
        app.UseHttpApi();
        app.UseAccounts();
        app.UseJsonBodyCheck();
        app.UseWorkflowJobs();
        app.MapAuthApi();
        app.MapDefinitionsApi();
        app.MapInstancesApi();
        app.MapTasksApi();
        app.MapFormsApi();
        await app.InitializeWorkflowsAsync();
        await app.InitializeAccountsAsync();
        await app.StartAsync();
        return app;
    }
}
