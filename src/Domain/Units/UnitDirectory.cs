using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain.Emergency;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Incidents;
using Zzut.Workflows.Domain.Inspections;
using Zzut.Workflows.Domain.Letters;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Websites;

namespace Zzut.Workflows.Domain.Units;

/// <summary>The units directory's rules that need the ledgers.</summary>
public sealed class UnitDirectory(LedgerDbContext db)
{
    /// <summary>Whether any ledger row belongs to the unit: such a unit cannot be removed from the directory.</summary>
    public async Task<bool> OwnsLedgerRowsAsync(string unitCode, CancellationToken cancellationToken = default) =>
        await OwnsAsync<InformationSystemRecord>(unitCode, cancellationToken)
        || await OwnsAsync<WebsiteRecord>(unitCode, cancellationToken)
        || await OwnsAsync<IncidentRecord>(unitCode, cancellationToken)
        || await OwnsAsync<VmRecord>(unitCode, cancellationToken)
        || await OwnsAsync<HostedServerRecord>(unitCode, cancellationToken)
        || await OwnsAsync<RectificationNoticeRecord>(unitCode, cancellationToken)
        || await OwnsAsync<HostingChangeRecord>(unitCode, cancellationToken)
        || await OwnsAsync<InspectionUnitRecord>(unitCode, cancellationToken)
        || await OwnsAsync<SelfInspectionRecord>(unitCode, cancellationToken)
        || await OwnsAsync<TrainingRecord>(unitCode, cancellationToken)
        || await OwnsAsync<ResponsibilityLetterRecord>(unitCode, cancellationToken)
        || await OwnsAsync<ResponsiblePersonChangeRecord>(unitCode, cancellationToken);

    private Task<bool> OwnsAsync<TRecord>(string unitCode, CancellationToken cancellationToken)
        where TRecord : class, IUnitLedgerRecord =>
        db.Set<TRecord>().AnyAsync(r => r.UnitCode == unitCode, cancellationToken);
}
