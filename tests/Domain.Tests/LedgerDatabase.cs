using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Domain.Units;

namespace Zzut.Workflows.Domain.Tests;

/// <summary>A ledger database of its own: a real SQLite file in a fresh folder, migrated, with the domain's services.</summary>
internal sealed class LedgerDatabase : IAsyncDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "zzut-domain-tests", Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider services;

    private LedgerDatabase(Action<IServiceCollection>? configure)
    {
        Directory.CreateDirectory(folder);
        ConnectionString = $"Data Source={Path.Combine(folder, "ledgers.db")};Pooling=false";
        var collection = new ServiceCollection();
        collection.AddDbContext<LedgerDbContext>(db => db.UseSqlite(ConnectionString, s => s.MigrationsHistoryTable(LedgerDbContext.MigrationsHistoryTable)));
        collection.AddLedgerDomain();
        configure?.Invoke(collection);
        services = collection.BuildServiceProvider();
    }

    public string ConnectionString { get; }

    /// <summary>A migrated database with the units jsj and wxy.</summary>
    public static async Task<LedgerDatabase> CreateAsync(Action<IServiceCollection>? configure = null)
    {
        var database = new LedgerDatabase(configure);
        await database.WithAsync(async db =>
        {
            await db.Database.MigrateAsync();
            db.Units.AddRange(new UnitRecord { Code = "jsj", Name = "计算机与人工智能学院" }, new UnitRecord { Code = "wxy", Name = "外国语学院" });
            await db.SaveChangesAsync();
        });
        return database;
    }

    /// <summary>Runs <paramref name="work"/> in a scope of its own.</summary>
    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Runs <paramref name="work"/> with a context of its own.</summary>
    public Task WithAsync(Func<LedgerDbContext, Task> work) =>
        WithAsync<bool>(async sp =>
        {
            await work(sp.GetRequiredService<LedgerDbContext>());
            return true;
        });

    /// <summary>Reads one text value with plain SQL, as stored.</summary>
    public async Task<string?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    /// <summary>Runs plain SQL.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
