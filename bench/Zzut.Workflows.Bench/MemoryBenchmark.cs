using System.Text.Json.Nodes;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Bench;

/// <summary>
/// <c>memory [instances]</c>: the resident memory of the host process (the real wiring in process, Hangfire server off)
/// with INSTANCES active instances of the review model (default 100,000), each waiting at its first task — seeded in
/// bulk with SQL (<see cref="BulkSeed"/>), since starting them through the engine would take an hour here — after the
/// engine has worked on them: 1,000 tasks completed (each forks into two reviews), the open tasks of a unit listed, and
/// instances searched. Prints VmRSS and its peak (VmHWM) from /proc/self/status and the managed heap.
/// </summary>
internal static class MemoryBenchmark
{
    public static async Task RunAsync(int instances)
    {
        var dataPath = BenchHost.NewDataPath();
        var app = await BenchHost.StartAsync(dataPath, new Dictionary<string, string?> { ["Workflows:Hangfire:Server"] = "false" });
        try
        {
            Console.WriteLine($"memory: after the host started: {Describe()}");
            var engine = app.Services.GetRequiredService<IWorkflowEngine>();
            var deployed = await engine.DeployAsync(ReviewBenchmark.ModelXml);
            var seeded = await BulkSeed.SeedAsync(Path.Combine(dataPath, "zzut-workflows.db"), deployed.Id, deployed.Key, "apply", instances, 1, 1, 500);
            Console.WriteLine($"  seeded {instances:N0} active instances, each waiting at an open task, in {seeded.TotalSeconds:F1} s (SQL)");
            var open = await engine.QueryTasksAsync(new TaskQuery(Status: UserTaskStatus.Open, Limit: 1000));
            foreach (var task in open)
            {
                await engine.CompleteTaskAsync(task.Id, new JsonObject { ["approved"] = true }, "bench");
            }

            var audience = new TaskAudience("u010-user", ["role:unit", "unit:u010"]);
            var listed = await engine.QueryTasksAsync(new TaskQuery(Status: UserTaskStatus.Open, Limit: 500) { VisibleTo = audience });
            var counted = await engine.CountTasksAsync(new TaskQuery(Status: UserTaskStatus.Open));
            Console.WriteLine($"  completed {open.Count:N0} tasks through the engine; {counted:N0} open tasks now, {listed.Count} listed for one unit");
            Console.WriteLine($"  with {instances:N0} active instances: {Describe()} (load average {BenchHost.LoadAverage()})");
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            Console.WriteLine($"  after a full garbage collection: {Describe()}");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static string Describe()
    {
        string Field(string name) => File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        return $"RSS {Field("VmRSS")}, peak {Field("VmHWM")}, managed heap {GC.GetTotalMemory(forceFullCollection: false) / (1024.0 * 1024.0):F0} MB";
    }
}
