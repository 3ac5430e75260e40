using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Tests.Support;

namespace Zzut.Workflows.Tests.Persistence;

/// <summary>
/// The per-connection settings (<c>synchronous</c>, <c>foreign_keys</c>) are given once per SQLite connection: a
/// connection the pool hands out again keeps them, and a new connection gets them before its first statement.
/// </summary>
public sealed class SqlitePragmasTests
{
    [Test]
    public async Task APooledConnectionIsGivenTheSettingsOnceAndANewConnectionBeforeItsFirstStatement()
    {
        await using var engine = await EngineHarness.CreateAsync();

        // The first opening of a connection gives it the settings.
        var handle = await OnOpenConnectionAsync(engine, async connection =>
        {
            Assert.That(await PragmaAsync(connection, "synchronous"), Is.EqualTo(2), "FULL");
            Assert.That(await PragmaAsync(connection, "foreign_keys"), Is.EqualTo(1));

            // Changed behind the interceptor's back, to see whether the next opening applies them again.
            await ExecuteAsync(connection, "PRAGMA synchronous=OFF;");
            return connection.Handle;
        });

        // The pool hands the same SQLite connection out again, and nothing ran the settings on it a second time.
        var (again, synchronous) = await OnOpenConnectionAsync(engine, async connection => (connection.Handle, await PragmaAsync(connection, "synchronous")));
        Assert.That(again, Is.SameAs(handle), "the pool's connection");
        Assert.That(synchronous, Is.EqualTo(0), "the settings were not run again on a connection that has them");

        // A new SQLite connection (this database's pool emptied) is given them.
        var (fresh, settings) = await OnOpenConnectionAsync(
            engine,
            async connection => (connection.Handle, (await PragmaAsync(connection, "synchronous"), await PragmaAsync(connection, "foreign_keys"))),
            clearPoolFirst: true);
        Assert.That(fresh, Is.Not.SameAs(handle));
        Assert.That(settings, Is.EqualTo((2L, 1L)));
    }

    /// <summary>Opens the engine context's connection as a step would (through EF Core, so the interceptor runs) and reads it.</summary>
    private static Task<T> OnOpenConnectionAsync<T>(EngineHarness engine, Func<SqliteConnection, Task<T>> read, bool clearPoolFirst = false) =>
        engine.WithDbAsync(async db =>
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            if (clearPoolFirst)
            {
                SqliteConnection.ClearPool(connection);
            }

            await db.Database.OpenConnectionAsync();
            try
            {
                return await read(connection);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });

    private static async Task<long> PragmaAsync(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
