using System.Diagnostics;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Bench;

/// <summary>
/// <c>review-nodes [count] [concurrency] [hosts]</c>: the review model (as <c>review</c>) on HOSTS hosts in this process
/// on one PostgreSQL database, CONCURRENCY callers split evenly over the hosts, each host's callers running instances
/// through its own engine (as clients behind a proxy would). Prints instances/s and steps/s for all hosts together.
/// The database as for <c>timers-nodes</c> (<see cref="BenchPostgres"/>).
/// </summary>
internal static class ReviewNodesBenchmark
{
    public static async Task<int> RunAsync(int count, int concurrency, int hostCount)
    {
        await using var database = await BenchPostgres.OpenAsync("review-nodes");
        if (database is null)
        {
            return 2;
        }

        await using var started = await database.StartHostsAsync(hostCount, new Dictionary<string, string?> { ["Workflows:Hangfire:Server"] = "false" });
        var engines = started.Apps.Select(h => h.Services.GetRequiredService<IWorkflowEngine>()).ToList();
        await engines[0].DeployAsync(ReviewBenchmark.ModelXml);
        var perHost = Math.Max(1, concurrency / engines.Count);
        await BenchHost.WarmUpAsync(() => Task.WhenAll(engines.Select(e => ReviewBenchmark.RunInstancesAsync(e, Math.Min(200, count) / engines.Count, perHost))));

        var load = BenchHost.LoadAverage();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var steps = (await Task.WhenAll(engines.Select((e, i) =>
            ReviewBenchmark.RunInstancesAsync(e, (count / engines.Count) + (i < count % engines.Count ? 1 : 0), perHost)))).Sum();
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"review-nodes {count:N0} instances, {engines.Count} host(s) in one process on one PostgreSQL database, {perHost} callers per host:");
        Console.WriteLine($"  {clock.Elapsed.TotalSeconds:F2} s: {count / clock.Elapsed.TotalSeconds:F0} instances/s, {steps / clock.Elapsed.TotalSeconds:F0} steps/s ({steps:N0} steps)");
        Console.WriteLine($"  CPU time of this process per step: {cpu.TotalMilliseconds / steps:F2} ms; load average before / after: {load} / {BenchHost.LoadAverage()}");
        return 0;
    }
}
