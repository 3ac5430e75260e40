using System.Diagnostics;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Bench;

/// <summary>
/// <c>inbox [tasks]</c>: the open-task query of one user's inbox at TASKS user tasks (default 1,000,000; seeded in bulk
/// with SQL, <see cref="BulkSeed"/>: four tasks per instance, one instance in five waiting at an open task, 500 units).
/// The user is a unit user of unit u010 (2,000 tasks, 500 open); the query is what <c>GET /api/tasks?status=open</c> and the "group" tab run:
/// the count for X-Total-Count and the first page of 50 with the instances' labels. Prints p50, p95 and the maximum.
/// </summary>
internal static class InboxBenchmark
{
    private const int Units = 500;
    private const int Runs = 200;

    public static async Task RunAsync(int tasks)
    {
        var dataPath = BenchHost.NewDataPath();
        var app = await BenchHost.StartAsync(dataPath, new Dictionary<string, string?> { ["Workflows:Hangfire:Server"] = "false" });
        try
        {
            var engine = app.Services.GetRequiredService<IWorkflowEngine>();
            var deployed = await engine.DeployAsync(ReviewBenchmark.ModelXml);
            var instances = Math.Max(1, tasks / 4);
            var seeded = await BulkSeed.SeedAsync(Path.Combine(dataPath, "zzut-workflows.db"), deployed.Id, deployed.Key, "apply", instances, 4, 5, Units);
            Console.WriteLine($"inbox: seeded {instances * 4:N0} user tasks ({instances / 5:N0} open) of {instances:N0} instances in {seeded.TotalSeconds:F1} s (SQL, one transaction)");
            var audience = new TaskAudience("u010-user", ["role:unit", "unit:u010"]);
            var queries = new (string Name, TaskQuery Query)[]
            {
                ("status=open (all visible)", new TaskQuery(Status: UserTaskStatus.Open, Limit: 50) { VisibleTo = audience }),
                ("view=group (candidate of)", new TaskQuery(Status: UserTaskStatus.Open, Limit: 50) { VisibleTo = audience, CandidateOf = audience }),
            };
            foreach (var (name, query) in queries)
            {
                var times = new List<double>();
                var found = 0;
                var total = 0;
                for (var i = 0; i < Runs + 10; i++)
                {
                    var watch = Stopwatch.StartNew();
                    total = await engine.CountTasksAsync(query);
                    found = (await engine.QueryTasksAsync(query)).Count;
                    watch.Stop();
                    if (i >= 10)
                    {
                        times.Add(watch.Elapsed.TotalMilliseconds); // the first ten warm up
                    }
                }

                times.Sort();
                Console.WriteLine($"  {name,-28} count {total:N0}, page {found}: p50 {BenchHost.Percentile(times, 0.5):F1} ms, p95 {BenchHost.Percentile(times, 0.95):F1} ms, max {times[^1]:F1} ms ({Runs} runs; load average {BenchHost.LoadAverage()})");
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
