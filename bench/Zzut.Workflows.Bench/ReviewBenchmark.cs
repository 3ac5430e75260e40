using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Bench;

/// <summary>
/// <c>review [count] [concurrency]</c>: the review model (bench/models/review.bpmn, level 3: apply → gateway → two
/// parallel reviews → join → service task) driven through the in-process engine on SQLite by CONCURRENCY callers, as
/// an API client would (start, look up the open tasks, complete them). Prints instances/s and steps/s, the raw SQLite
/// commit rate of the same file settings, their ratio, where a step's time goes, and the peer's figure (bpmn-engine
/// running the same file in memory, bench/peer) from the same run.
/// </summary>
internal static class ReviewBenchmark
{
    public const string Key = "bench-review";

    public static string ModelXml => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "models", "review.bpmn"));

    public static async Task RunAsync(int count, int concurrency)
    {
        var dataPath = BenchHost.NewDataPath();
        var app = await BenchHost.StartAsync(dataPath, new Dictionary<string, string?>
        {
            ["Workflows:Hangfire:Server"] = "false",
        });
        try
        {
            var engine = app.Services.GetRequiredService<IWorkflowEngine>();
            await engine.DeployAsync(ModelXml);
            await BenchHost.WarmUpAsync(() => RunInstancesAsync(engine, Math.Min(200, count), concurrency)); // JIT, pools, caches
            var timings = app.Services.GetRequiredService<StepTimings>();
            timings.Reset();
            var load = BenchHost.LoadAverage();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var collections = (Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2));
            var pauses = GC.GetTotalPauseDuration();
            var written = BenchHost.StorageBytesWritten();
            var clock = Stopwatch.StartNew();
            var steps = await RunInstancesAsync(engine, count, concurrency);
            clock.Stop();
            written = BenchHost.StorageBytesWritten() - written;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            pauses = GC.GetTotalPauseDuration() - pauses;
            collections = (GC.CollectionCount(0) - collections.Gen0, GC.CollectionCount(1) - collections.Gen1, GC.CollectionCount(2) - collections.Gen2);
            var synchronous = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkflowEngineOptions>>().Value.SqliteSynchronous;
            var postgres = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkflowDatabaseOptions>>().Value.Provider == DatabaseProvider.PostgreSql;
            var perSecond = count / clock.Elapsed.TotalSeconds;
            var stepsPerSecond = steps / clock.Elapsed.TotalSeconds;
            Console.WriteLine($"review {count:N0} instances, {concurrency} concurrent callers, in-process engine, {(postgres ? "PostgreSQL (each step its own transaction)" : $"SQLite WAL synchronous={synchronous}")}:");
            Console.WriteLine($"  {clock.Elapsed.TotalSeconds:F2} s: {perSecond:F0} instances/s, {stepsPerSecond:F0} steps/s ({steps:N0} steps: start + 3 completions each)");
            if (!postgres)
            {
                var raw = await RawCommitsPerSecondAsync(dataPath, synchronous, 2000);
                Console.WriteLine($"  raw SQLite: {raw:F0} commits/s (one-row INSERT transactions, same file settings, one connection)");
                Console.WriteLine($"  steps/s ÷ raw commits/s = {stepsPerSecond / raw:F2}");
            }

            Console.WriteLine($"  CPU time of this process per step: {cpu.TotalMilliseconds / steps:F2} ms ({cpu.TotalSeconds:F1} s CPU in {clock.Elapsed.TotalSeconds:F1} s); load average before / after: {load} / {BenchHost.LoadAverage()}");
            Console.WriteLine($"  allocated per step: {allocated / 1024.0 / steps:F0} KiB; garbage collections gen0/gen1/gen2: {collections.Gen0}/{collections.Gen1}/{collections.Gen2}, paused {pauses.TotalMilliseconds / steps:F3} ms per step");
            if (written is { } bytes)
            {
                var (_, batches, _) = timings.Snapshot();
                Console.WriteLine($"  written to storage: {bytes / 1024.0 / steps:F1} KiB per step, {bytes / 1024.0 / Math.Max(1, batches):F0} KiB per commit (WAL frames and checkpoints, /proc/self/io)");
            }

            StepProfile.Print(timings, Console.Out);
            if (BenchHost.NoPeer)
            {
                return;
            }

            var peer = await PeerBenchmark.ReviewAsync(Path.Combine(AppContext.BaseDirectory, "models", "review.bpmn"), count);
            if (peer is { } peerPerSecond)
            {
                Console.WriteLine($"  peer, same run: bpmn-engine 25 (Node.js, in memory, one instance after another) {peerPerSecond:F0} instances/s; ZzutWorkflows ÷ bpmn-engine = {perSecond / peerPerSecond:F2}");
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    /// <summary>Runs COUNT review instances through CONCURRENCY callers; returns the number of steps.</summary>
    public static async Task<int> RunInstancesAsync(IWorkflowEngine engine, int count, int concurrency)
    {
        var next = -1;
        var steps = 0;
        // Without MaxDegreeOfParallelism, ForAsync runs only as many bodies at once as there are cores (2 here).
        await Parallel.ForAsync(0, concurrency, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, ct) =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var instance = await engine.StartAsync(new StartInstanceRequest(Key, Variables: new JsonObject { ["level"] = 3 }, Actor: "bench"), ct);
                var done = 1;
                while (true)
                {
                    var open = await engine.QueryTasksAsync(new TaskQuery(InstanceId: instance.Id, Status: UserTaskStatus.Open), ct);
                    if (open.Count == 0)
                    {
                        break;
                    }

                    foreach (var task in open)
                    {
                        await engine.CompleteTaskAsync(task.Id, new JsonObject { ["approved"] = true }, "bench", ct);
                        done++;
                    }
                }

                Interlocked.Add(ref steps, done);
            }
        });
        return steps;
    }

    /// <summary>One-row INSERT transactions on a fresh file with the engine's settings (WAL, the same synchronous level).</summary>
    public static async Task<double> RawCommitsPerSecondAsync(string folder, string synchronous, int commits)
    {
        var path = Path.Combine(folder, "raw-commits.db");
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);";
            await setup.ExecuteNonQueryAsync();
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO t (payload) VALUES ($p)";
        var parameter = insert.Parameters.Add("$p", SqliteType.Text);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < commits; i++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            insert.Transaction = transaction;
            parameter.Value = "row " + i;
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        return commits / clock.Elapsed.TotalSeconds;
    }
}
