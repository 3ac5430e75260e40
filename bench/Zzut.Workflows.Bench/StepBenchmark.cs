using System.Diagnostics;
using System.Text.Json.Nodes;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Bench;

/// <summary>
/// The engine's step rate without Hangfire: N instances wait on a timer, then one sweep fires them all sequentially.
/// Prints starts/s and firings/s (each firing is one transaction).
/// </summary>
internal static class StepBenchmark
{
    private const string Definition = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="bench">
          <bpmn:process id="bench-steps" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:userTask id="next" />
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="wait" />
            <bpmn:sequenceFlow id="f1" sourceRef="wait" targetRef="next" />
            <bpmn:sequenceFlow id="f2" sourceRef="next" targetRef="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static async Task RunAsync(int count)
    {
        var dataPath = BenchHost.NewDataPath();
        var app = await BenchHost.StartAsync(dataPath, new Dictionary<string, string?>
        {
            ["Workflows:Hangfire:Server"] = "false",
            ["Workflows:Hangfire:ScheduleTimerJobs"] = "false",
        });
        try
        {
            var engine = app.Services.GetRequiredService<IWorkflowEngine>();
            await engine.DeployAsync(Definition);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await engine.StartAsync(new StartInstanceRequest("bench-steps", Variables: new JsonObject { ["n"] = i }));
            }

            var starting = clock.Elapsed;
            clock.Restart();
            var fired = await engine.FireDueTimersAsync(DateTimeOffset.UtcNow.AddHours(2));
            var firing = clock.Elapsed;
            Console.WriteLine($"{count:N0} starts in {starting.TotalSeconds:F2} s: {count / starting.TotalSeconds:F0}/s, {starting.TotalMilliseconds / count:F2} ms each");
            Console.WriteLine($"{fired:N0} firings in {firing.TotalSeconds:F2} s: {fired / firing.TotalSeconds:F0}/s, {firing.TotalMilliseconds / fired:F2} ms each (sequential, one transaction each)");
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
