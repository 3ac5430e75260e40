using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// Writes that are not a step of an instance — a claim of a batch of due timers, an e-mail's claim and result — made
/// through the step pipeline: in a savepoint of a group commit on SQLite, in a transaction of their own on PostgreSQL.
/// On SQLite a transaction of their own would wait for the database's one write lock behind the group-commit writer,
/// which busy steps keep taken (ADR 0022).
/// </summary>
public interface IPipelineWrites
{
    /// <summary>
    /// Runs <paramref name="write"/> on a fresh context inside the pipeline's transaction and returns once it is
    /// committed. The write should change rows with set-based statements (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>):
    /// it is not a step, so the pipeline saves no tracked changes for it and schedules no background work.
    /// </summary>
    /// <exception cref="StepNotCommittedException">The batch it was part of could not commit; nothing of it is written.</exception>
    Task WriteAsync(Func<WorkflowDbContext, CancellationToken, Task> write, CancellationToken cancellationToken = default);
}

/// <inheritdoc />
internal sealed class PipelineWrites(IServiceScopeFactory scopes, IStepPipeline pipeline) : IPipelineWrites
{
    /// <inheritdoc />
    public async Task WriteAsync(Func<WorkflowDbContext, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        await pipeline.CommitAsync(new StepWrite(db, [new DelegatedWrite(db, write)]), cancellationToken);
    }

    private sealed class DelegatedWrite(WorkflowDbContext db, Func<WorkflowDbContext, CancellationToken, Task> write) : IStepParticipant
    {
        public async Task SaveAsync(DbTransaction transaction, CancellationToken cancellationToken = default)
        {
            // The write runs on the step's own context, which the pipeline enlists only when SaveChanges writes the step:
            // it joins the transaction here (on SQLite, the group-commit writer's connection, which the writer takes back
            // after the step; on PostgreSQL the context's own transaction already).
            if (!ReferenceEquals(db.Database.CurrentTransaction?.GetDbTransaction(), transaction))
            {
                await db.Database.JoinStepTransactionAsync(transaction, cancellationToken);
            }

            await write(db, cancellationToken);
        }
    }
}
