using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.History;

/// <summary>
/// The hash chain over history rows: each row's hash covers its content and the previous row's hash, so a deleted,
/// inserted or altered row breaks every hash after it.
/// </summary>
public static class HistoryChain
{
    /// <summary>The previous-hash of the first row of a stream.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>
    /// The next row of a stream, chained onto the previous row's hash (or <see cref="Genesis"/>) and hashed. Callers
    /// add it in the same transaction as the change it records; the unique (stream, sequence) index refuses a fork.
    /// </summary>
    public static HistoryRecord NextRow(
        string stream, int previousSequence, string? previousHash, DateTimeOffset timestamp, string type,
        Guid? instanceId = null, string? elementId = null, string? actor = null, string? dataJson = null)
    {
        var row = new HistoryRecord
        {
            Stream = stream,
            Sequence = previousSequence + 1,
            InstanceId = instanceId,
            Timestamp = timestamp,
            Type = type,
            ElementId = elementId,
            Actor = actor,
            DataJson = dataJson,
            PreviousHash = previousHash ?? Genesis,
        };
        row.Hash = ComputeHash(row);
        return row;
    }

    /// <summary>Computes the hash of a row from its content and <see cref="HistoryRecord.PreviousHash"/>.</summary>
    public static string ComputeHash(HistoryRecord row)
    {
        var canonical = string.Join('\u001f',
            row.Stream,
            row.Sequence.ToString(CultureInfo.InvariantCulture),
            row.InstanceId?.ToString("D") ?? string.Empty,
            // Milliseconds: what every store keeps (SQLite's sortable encoding drops sub-0.1 ms ticks).
            row.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            row.Type,
            row.ElementId ?? string.Empty,
            row.Actor ?? string.Empty,
            row.DataJson ?? string.Empty,
            row.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Checks rows of one stream, in sequence order.</summary>
    /// <returns>The sequence of the first row that does not fit, or null when the chain is intact.</returns>
    public static int? FindFirstBreak(IEnumerable<HistoryRecord> rowsInOrder)
    {
        var previous = Genesis;
        var expectedSequence = 1;
        foreach (var row in rowsInOrder)
        {
            if (row.Sequence != expectedSequence || row.PreviousHash != previous || ComputeHash(row) != row.Hash)
            {
                return row.Sequence;
            }

            previous = row.Hash;
            expectedSequence++;
        }

        return null;
    }
}
