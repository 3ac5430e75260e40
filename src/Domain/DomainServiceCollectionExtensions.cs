using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Compliance;
using Zzut.Workflows.Domain.Duties;
using Zzut.Workflows.Domain.Emergency;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Reports;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Units;
using Zzut.Workflows.Domain.Websites;

namespace Zzut.Workflows.Domain;

/// <summary>Registers the domain's services (the caller registers <see cref="LedgerDbContext"/> on its database and binds the options).</summary>
public static class DomainServiceCollectionExtensions
{
    /// <summary>
    /// Registers the working-day calendar, the ledger queries (<see cref="SystemLedger"/>, <see cref="VmLedger"/>,
    /// <see cref="ComplianceOverview"/>, <see cref="UnitDirectory"/>), the <see cref="LedgerEditor"/>, the
    /// <see cref="HostingChanges"/>, the <see cref="CalendarEditor"/> and the standing duties' <see cref="DutyLedger"/>,
    /// <see cref="DutyOverview"/>, <see cref="DutyRota"/>, <see cref="AnnualReportAssembler"/>, each scoped with the
    /// scope's ledger context.
    /// </summary>
    public static IServiceCollection AddLedgerDomain(this IServiceCollection services)
    {
        services.AddOptions<LedgerOptions>();
        services.AddOptions<ScanOptions>();
        services.TryAddScoped<LedgerScope>();
        services.TryAddSingleton<WorkingCalendar>();
        services.TryAddSingleton<ReferenceData>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReferenceSnapshot, WorkingCalendar>(sp => sp.GetRequiredService<WorkingCalendar>()));
        services.TryAddSingleton<UnitAddressBook>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReferenceSnapshot, UnitAddressBook>(sp => sp.GetRequiredService<UnitAddressBook>()));
        services.TryAddScoped<SystemLedger>();
        services.TryAddScoped<VmLedger>();
        services.TryAddScoped<ComplianceOverview>();
        services.TryAddScoped<LedgerEditor>();
        services.TryAddScoped<UnitDirectory>();
        services.TryAddScoped<HostingLedger>();
        services.TryAddScoped<HostingChanges>();
        services.TryAddScoped<CalendarEditor>();
        services.AddOptions<DutyOptions>();
        services.AddOptions<WebsiteWatchOptions>();
        services.TryAddScoped<DutyLedger>();
        services.TryAddScoped<DutyOverview>();
        services.TryAddScoped<DutyRota>();
        services.TryAddScoped<AnnualReportAssembler>();
        return services;
    }
}
