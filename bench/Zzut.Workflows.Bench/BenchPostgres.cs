using Npgsql;

namespace Zzut.Workflows.Bench;

/// <summary>
/// The PostgreSQL database a multi-host command runs on: <c>--ConnectionStrings:Workflows=…</c> as given, or else a fresh
/// database created on the server of <c>ZZUT_TEST_POSTGRES</c> and dropped at disposal.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string? server;
    private readonly string? created;

    private BenchPostgres(string connectionString, string? server, string? created)
    {
        ConnectionString = connectionString;
        this.server = server;
        this.created = created;
    }

    /// <summary>The database's connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The database, or null (and a message on standard error) when neither is given.</summary>
    public static async Task<BenchPostgres?> OpenAsync(string command)
    {
        var given = BenchHost.Overrides.Select(o => o.Split('=', 2)).FirstOrDefault(o => o[0] == "--ConnectionStrings:Workflows" && o.Length == 2)?[1];
        if (given is not null)
        {
            return new BenchPostgres(given, null, null);
        }

        var server = Environment.GetEnvironmentVariable("ZZUT_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            Console.Error.WriteLine($"{command} needs PostgreSQL: set ZZUT_TEST_POSTGRES (source scripts/test-postgres.sh && start_test_postgres) or pass --ConnectionStrings:Workflows=…");
            return null;
        }

        var created = "zzut_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {created}", admin);
        await create.ExecuteNonQueryAsync();
        return new BenchPostgres(new NpgsqlConnectionStringBuilder(server) { Database = created }.ConnectionString, server, created);
    }

    /// <summary>Starts <paramref name="count"/> hosts on the database, one after another (the first creates the tables).</summary>
    public async Task<BenchHosts> StartHostsAsync(int count, IReadOnlyDictionary<string, string?> settings)
    {
        var hosts = new BenchHosts();
        var all = new Dictionary<string, string?>(settings)
        {
            ["Workflows:Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Workflows"] = ConnectionString,
        };
        for (var i = 0; i < Math.Max(1, count); i++)
        {
            var path = BenchHost.NewDataPath();
            hosts.DataPaths.Add(path);
            hosts.Apps.Add(await BenchHost.StartAsync(path, all));
        }

        return hosts;
    }

    public async ValueTask DisposeAsync()
    {
        if (created is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {created} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>Hosts started in this process for a command; disposal stops them and deletes their data folders.</summary>
internal sealed class BenchHosts : IAsyncDisposable
{
    public List<WebApplication> Apps { get; } = [];

    public List<string> DataPaths { get; } = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        foreach (var path in DataPaths.Where(Directory.Exists))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
