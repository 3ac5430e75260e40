using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Host.Jobs.Scans;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Bench;

/// <summary>
/// The daily scans over a large ledger: COUNT systems due for evaluation and COUNT VMs due for re-registration, on the
/// shipped definitions, on a host set up as a real one (Hangfire server, dispatchers; e-mails go to the pickup folder).
/// After warm-up scans over a few hundred rows each until the JIT has settled (pools, caches too), prints for each scan:
/// its time and the instances it started; the time until no external call is pending or running; the process's CPU per
/// instance until then (the e-mails sent meanwhile included) and how much of it was compiling; the time until every
/// e-mail is written to the pickup folder; where the steps' time went; and the time of a second run the same day (which
/// must start nothing).
/// </summary>
internal static class ScanBenchmark
{
    private const int WarmUp = 300;

    public static async Task RunAsync(int count)
    {
        var dataPath = BenchHost.NewDataPath();
        var app = await BenchHost.StartAsync(dataPath, new Dictionary<string, string?>
        {
            // As on a real host: a Hangfire server with its recurring jobs, the timer, call and e-mail dispatchers.
            ["Workflows:Hangfire:Server"] = "true",
            ["Workflows:DefinitionsPath"] = Path.Combine(AppContext.BaseDirectory, "definitions"),
        });
        try
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var runner = app.Services.GetRequiredService<ScanRunner>();
            var scans = new ScanJob[] { app.Services.GetRequiredService<EvaluationScan>(), app.Services.GetRequiredService<VmReregistrationScan>() };

            // Warm-up, as on a host in service: rounds of small ledgers scanned until the JIT has settled (a single scan
            // over 300 rows left a fifth of the measured run's CPU to the JIT recompiling hot methods). Their instances
            // are skipped by the measured runs (same period).
            var warmUpRows = 0;
            await BenchHost.WarmUpAsync(async () =>
            {
                await SeedAsync(app, WarmUp, today);
                warmUpRows += WarmUp;
                foreach (var scan in scans)
                {
                    await runner.RunAsync(scan, "bench");
                }

                await DrainAsync(app);
                await DrainOutboxAsync(app);
            });
            var seeding = Stopwatch.StartNew();
            await SeedAsync(app, count, today);
            Console.WriteLine($"seeded {count:N0} systems and {count:N0} VMs in {seeding.Elapsed.TotalSeconds:F1} s (after warm-up scans over {warmUpRows:N0} of each)");
            var timings = app.Services.GetRequiredService<StepTimings>();
            foreach (var scan in scans)
            {
                timings.Reset();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var compiling = System.Runtime.JitInfo.GetCompilationTime();
                var clock = Stopwatch.StartNew();
                var first = await runner.RunAsync(scan, "bench");
                var firstTime = clock.Elapsed;
                await DrainAsync(app);
                var drained = clock.Elapsed;
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                compiling = System.Runtime.JitInfo.GetCompilationTime() - compiling;
                await DrainOutboxAsync(app);
                var mailed = clock.Elapsed;
                clock.Restart();
                var second = await runner.RunAsync(scan, "bench");
                var secondTime = clock.Elapsed;
                Console.WriteLine($"{scan.Name}: {first.StartedCount:N0} instances started in {firstTime.TotalSeconds:F1} s " +
                    $"({first.StartedCount / firstTime.TotalSeconds:F0}/s, {firstTime.TotalMilliseconds / Math.Max(1, first.StartedCount):F2} ms each); " +
                    $"their calls all run by {drained.TotalSeconds:F1} s; CPU until then {cpu.TotalMilliseconds / Math.Max(1, first.StartedCount):F2} ms per instance " +
                    $"({compiling.TotalSeconds:F1} s of it compiling); " +
                    $"their e-mails all written to the pickup folder by {mailed.TotalSeconds:F1} s; " +
                    $"second run the same day: {second.StartedCount} started, {second.SkippedCount:N0} skipped in {secondTime.TotalSeconds:F2} s");
                StepProfile.Print(timings, Console.Out);
            }

            Console.WriteLine($"managed heap after the scans: {GC.GetTotalMemory(forceFullCollection: true) / 1024 / 1024:N0} MB; working set {Environment.WorkingSet / 1024 / 1024:N0} MB");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static async Task SeedAsync(WebApplication app, int count, DateOnly today)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var level = 2 + (i % 3);
            db.Systems.Add(new InformationSystemRecord
            {
                Id = Guid.CreateVersion7(), Name = $"系统 {i}", UnitCode = "jsj", ProposedLevel = level, ApprovedLevel = level, Status = SystemStatus.Accepted,
                LastEvaluationDate = today.AddDays(-400), NextEvaluationDue = today.AddDays(i % 30), Revision = 1, CreatedAt = now, UpdatedAt = now,
            });
            db.Vms.Add(new VmRecord
            {
                Id = Guid.CreateVersion7(), UnitCode = "jsj", Applicant = "bench", ApplicantContact = "bench", VmType = "centos-7-64", Vcpu = 2, MemoryGb = 4, DiskGb = 50,
                ServiceFrom = today.AddYears(-1), ServiceTo = today.AddYears(2), Purpose = "bench", ServerName = $"vm-{i}", IpAddress = "10.0.0.1", Status = VmStatus.Active,
                RegisteredYear = today.Year - 1, LastRegisteredDate = today.AddYears(-1), NextRegistrationDue = today, Revision = 1, CreatedAt = now, UpdatedAt = now,
            });
            if (i % 1000 == 999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Waits until no e-mail is pending or being sent.</summary>
    private static Task DrainOutboxAsync(WebApplication app) =>
        WaitUntilNoneAsync(app, db => db.Outbox.AnyAsync(m => m.Status == "pending" || m.Status == "sending"));

    /// <summary>Waits until no external call is pending or running: every started instance has run to its first wait.</summary>
    private static Task DrainAsync(WebApplication app) =>
        WaitUntilNoneAsync(app, db => db.ExternalTasks.AnyAsync(e => e.Status == "pending" || e.Status == "running"));

    private static async Task WaitUntilNoneAsync(WebApplication app, Func<WorkflowDbContext, Task<bool>> any)
    {
        while (true)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                if (!await any(scope.ServiceProvider.GetRequiredService<WorkflowDbContext>()))
                {
                    return;
                }
            }

            await Task.Delay(50);
        }
    }
}
