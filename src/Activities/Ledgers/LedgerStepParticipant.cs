using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>
/// The <see cref="LedgerDbContext"/> of a service scope, if anything in the scope created one. Lets the step participant
/// save the ledger without creating a context in the many steps that never touch a ledger.
/// </summary>
public sealed class LedgerScope
{
    /// <summary>The scope's ledger context, once created.</summary>
    public LedgerDbContext? Context { get; internal set; }
}

/// <summary>Saves what activities changed in the step's <see cref="LedgerDbContext"/> inside the step's transaction.</summary>
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
}
