using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Bench;

/// <summary>
/// <c>timers-nodes [count] [hosts]</c>: HOSTS hosts (1 or more) in this process on one PostgreSQL database, each with its
/// Hangfire server (shared job storage) and timer dispatcher; COUNT timers due in the same second, armed round-robin
/// on the hosts. Counts from the database that each fired exactly once, and prints the lateness of the firings
/// (history <c>timer.fired</c> stamp − due). The database: <c>--ConnectionStrings:Workflows=…</c> as given, or else a
/// fresh one created (and dropped afterwards) on the server of <c>ZZUT_TEST_POSTGRES</c>.
/// Before arming, the hosts fire rounds of warm-up timers (of another definition) until .NET's JIT has settled, as it
/// has on a host in service: a burst on freshly started hosts compiles the firing path while it is measured (about a
/// sixth of the hosts' CPU in a profile of the cold burst). The JIT time spent during the burst is printed. <c>--cold</c>
/// skips the warm-up timers: the burst then meets hosts that never fired a timer.
/// </summary>
internal static class NodesTimerBenchmark
{
    private const string WarmUpKey = "bench-node-timer-warm-up";

    private const string Definition = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="bench">
          <bpmn:process id="bench-node-timer" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDate>${dueAt}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="wait" />
            <bpmn:sequenceFlow id="f1" sourceRef="wait" targetRef="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static async Task<int> RunAsync(int count, int hostCount, TimeSpan lead)
    {
        await using var database = await BenchPostgres.OpenAsync("timers-nodes");
        if (database is null)
        {
            return 2;
        }

        // The sweep is the safety net; here we measure the per-timer jobs and the dispatchers, so it runs rarely.
        await using (var started = await database.StartHostsAsync(hostCount, new Dictionary<string, string?> { ["Workflows:RecurringJobs:workflow-sweep:Cron"] = "0 * * * *" }))
        {
            var hosts = started.Apps;
            var engines = hosts.Select(h => h.Services.GetRequiredService<IWorkflowEngine>()).ToList();
            await engines[0].DeployAsync(Definition);
            await engines[0].DeployAsync(Definition.Replace("bench-node-timer", WarmUpKey, StringComparison.Ordinal));

            var warmup = Stopwatch.StartNew();
            var probeDue = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
            for (var i = 0; i < 100; i++)
            {
                var probe = await engines[i % engines.Count].StartAsync(new StartInstanceRequest("bench-node-timer", Variables: new JsonObject { ["dueAt"] = probeDue }));
                await engines[i % engines.Count].CancelAsync(probe.Id);
            }

            var perInstance = warmup.Elapsed / 200;
            if (BenchHost.Cold)
            {
                Console.WriteLine("  --cold: no warm-up timers; the burst is the first firing these hosts do");
            }
            else
            {
                await WarmUpFiringAsync(engines, database.ConnectionString);
            }

            var armingFrom = DateTimeOffset.UtcNow;
            var due = armingFrom + TimeSpan.FromTicks(Math.Max(((perInstance * count * 1.5) + TimeSpan.FromSeconds(5)).Ticks, lead.Ticks));
            due = new DateTimeOffset(due.Year, due.Month, due.Day, due.Hour, due.Minute, due.Second, TimeSpan.Zero).AddSeconds(1);
            var window = hosts[0].Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TimerDispatcherOptions>>().Value.Horizon;
            Console.WriteLine($"timers-nodes: {hosts.Count} host(s) on one PostgreSQL database; arming {count:N0} timers due at {due:HH:mm:ss} UTC (estimated {perInstance.TotalMilliseconds:F2} ms per start), "
                + $"{(due - armingFrom).TotalMinutes:F1} min after the arming begins: {(due - armingFrom > window ? "beyond" : "within")} the dispatchers' {window.TotalMinutes:F0}-minute window when armed");

            var arming = Stopwatch.StartNew();
            var variables = new JsonObject { ["dueAt"] = due.ToString("O") };
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 * hosts.Count }, async (i, ct) =>
                await engines[i % engines.Count].StartAsync(new StartInstanceRequest("bench-node-timer", Variables: (JsonObject)variables.DeepClone()), ct));
            arming.Stop();
            var armedBy = DateTimeOffset.UtcNow;
            Console.WriteLine($"armed in {arming.Elapsed.TotalSeconds:F1} s ({count / arming.Elapsed.TotalSeconds:F0} instances/s); {(armedBy <= due ? "all armed before the due second" : $"WARNING: arming ended {(armedBy - due).TotalSeconds:F1} s after the due second")}");

            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            var load = BenchHost.LoadAverage();
            var untilDue = due - TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
            if (untilDue > TimeSpan.Zero)
            {
                await Task.Delay(untilDue);
            }

