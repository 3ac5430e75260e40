using Microsoft.EntityFrameworkCore;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Bench;

/// <summary>
/// Arms N timers due in the same second on the real host (Hangfire server on its SQLite storage, the timer dispatcher
/// unless <c>--Workflows:Timers:Dispatcher=false</c>) and measures how
/// long until all have fired and how late each one was (real clock: the time the instance passed its timer minus the
/// timer's due time).
/// </summary>
internal static class TimerBenchmark
{
    private const string Definition = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="bench">
          <bpmn:process id="bench-timer" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDate>${dueAt}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:serviceTask id="mark" camunda:type="external" camunda:topic="bench.mark" />
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="wait" />
            <bpmn:sequenceFlow id="f1" sourceRef="wait" targetRef="mark" />
            <bpmn:sequenceFlow id="f2" sourceRef="mark" targetRef="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>
    /// <c>timers-precision [count]</c>: COUNT single timers in a row on an otherwise idle host (real Hangfire server with
    /// its SQLite storage, the dispatcher unless configured off): each instance waits on a timer due 2–3 s after its
    /// start, the next starts once it fired. Prints the lateness of each.
    /// </summary>
    public static async Task RunPrecisionAsync(int count)
    {
        var dataPath = BenchHost.NewDataPath();
        var mark = new MarkActivity { Expected = int.MaxValue };
        var app = await BenchHost.StartAsync(dataPath, new Dictionary<string, string?>(), mark);
        try
        {
            var engine = app.Services.GetRequiredService<IWorkflowEngine>();
            await engine.DeployAsync(Definition);
            var lateness = new List<double>();
            for (var i = 0; i < count; i++)
            {
                // A due instant with an arbitrary sub-second part, as a user's timer has.
                var due = DateTimeOffset.UtcNow.AddMilliseconds(2000 + Random.Shared.Next(0, 1000));
                var instance = await engine.StartAsync(new StartInstanceRequest("bench-timer", Variables: new JsonObject { ["dueAt"] = due.ToString("O") }));
                var waited = Stopwatch.StartNew();
                while (!mark.Marks.ContainsKey(instance.Id) && waited.Elapsed < TimeSpan.FromSeconds(90))
                {
                    await Task.Delay(5);
                }

                var late = mark.Marks.TryGetValue(instance.Id, out var at) ? (at - due).TotalMilliseconds : double.NaN;
                lateness.Add(late);
                Console.WriteLine($"  timer {i + 1,2}: due {due:HH:mm:ss.fff}, passed {(double.IsNaN(late) ? "NOT FIRED within 90 s" : $"{late:F0} ms late")}");
            }

            var sorted = lateness.Order().ToList();
            Console.WriteLine($"timers-precision: {count} single timers; lateness p50 {BenchHost.Percentile(sorted, 0.5):F0} ms, max {sorted[^1]:F0} ms; {lateness.Count(l => l <= 1000)} of {count} within 1 s (lateness = the instance passed its timer − due, includes the external activity's job)");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    /// <summary>Polls the count of fired timers until all <paramref name="count"/> have fired; returns when half, 99 % and all had (ms after <paramref name="due"/>).</summary>
    private static async Task<(double Half, double NinetyNine, double All)> PollFiredAsync(IServiceProvider services, int count, DateTimeOffset due, CancellationToken cancellationToken)
    {
        double half = double.NaN, ninetyNine = double.NaN, all = double.NaN;
        try
        {
            while (double.IsNaN(all))
            {
                await Task.Delay(100, cancellationToken);
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<Zzut.Workflows.Persistence.WorkflowDbContext>();
                var fired = await db.Timers.CountAsync(t => t.Status == Zzut.Workflows.Persistence.TimerStatus.Fired, cancellationToken);
                var at = (DateTimeOffset.UtcNow - due).TotalMilliseconds;
                if (double.IsNaN(half) && fired * 2 >= count)
                {
                    half = at;
                }

                if (double.IsNaN(ninetyNine) && fired * 100 >= count * 99)
                {
                    ninetyNine = at;
                }

                if (fired >= count)
                {
                    all = at;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended (or timed out) first.
        }

        return (half, ninetyNine, all);
    }

    public static async Task RunAsync(int count)
    {
        var dataPath = BenchHost.NewDataPath();
        var mark = new MarkActivity { Expected = count };
        var app = await BenchHost.StartAsync(dataPath, new Dictionary<string, string?>
        {
            // The sweep is the safety net; here we measure the per-timer jobs, so it runs rarely.
            ["Workflows:RecurringJobs:workflow-sweep:Cron"] = "0 * * * *",
        }, mark);
        try
        {
            var engine = app.Services.GetRequiredService<IWorkflowEngine>();
            await engine.DeployAsync(Definition);

            // Estimate the arming rate, then choose one due second that every timer can be armed before.
            var warmup = Stopwatch.StartNew();
            var probeDue = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
            for (var i = 0; i < 100; i++)
            {
                var probe = await engine.StartAsync(new StartInstanceRequest("bench-timer", Variables: new JsonObject { ["dueAt"] = probeDue }));
                await engine.CancelAsync(probe.Id);
            }

            var perInstance = warmup.Elapsed / 200;
            var due = DateTimeOffset.UtcNow + (perInstance * count * 1.5) + TimeSpan.FromSeconds(5);
            due = new DateTimeOffset(due.Year, due.Month, due.Day, due.Hour, due.Minute, due.Second, TimeSpan.Zero).AddSeconds(1);
            Console.WriteLine($"arming {count:N0} timers due at {due:HH:mm:ss} UTC (estimated {perInstance.TotalMilliseconds:F2} ms per start)");

            var arming = Stopwatch.StartNew();
            var variables = new JsonObject { ["dueAt"] = due.ToString("O") };
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, ct) =>
                await engine.StartAsync(new StartInstanceRequest("bench-timer", Variables: (JsonObject)variables.DeepClone()), ct));
            arming.Stop();
            var armedBy = DateTimeOffset.UtcNow;
            Console.WriteLine($"armed in {arming.Elapsed.TotalSeconds:F1} s ({count / arming.Elapsed.TotalSeconds:F0} instances/s); {(armedBy <= due ? "all armed before the due second" : $"WARNING: arming ended {(armedBy - due).TotalSeconds:F1} s after the due second")}");

            var timings = app.Services.GetRequiredService<StepTimings>();
            timings.Reset();
            var cpuAtDue = TimeSpan.Zero;
            _ = Task.Run(async () =>
            {
                await Task.Delay(due - DateTimeOffset.UtcNow is { Ticks: > 0 } d ? d : TimeSpan.Zero);
                cpuAtDue = Process.GetCurrentProcess().TotalProcessorTime;
            });

            // When the timers' own steps committed, seen as a reader would: the count of fired timer rows, polled.
            using var stopPolling = new CancellationTokenSource();
            var fired = PollFiredAsync(app.Services, count, due, stopPolling.Token);

            // Up to 15 minutes after the due second (on a slow machine the due second is far ahead of the end of arming).
            var wait = (due - DateTimeOffset.UtcNow) + TimeSpan.FromMinutes(15);
            var finished = await Task.WhenAny(mark.AllDone.Task, Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero));
            stopPolling.CancelAfter(TimeSpan.FromSeconds(10)); // every timer fired before its call ran: the poll sees the last soon
            var (half, ninetyNine, all) = await fired;
            Console.WriteLine($"timers fired (their steps committed, polled every 100 ms): half by {half / 1000:F2} s, 99 % by {ninetyNine / 1000:F2} s, all by {all / 1000:F2} s after the due second");
            var lateness = mark.Marks.Values.Select(m => (m - due).TotalMilliseconds).Order().ToList();
            var allFiredAfter = lateness.Count > 0 ? lateness[^1] : double.NaN;
            Console.WriteLine(finished == mark.AllDone.Task ? $"all {count:N0} fired" : $"TIMED OUT: {mark.Marks.Count:N0} of {count:N0} fired");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtDue;
            Console.WriteLine($"CPU of the whole process from the due second until all had fired: {cpu.TotalSeconds:F1} s ({cpu.TotalMilliseconds / count:F2} ms per timer, its instance's step included)");
            StepProfile.Print(timings, Console.Out);
            timings.Reset();
            Console.WriteLine($"the marker activity after each timer ran: p50 {BenchHost.Percentile(lateness, 0.50):F0} ms, p99 {BenchHost.Percentile(lateness, 0.99):F0} ms, all by {allFiredAfter:F0} ms after the due second (it is transactional: it runs inside the timer's firing step, which also ends the instance)");
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
