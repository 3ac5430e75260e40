using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Activities.Builtin;

namespace Zzut.Workflows.Activities;

/// <summary>Registers the activities shipped with the engine.</summary>
public static class ActivitiesServiceCollectionExtensions
{
    /// <summary>Registers <c>log</c> and <c>variables.set</c>.</summary>
    public static IServiceCollection AddBuiltInActivities(this IServiceCollection services)
    {
        services.AddWorkflowActivity<LogActivity>();
        services.AddWorkflowActivity<SetVariablesActivity>();
        return services;
    }
}