            var compiling = System.Runtime.JitInfo.GetCompilationTime();
            var deadline = due + TimeSpan.FromMinutes(15);
            long completed;
            while ((completed = await ScalarAsync(connection, """SELECT count(*) FROM instances WHERE "DefinitionKey" = 'bench-node-timer' AND "Status" = 'completed'""")) < count
                && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            compiling = System.Runtime.JitInfo.GetCompilationTime() - compiling;
            var fired = await ScalarAsync(connection, """SELECT count(*) FROM history h JOIN instances i ON i."Id" = h."InstanceId" WHERE i."DefinitionKey" = 'bench-node-timer' AND h."Type" = 'timer.fired'""");
            var firedInstances = await ScalarAsync(connection, """SELECT count(DISTINCT h."InstanceId") FROM history h JOIN instances i ON i."Id" = h."InstanceId" WHERE i."DefinitionKey" = 'bench-node-timer' AND h."Type" = 'timer.fired'""");
            var lateness = new List<double>();
            await using (var stamps = new NpgsqlCommand("""SELECT h."Timestamp" FROM history h JOIN instances i ON i."Id" = h."InstanceId" WHERE i."DefinitionKey" = 'bench-node-timer' AND h."Type" = 'timer.fired'""", connection))
            await using (var reader = await stamps.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    lateness.Add((reader.GetFieldValue<DateTimeOffset>(0) - due).TotalMilliseconds);
                }
            }

            lateness.Sort();
            var exactlyOnce = fired == count && firedInstances == count && completed == count;
            Console.WriteLine(exactlyOnce
                ? $"each of the {count:N0} timers fired exactly once (database: {fired:N0} timer.fired rows on {firedInstances:N0} instances, {completed:N0} completed)"
                : $"NOT EXACTLY ONCE: {fired:N0} timer.fired rows on {firedInstances:N0} instances, {completed:N0} of {count:N0} completed");
            Console.WriteLine($"lateness p50 {BenchHost.Percentile(lateness, 0.50):F0} ms, p99 {BenchHost.Percentile(lateness, 0.99):F0} ms, max {(lateness.Count > 0 ? lateness[^1] : double.NaN):F0} ms (timer.fired stamp − due); load average after arming / at the end: {load} / {BenchHost.LoadAverage()}; the JIT compiled for {compiling.TotalMilliseconds:F0} ms from a second before the due one to the last firing");
            return exactlyOnce ? 0 : 1;
        }
    }

    /// <summary>
    /// <c>reference-check [count]</c>: what the per-request and per-step check of <c>reference_versions</c> costs on
    /// PostgreSQL (ADR 0020): COUNT checks one after another on one host, nothing changed meanwhile; µs per check.
    /// </summary>
    public static async Task<int> RunReferenceCheckAsync(int count)
    {
        var server = Environment.GetEnvironmentVariable("ZZUT_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            Console.Error.WriteLine("reference-check needs ZZUT_TEST_POSTGRES (source scripts/test-postgres.sh && start_test_postgres)");
            return 2;
        }

        var created = "zzut_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {created}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var dataPath = BenchHost.NewDataPath();
        var app = await BenchHost.StartAsync(dataPath, new Dictionary<string, string?>
        {
            ["Workflows:Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Workflows"] = new NpgsqlConnectionStringBuilder(server) { Database = created }.ConnectionString,
            ["Workflows:Hangfire:Server"] = "false",
        });
        try
        {
            var data = app.Services.GetRequiredService<Domain.ReferenceData>();
            for (var i = 0; i < 200; i++)
            {
                await data.EnsureCurrentAsync(); // warm-up: JIT, pool, query cache
            }

            var load = BenchHost.LoadAverage();
            var before = data.Checks;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await data.EnsureCurrentAsync();
            }

            clock.Stop();
            Console.WriteLine($"reference-check: {data.Checks - before:N0} checks of reference_versions in {clock.Elapsed.TotalMilliseconds:F0} ms: {clock.Elapsed.TotalMilliseconds * 1000 / count:F0} µs per check (one host, one after another, nothing changed); load average {load} / {BenchHost.LoadAverage()}");
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dataPath, recursive: true);
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {created} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Rounds of 1,000 warm-up timers due within seconds, armed over the hosts, until a round compiles little.</summary>
    private static async Task WarmUpFiringAsync(List<IWorkflowEngine> engines, string connectionString)
    {
        const int perRound = 1_000;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var rounds = 0;
        await BenchHost.WarmUpAsync(async () =>
        {
            var dueAt = new JsonObject { ["dueAt"] = DateTimeOffset.UtcNow.AddSeconds(5).ToString("O") };
            await Parallel.ForAsync(0, perRound, new ParallelOptions { MaxDegreeOfParallelism = 4 * engines.Count }, async (i, ct) =>
                await engines[i % engines.Count].StartAsync(new StartInstanceRequest(WarmUpKey, Variables: (JsonObject)dueAt.DeepClone()), ct));
            rounds++;
            var until = DateTimeOffset.UtcNow.AddMinutes(2);
            while (await ScalarAsync(connection, $"""SELECT count(*) FROM instances WHERE "DefinitionKey" = '{WarmUpKey}' AND "Status" = 'completed'""") < rounds * perRound
                && DateTimeOffset.UtcNow < until)
            {
                await Task.Delay(100);
            }
        });
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
