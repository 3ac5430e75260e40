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

    /// <summary>The 1-minute load average (Linux <c>/proc/loadavg</c>), or "?" elsewhere: the machine is shared, so figures say how busy it was.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

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
