using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Zzut.Workflows.Domain.Hosting;

/// <summary>The VM ledger's queries (P4): which VMs are due for their yearly registration, whose service period ends soon.</summary>
public sealed class VmLedger(LedgerDbContext db, IOptionsMonitor<ScanOptions> windows)
{
    /// <summary>Active VMs whose yearly registration has fallen due by <paramref name="today"/> (see <see cref="VmRecord.RegistrationDueBy"/>).</summary>
    public async Task<IReadOnlyList<VmRecord>> DueForRegistrationAsync(DateOnly today, CancellationToken cancellationToken = default) =>
        await db.Vms.AsNoTracking().Where(VmRecord.RegistrationDueBy.For(today)).ToListAsync(cancellationToken);

    /// <summary>
    /// Active VMs whose service period ends within the reminder window from <paramref name="today"/>, tracked (to mark the
    /// reminder); those already reminded of their end date included (<see cref="VmRecord.IsServicePeriodReminded"/>).
    /// </summary>
    public async Task<IReadOnlyList<VmRecord>> ServicePeriodEndingAsync(DateOnly today, CancellationToken cancellationToken = default) =>
        await db.Vms.Where(VmRecord.ServicePeriodEndsWithin.For(new DateWindow(today, today.AddDays(windows.CurrentValue.ServicePeriodReminderDays)))).ToListAsync(cancellationToken);
}
