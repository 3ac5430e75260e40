using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.History;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>
/// Sign-ins and denied requests, appended to the hash-chained history in the stream <c>security</c> (Art. 37:
/// accountability and back-tracing).
/// </summary>
public sealed class SecurityAudit(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>The history stream.</summary>
    public const string Stream = "security";

    /// <summary>Appends one row; concurrent appends retry on the chain's unique (stream, sequence).</summary>
    public async Task RecordAsync(string type, string? actor, JsonObject data, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var last = await db.History.AsNoTracking().Where(h => h.Stream == Stream).OrderByDescending(h => h.Sequence)
                .Select(h => new { h.Sequence, h.Hash }).FirstOrDefaultAsync(cancellationToken);
            var row = HistoryChain.NextRow(Stream, last?.Sequence ?? 0, last?.Hash, time.GetUtcNow(), type, actor: actor, dataJson: data.ToJsonString());
            db.History.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 20)
            {
                // Another row took this sequence number: chain onto it instead.
            }
        }
    }

    /// <summary>The stream's rows, oldest first (for administrators and tests).</summary>
    public async Task<IReadOnlyList<HistoryRecord>> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        return await db.History.AsNoTracking().Where(h => h.Stream == Stream).OrderBy(h => h.Sequence).ToListAsync(cancellationToken);
    }
}
