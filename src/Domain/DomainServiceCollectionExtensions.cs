using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Compliance;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Units;

namespace Zzut.Workflows.Domain;

/// <summary>Registers the domain's services (the caller registers <see cref="LedgerDbContext"/> on its database and binds the options).</summary>
public static class DomainServiceCollectionExtensions
{
    /// <summary>
    /// Registers the working-day calendar, the ledger queries (<see cref="SystemLedger"/>, <see cref="VmLedger"/>,
    /// <see cref="ComplianceOverview"/>, <see cref="UnitDirectory"/>) and the <see cref="LedgerEditor"/>, each scoped with the scope's ledger context.
    /// </summary>
    public static IServiceCollection AddLedgerDomain(this IServiceCollection services)
    {
        services.AddOptions<LedgerOptions>();
        services.AddOptions<ScanOptions>();
        services.TryAddScoped<LedgerScope>();
        services.TryAddSingleton<WorkingCalendar>();
        services.TryAddScoped<SystemLedger>();
        services.TryAddScoped<VmLedger>();
        services.TryAddScoped<ComplianceOverview>();
        services.TryAddScoped<LedgerEditor>();
        services.TryAddScoped<UnitDirectory>();
        return services;
    }
}
