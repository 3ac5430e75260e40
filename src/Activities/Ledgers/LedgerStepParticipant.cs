using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>Saves what activities changed in the step's <see cref="LedgerDbContext"/> inside the step's transaction.</summary>
public sealed class LedgerStepParticipant(LedgerDbContext ledger) : IStepParticipant
{
    /// <inheritdoc />
    public async Task SaveAsync(DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        if (!ledger.ChangeTracker.HasChanges())
        {
            return;
        }

        await ledger.Database.UseTransactionAsync(transaction, cancellationToken);
        try
        {
            await ledger.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            await ledger.Database.UseTransactionAsync(null, cancellationToken);
        }
    }
}
