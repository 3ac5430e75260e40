using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.History;

/// <summary>
/// The hash chain over history rows: each row's hash covers its content and the previous row's hash, so a deleted,
/// inserted or altered row breaks every hash after it.
/// </summary>
public static class HistoryChain
{
    /// <summary>The stream of an instance's rows, which is also how they are found (the (stream, sequence) index).</summary>
    public static string InstanceStream(Guid instanceId) => "instance:" + instanceId.ToString("D");

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

    /// <summary>
    /// Verifies the rows of one stream, in sequence order; for an instance's stream also that they reach the head the
    /// instance records (<paramref name="headSequence"/>, <paramref name="headHash"/>), so rows cut off the end are found.
    /// </summary>
    public static HistoryVerification Verify(IReadOnlyList<HistoryRecord> rowsInOrder, int? headSequence = null, string? headHash = null)
    {
        ArgumentNullException.ThrowIfNull(rowsInOrder);
        var broken = FindFirstBreak(rowsInOrder);
        if (broken is null && headSequence is { } sequence
            && (rowsInOrder.Count != sequence || (rowsInOrder.Count > 0 && rowsInOrder[^1].Hash != headHash)))
        {
            // The chain is consistent but shorter than the instance says: rows were cut off the end.
            broken = Math.Min(rowsInOrder.Count + 1, sequence);
        }

        return new HistoryVerification(broken is null, rowsInOrder.Count, broken);
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
