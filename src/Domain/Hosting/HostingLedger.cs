using Microsoft.EntityFrameworkCore;

namespace Zzut.Workflows.Domain.Hosting;

/// <summary>The VM and hosted-server ledgers as the rows a change request names.</summary>
public sealed class HostingLedger(LedgerDbContext db)
{
    /// <summary>The VM ledger's name.</summary>
    public const string VmLedger = "vm";

    /// <summary>The hosted-server ledger's name.</summary>
    public const string HostedServerLedger = "hostedServer";

    /// <summary>
    /// Why <paramref name="unitCode"/> may not ask to change the row now, or null when it may: the row exists and is the
    /// unit's (any unit's when <paramref name="unitCode"/> is null), its state allows a change, and no other request of it is pending.
    /// </summary>
    public async Task<string?> RequestRefusalAsync(string ledger, Guid id, string? unitCode, CancellationToken cancellationToken = default)
    {
        var target = await FindAsync(ledger, id, cancellationToken);
        if (target is null || (unitCode is not null && target.UnitCode != unitCode))
        {
            return $"台账中没有{(unitCode is null ? string.Empty : "本单位的")}该服务器 (the ledger has no such server{(unitCode is null ? string.Empty : $" of unit '{unitCode}'")}: {id}).";
        }

        if (target.ChangeRefusal() is { } refusal)
        {
            return refusal;
        }

        return await db.HostingChanges.AnyAsync(c => c.Ledger == ledger && c.RecordId == id && c.Status == HostingChangeStatus.Pending, cancellationToken)
            ? $"{target.Label} 已有待审批的变更申请，请等待审批结果 (a change request of {target.Label} is pending; wait for its decision)."
            : null;
    }

    /// <summary>The VM or hosted server, tracked; null when the ledger has no such row.</summary>
    public async Task<IChangeableHosting?> FindAsync(string ledger, Guid id, CancellationToken cancellationToken = default) => ledger switch
    {
        VmLedger => await db.Vms.FindAsync([id], cancellationToken),
        HostedServerLedger => await db.HostedServers.FindAsync([id], cancellationToken),
        _ => throw LedgerValidationException.For("ledger", WireNames.OneOf([VmLedger, HostedServerLedger])),
    };
}
