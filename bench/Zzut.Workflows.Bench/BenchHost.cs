using System.Collections.Concurrent;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Host.Apis;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Host.Jobs;
using Zzut.Workflows.Host.Jobs.Scans;

namespace Zzut.Workflows.Bench;

/// <summary>The real host, wired exactly as Program.cs does, on a fresh data folder, with a marker activity.</summary>
internal static class BenchHost
{
    /// <summary>Extra configuration from the command line (e.g. <c>--Workflows:Engine:SqliteSynchronous=NORMAL</c>).</summary>
    public static string[] Overrides { get; set; } = [];

    public static async Task<WebApplication> StartAsync(string dataPath, Dictionary<string, string?> settings, MarkActivity? mark = null)
    {
        var builder = WebApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Workflows:DataPath"] = dataPath,
            ["Workflows:DefinitionsPath"] = Path.Combine(dataPath, "no-definitions"),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddCommandLine(Overrides);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddWorkflowServices();
        builder.AddHttpApi();
        builder.AddWorkflowJobs();
        builder.AddScans();
        if (mark is not null)
        {
            builder.Services.AddSingleton<IActivity>(mark);
        }

        var app = builder.Build();
        app.UseHttpApi();
        app.UseWorkflowJobs();
        app.MapDefinitionsApi();
        app.MapInstancesApi();
        await app.InitializeWorkflowsAsync();
        await app.StartAsync();
        return app;
    }

    /// <summary><c>--no-peer</c> on the command line: skip the peer (bpmn-engine) run, e.g. while iterating on the engine.</summary>
    public static bool NoPeer { get; set; }

    /// <summary><c>--cold</c> on the command line: <c>timers-nodes</c> fires no warm-up timers (the burst meets freshly started hosts).</summary>
    public static bool Cold { get; set; }

    /// <summary>The 1-minute load average (Linux <c>/proc/loadavg</c>), or "?" elsewhere: the machine is shared, so figures say how busy it was.</summary>
    /// <summary>
    /// Bytes this process has caused to be written to storage so far (<c>write_bytes</c> of <c>/proc/self/io</c>: what
    /// reached the block layer, the WAL's frames and the checkpoints' pages alike); null where the file does not exist.
    /// </summary>
    public static long? StorageBytesWritten()
    {
        if (!File.Exists("/proc/self/io"))
        {
            return null;
        }

        var line = File.ReadLines("/proc/self/io").FirstOrDefault(l => l.StartsWith("write_bytes:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line["write_bytes:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>
    /// Runs <paramref name="round"/> until the JIT has settled: .NET compiles a method quickly first and again, optimised
    /// with what it measured, once it has been called often, on a background thread. A short warm-up leaves that second
    /// compilation to the measured run, where it took a fifth of the CPU (2026-12-03, <c>review</c>). It stops once a
    /// round spends less than 2 % of its time compiling, after at least 3 rounds and at most 60 s; prints what it did.
    /// </summary>
    public static async Task WarmUpAsync(Func<Task> round)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rounds = 0;
        double share;
        do
        {
            var compiling = System.Runtime.JitInfo.GetCompilationTime();
            var started = clock.Elapsed;
            await round();
            // The background compiler finishes what a round queued shortly after it.
            await Task.Delay(200);
            share = (System.Runtime.JitInfo.GetCompilationTime() - compiling) / (clock.Elapsed - started);
            rounds++;
        }
        while ((rounds < 3 || share >= 0.02) && clock.Elapsed < TimeSpan.FromSeconds(60));

        Console.WriteLine($"  warm-up: {rounds} rounds in {clock.Elapsed.TotalSeconds:F1} s; the last spent {share:P1} of its time compiling ({System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods compiled in all)");
    }

    public static string NewDataPath() => Path.Combine(Path.GetTempPath(), "zzut-bench", Guid.NewGuid().ToString("N"));

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary><c>bench.mark</c>: records when (real time) each instance got past its timer.</summary>
internal sealed class MarkActivity : IActivity
{
    public ConcurrentDictionary<Guid, DateTimeOffset> Marks { get; } = new();

    public TaskCompletionSource AllDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Expected { get; set; }

    public string Topic => "bench.mark";

    public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        if (Marks.TryAdd(context.InstanceId, DateTimeOffset.UtcNow) && Marks.Count >= Expected)
        {
            AllDone.TrySetResult();
        }

        return Task.CompletedTask;
    }
}
