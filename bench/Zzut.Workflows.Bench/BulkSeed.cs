using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Bench;

/// <summary>
/// Rows written in bulk with SQL straight into the engine's SQLite file (not through the engine: a million steps would
/// take hours), shaped as the engine writes them. Instance n is waiting at <c>elementId</c> (a waiting token and an open
/// user task) when n is a multiple of <c>openEvery</c>, otherwise it has completed; each instance has
/// <c>tasksPerInstance</c> tasks (the others completed), the candidate group of unit <c>u{n mod units}</c>.
/// </summary>
internal static class BulkSeed
{
    /// <summary>20,480,000: one second in <see cref="UtcInstantConverter"/>'s stored integers.</summary>
    private static readonly long Second = UtcInstantConverter.ToStored(DateTimeOffset.UnixEpoch.AddSeconds(1)) - UtcInstantConverter.ToStored(DateTimeOffset.UnixEpoch);

    public static async Task<TimeSpan> SeedAsync(string databasePath, Guid definitionId, string definitionKey, string elementId, int instances, int tasksPerInstance, int openEvery, int units)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=false");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = 3600;
        command.Parameters.AddWithValue("$instances", instances);
        command.Parameters.AddWithValue("$per", tasksPerInstance);
        command.Parameters.AddWithValue("$open", openEvery);
        command.Parameters.AddWithValue("$units", units);
        command.Parameters.AddWithValue("$definition", definitionId.ToString("D").ToUpperInvariant());
        command.Parameters.AddWithValue("$key", definitionKey);
        command.Parameters.AddWithValue("$element", elementId);
        command.Parameters.AddWithValue("$t0", UtcInstantConverter.ToStored(DateTimeOffset.UtcNow.AddDays(-400)));
        command.Parameters.AddWithValue("$second", Second);
        command.Parameters.AddWithValue("$variables", "{\"level\":3}");
        command.CommandText = $"""
            CREATE TEMP TABLE seed (n INTEGER PRIMARY KEY, id TEXT NOT NULL, token TEXT NOT NULL);
            WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n + 1 < $instances)
            INSERT INTO seed SELECT n, {GuidText("a")}, {GuidText("b")}
            FROM (SELECT n, hex(randomblob(16)) AS a, hex(randomblob(16)) AS b FROM c);

            INSERT INTO instances (Id, DefinitionId, DefinitionKey, DefinitionVersion, HistorySequence, Revision, StartedAt, EndedAt,
                                   Status, Title, UnitCode, VariablesJson, StartedBy)
            SELECT id, $definition, $key, 1, 0, 1, $t0 + n * $second,
                   CASE WHEN n % $open = 0 THEN NULL ELSE $t0 + (n + 3600) * $second END,
                   CASE WHEN n % $open = 0 THEN 'active' ELSE 'completed' END,
                   '基准实例 ' || n, 'u' || printf('%03d', n % $units), $variables, 'seed'
            FROM seed;

            INSERT INTO tokens (Id, InstanceId, ElementId, State, CreatedAt)
            SELECT token, id, $element, 'Waiting', $t0 + n * $second FROM seed WHERE n % $open = 0;

            WITH RECURSIVE j(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM j WHERE k + 1 < $per)
            INSERT INTO user_tasks (Id, InstanceId, TokenId, ElementId, Name, CandidateGroups, CandidateUsers, Priority, Status,
                                    CreatedAt, CompletedAt, CompletedBy, DefinitionKey)
            SELECT {GuidText("h")}, id, token, $element, '审核', ',unit:u' || printf('%03d', n % $units) || ',', '', 50,
                   CASE WHEN k = 0 AND n % $open = 0 THEN 'open' ELSE 'completed' END,
                   $t0 + (n * $per + k) * $second,
                   CASE WHEN k = 0 AND n % $open = 0 THEN NULL ELSE $t0 + (n * $per + k + 60) * $second END,
                   CASE WHEN k = 0 AND n % $open = 0 THEN NULL ELSE 'seed' END,
                   $key
            FROM (SELECT s.n, s.id, s.token, j.k, hex(randomblob(16)) AS h FROM seed s CROSS JOIN j);

            INSERT INTO task_candidates (TaskId, Candidate, Open)
            SELECT t.Id, 'g:' || substr(t.CandidateGroups, 2, length(t.CandidateGroups) - 2), t.Status = 'open'
            FROM seed s JOIN user_tasks t ON t.InstanceId = s.id;

            DROP TABLE seed;
            """;
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return clock.Elapsed;
    }

    /// <summary>SQL turning a column of 32 hex digits (upper case, as EF Core stores GUIDs in SQLite) into GUID text.</summary>
    private static string GuidText(string hex) =>
        $"substr({hex},1,8)||'-'||substr({hex},9,4)||'-'||substr({hex},13,4)||'-'||substr({hex},17,4)||'-'||substr({hex},21,12)";
}
