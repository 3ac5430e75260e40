using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// Keeps a step's context's connection open for the step's reads, so that they share one connection instead of each
/// query opening one (taking it from the pool and setting it up). Without a transaction each read still sees the latest
/// commit. Disposing closes it again, whatever the step's outcome: a pooled context must go back with its connection
/// closed (the pool's asynchronous reset does not forget an explicit opening).
/// </summary>
internal readonly struct StepConnection : IAsyncDisposable
{
    private readonly WorkflowDbContext db;

    private StepConnection(WorkflowDbContext db) => this.db = db;

    public static async Task<StepConnection> OpenAsync(WorkflowDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return new StepConnection(db);
    }

    /// <summary>Closes the connection if this opening still holds it (the group-commit writer may have closed it already to move the context onto its own).</summary>
    public async ValueTask DisposeAsync() => await db.Database.CloseConnectionAsync();
}
