using System.Diagnostics;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Host.Jobs.Scans;

namespace Zzut.Workflows.Bench;

/// <summary>
/// The daily scans over a large ledger: COUNT systems due for evaluation and COUNT VMs due for re-registration, on the
/// shipped definitions. Prints the time of each scan, the instances it started, and the time of a second run the same
/// day (which must start nothing).
/// </summary>
internal static class ScanBenchmark
{
    public static async Task RunAsync(int count)
    {
        var dataPath = BenchHost.NewDataPath();
        var app = await BenchHost.StartAsync(dataPath, new Dictionary<string, string?>
        {
            ["Workflows:Hangfire:Server"] = "false",
            ["Workflows:DefinitionsPath"] = Path.Combine(AppContext.BaseDirectory, "definitions"),
        });
        try
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var seeding = Stopwatch.StartNew();
            await using (var scope = app.Services.CreateAsyncScope())
            {
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

            Console.WriteLine($"seeded {count:N0} systems and {count:N0} VMs in {seeding.Elapsed.TotalSeconds:F1} s");
            var runner = app.Services.GetRequiredService<ScanRunner>();
            foreach (var scan in new ScanJob[] { app.Services.GetRequiredService<EvaluationScan>(), app.Services.GetRequiredService<VmReregistrationScan>() })
            {
                var clock = Stopwatch.StartNew();
                var first = await runner.RunAsync(scan, "bench");
                var firstTime = clock.Elapsed;
                clock.Restart();
                var second = await runner.RunAsync(scan, "bench");
                var secondTime = clock.Elapsed;
                Console.WriteLine($"{scan.Name}: {first.StartedCount:N0} instances started in {firstTime.TotalSeconds:F1} s " +
                    $"({first.StartedCount / firstTime.TotalSeconds:F0}/s, {firstTime.TotalMilliseconds / Math.Max(1, first.StartedCount):F2} ms each); " +
                    $"second run the same day: {second.StartedCount} started, {second.SkippedCount:N0} skipped in {secondTime.TotalSeconds:F2} s");
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
}
