using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.History;

/// <summary>The engine's <see cref="IHistoryJournal"/>: rows of the history table, chained by <see cref="HistoryChain"/>.</summary>
internal sealed class HistoryJournal(IServiceScopeFactory scopes, TimeProvider time) : IHistoryJournal
{
    private const int MaxAttempts = 20;

    public async Task AppendAsync(string stream, string type, string? actor, JsonObject? data, CancellationToken cancellationToken = default)
    {
        if (stream.StartsWith("instance:", StringComparison.Ordinal) || stream.StartsWith("definition:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"The stream '{stream}' is written by the engine only.", nameof(stream));
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var last = await db.History.AsNoTracking().Where(h => h.Stream == stream).OrderByDescending(h => h.Sequence)
                .Select(h => new { h.Sequence, h.Hash }).FirstOrDefaultAsync(cancellationToken);
            db.History.Add(HistoryChain.NextRow(stream, last?.Sequence ?? 0, last?.Hash, time.GetUtcNow(), type, actor: actor, dataJson: data?.ToJsonString()));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Another row took this sequence number (the unique stream and sequence): chain onto it instead.
            }
        }
    }

    public async Task<IReadOnlyList<HistoryEntryView>> ReadAsync(string stream, CancellationToken cancellationToken = default)
    {
        var rows = await RowsAsync(stream, cancellationToken);
        return [.. rows.Select(h => new HistoryEntryView(h.Sequence, h.Timestamp, h.Type, h.ElementId, h.Actor, h.DataJson is null ? null : JsonNode.Parse(h.DataJson), h.Hash))];
    }

    public async Task<HistoryVerification> VerifyAsync(string stream, CancellationToken cancellationToken = default)
    {
        return HistoryChain.Verify(await RowsAsync(stream, cancellationToken));
    }

    private async Task<List<HistoryRecord>> RowsAsync(string stream, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        return await db.History.AsNoTracking().Where(h => h.Stream == stream).OrderBy(h => h.Sequence).ToListAsync(cancellationToken);
    }
}
