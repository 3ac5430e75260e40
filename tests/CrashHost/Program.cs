using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Zzut.Workflows;
using Zzut.Workflows.Activities;
using Zzut.Workflows.CrashHost;
using Zzut.Workflows.Runtime;

// The engine in a process of its own, for tests that kill it:
//   steps <db> <now>    starts instances of "crash-steps" from 8 callers until killed; prints "ACK <id>" once each start returned
//   sweep <db> <now>    fires the due timers (an activity "test.die" kills this process), then serves one start: "SERVED <id>"
// <now> is the instant of the process's clock (ISO 8601), so the test decides what is due.
if (args is not [var mode, var database, var nowText])
{
    Console.Error.WriteLine("usage: CrashHost steps|sweep <database file> <now>");
    return 2;
}

var services = new ServiceCollection();
services.AddLogging(l => l.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.Parse(nowText, CultureInfo.InvariantCulture)));
services.AddWorkflowEngine(new WorkflowDatabaseOptions { ConnectionString = $"Data Source={database}" });
services.AddBuiltInActivities();
services.AddSingleton<IActivity, DieActivity>();
services.Configure<WorkflowEngineOptions>(o => o.TimerAttempts = 3);
await using var provider = services.BuildServiceProvider();
await provider.InitializeWorkflowDatabaseAsync();
var engine = provider.GetRequiredService<IWorkflowEngine>();

switch (mode)
{
    case "steps":
        await engine.DeployAsync(CrashModels.Steps);
        await Parallel.ForAsync(0, 8, async (caller, ct) =>
        {
            for (var i = 0; ; i++)
            {
                var view = await engine.StartAsync(new StartInstanceRequest("crash-steps", Variables: new JsonObject { ["caller"] = caller, ["n"] = i }), ct);
                await Console.Out.WriteLineAsync($"ACK {view.Id}");
                await Console.Out.FlushAsync(ct);
            }
        });
        return 0;
    case "sweep":
        var fired = await engine.FireDueTimersAsync(provider.GetRequiredService<TimeProvider>().GetUtcNow());
        await Console.Out.WriteLineAsync($"FIRED {fired}");
        var served = await engine.StartAsync(new StartInstanceRequest("crash-steps"));
        await Console.Out.WriteLineAsync($"SERVED {served.Id}");
        return 0;
    default:
        Console.Error.WriteLine($"unknown mode {mode}");
        return 2;
}
