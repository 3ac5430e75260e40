using System.Diagnostics;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Apis;
using Zzut.Workflows.Host.Infrastructure;

namespace Zzut.Workflows.Bench;

/// <summary>
/// Signs in COUNT times each with an existing name and a wrong password, a name nobody has, and the right password,
/// against the real host on loopback; prints the median and 90th percentile of each, so that the two refusals can be
/// compared (they should cost the same: one password hash check and one audit row).
/// </summary>
internal static class SignInBenchmark
{
    public static async Task RunAsync(int count)
    {
        var dataPath = BenchHost.NewDataPath();
        var builder = WebApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Workflows:DataPath"] = dataPath,
            ["Workflows:DefinitionsPath"] = Path.Combine(dataPath, "no-definitions"),
            ["Bootstrap:AdminPassword"] = "Bench-Admin-Passw0rd",
            ["Workflows:Auth:RequireHttps"] = "false",
            ["Workflows:Auth:SignInPermitLimit"] = "10000",
            ["Workflows:Auth:MaxFailedAttempts"] = "100",
            ["Workflows:Auth:AccountMaxFailedAttempts"] = "100000",
        });
        builder.Configuration.AddCommandLine(BenchHost.Overrides);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddWorkflowServices();
        builder.AddAccounts(WorkflowHostExtensions.ResolveDatabase(builder));
        builder.AddHttpApi();
        var app = builder.Build();
        app.UseHttpApi();
        app.UseAccounts();
        app.UseJsonBodyCheck();
        app.MapAuthApi();
        await app.InitializeWorkflowsAsync();
        await app.InitializeAccountsAsync();
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var cases = new (string Name, string User, string Password)[]
            {
                ("existing name, wrong password", "admin", "Wrong-Passw0rd-000"),
                ("unknown name", "nobody-at-all", "Wrong-Passw0rd-000"),
                ("right password", "admin", "Bench-Admin-Passw0rd"),
            };
            var times = cases.ToDictionary(c => c.Name, _ => new List<double>());
            for (var i = 0; i < count + 5; i++)
            {
                // Interleaved, so that the three see the same machine; the first five rounds warm up.
                foreach (var (name, user, password) in cases)
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = user, password });
                    watch.Stop();
                    if (i >= 5)
                    {
                        times[name].Add(watch.Elapsed.TotalMilliseconds);
                    }
                }
            }

            Console.WriteLine($"sign-in, {count} attempts each (loopback HTTP, SQLite):");
            foreach (var (name, values) in times)
            {
                values.Sort();
                Console.WriteLine($"  {name,-30} median {BenchHost.Percentile(values, 0.5),7:F1} ms   p90 {BenchHost.Percentile(values, 0.9),7:F1} ms");
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
}
