using Npgsql;

namespace Zzut.Workflows.Tests.Support;

/// <summary>
/// The PostgreSQL server of the tests: the throw-away cluster <c>scripts/test.sh</c> starts (scripts/test-postgres.sh),
/// named by the environment variable <c>ZZUT_TEST_POSTGRES</c> (a superuser's connection string). Each test fixture or
/// harness gets a database of its own, so they run in parallel; it is dropped when the test is done. Without the
/// variable a PostgreSQL test fails under <c>CI=true</c> (it must run there) and is ignored elsewhere, with the reason.
/// </summary>
public static class TestPostgres
{
    /// <summary>The environment variable with the server's connection string.</summary>
    public const string Variable = "ZZUT_TEST_POSTGRES";

    /// <summary>The server's connection string; fails (CI) or ignores (elsewhere) the test when there is none.</summary>
    public static string ServerConnectionString()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(server))
        {
            return server;
        }

        const string Reason = $"PostgreSQL tests need a server: {Variable} is not set (scripts/test.sh starts a throw-away cluster and sets it).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(Reason);
        }

        Assert.Ignore(Reason);
        return null!;
    }

    /// <summary>Creates an empty database (optionally a copy of <paramref name="template"/>) and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var server = ServerConnectionString();
        var name = "zzut_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}";
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing whatever connections are still open to it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(ServerConnectionString());
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
        await drop.ExecuteNonQueryAsync();
    }
}
