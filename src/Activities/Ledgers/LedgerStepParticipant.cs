using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>
/// Saves what activities changed in the scope's <see cref="LedgerDbContext"/> inside the step's transaction (or the
/// transaction of an outbox write outside a step); a scope that never created a ledger context saves nothing.
/// </summary>
public sealed class LedgerStepParticipant(LedgerScope scope) : IStepParticipant
{
    /// <inheritdoc />
    public async Task SaveAsync(DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        if (scope.Context is not { } ledger || !ledger.ChangeTracker.HasChanges())
        {
            return;
        }

        await ledger.Database.JoinStepTransactionAsync(transaction, cancellationToken);
        try
        {
            await ledger.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            await ledger.Database.UseTransactionAsync(null, cancellationToken);
        }
    }

    /// <inheritdoc />
    public PendingChanges Mark() => PendingChanges.Of(scope.Context);

    /// <inheritdoc />
    public void Discard(PendingChanges mark) => mark.Restore(scope.Context);
}
