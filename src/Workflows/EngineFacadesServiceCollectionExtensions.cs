using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Zzut.Workflows.History;
using Zzut.Workflows.Messaging;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows;

/// <summary>
/// Registers the small interfaces through which code outside the engine reaches the engine's tables: the history journal,
/// the outbox, the task finder and the business-key index. Nothing outside the engine writes its tables directly.
/// </summary>
internal static class EngineFacadesServiceCollectionExtensions
{
    public static IServiceCollection AddEngineFacades(this IServiceCollection services)
    {
        services.TryAddSingleton<IHistoryJournal, HistoryJournal>();
        services.TryAddScoped<IOutbox, Outbox>();
        services.TryAddSingleton<TaskFinder>();
        services.TryAddSingleton<ITaskFinder>(sp => sp.GetRequiredService<TaskFinder>());
        services.TryAddSingleton<IBusinessKeyIndex>(sp => sp.GetRequiredService<TaskFinder>());
        return services;
    }
}
