using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Bench;

/// <summary>
/// <c>migrate [instances]</c>: <c>migrate-to-postgresql</c> of a SQLite file holding REVIEWS review instances run to
/// their end through the engine (history with hash chains, outbox) plus INSTANCES instances seeded in bulk with SQL
/// (<see cref="BulkSeed"/>: four user tasks each, one instance in five waiting). The PostgreSQL server is
/// <c>ZZUT_TEST_POSTGRES</c> (scripts/test-postgres.sh); a database is created for the run and dropped after it.
/// Prints the command's per-table summary and the total time.
/// </summary>
internal static class MigrateBenchmark
{
    private const int Reviews = 2000;

    public static async Task<int> RunAsync(int instances)
    {
        var server = Environment.GetEnvironmentVariable("ZZUT_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            Console.Error.WriteLine("migrate: set ZZUT_TEST_POSTGRES (source scripts/test-postgres.sh && start_test_postgres)");
            return 2;
        }

        var dataPath = BenchHost.NewDataPath();
        var database = "zzut_bench_" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(dataPath, "zzut-workflows.db");
        try
        {
            var app = await BenchHost.StartAsync(dataPath, new Dictionary<string, string?> { ["Workflows:Hangfire:Server"] = "false" });
            try
            {
                var engine = app.Services.GetRequiredService<IWorkflowEngine>();
                var deployed = await engine.DeployAsync(ReviewBenchmark.ModelXml);
                var steps = await ReviewBenchmark.RunInstancesAsync(engine, Reviews, 4);
                var seeded = await BulkSeed.SeedAsync(file, deployed.Id, deployed.Key, "apply", instances, 4, 5, 500);
                Console.WriteLine($"migrate: {Reviews:N0} review instances run to their end ({steps:N0} steps), {instances:N0} instances with {instances * 4:N0} user tasks seeded in {seeded.TotalSeconds:F1} s");
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }

            // The bench host does not wire the accounts; their tables are created as the real host's start would.
            await using (var accounts = new AccountsDbContext(new DbContextOptionsBuilder<AccountsDbContext>().UseSqlite($"Data Source={file};Pooling=False", o => o.MigrationsHistoryTable(AccountsDbContext.MigrationsHistoryTable)).Options))
            {
                await accounts.Database.MigrateAsync();
            }

            SqliteConnection.ClearAllPools();
            Console.WriteLine($"migrate: SQLite file {new FileInfo(file).Length / 1048576.0:F0} MB");
            await ExecuteAsync(server, $"CREATE DATABASE {database}");
            var target = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
            var watch = Stopwatch.StartNew();
            var exit = await MigrateToPostgreSqlCommand.RunAsync(["--from", file, "--to", target], Console.Out, Console.Error);
            Console.WriteLine($"migrate: exit {exit} after {watch.Elapsed.TotalSeconds:F1} s (load average {BenchHost.LoadAverage()})");
            return exit;
        }
        finally
        {
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
