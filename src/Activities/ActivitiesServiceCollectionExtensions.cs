using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Zzut.Workflows.Activities.Builtin;
using Zzut.Workflows.Activities.Email;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Activities;

/// <summary>Registers the activities shipped with the engine.</summary>
public static class ActivitiesServiceCollectionExtensions
{
    /// <summary>Registers <c>log</c>, <c>variables.set</c> and <c>procedure.start</c>.</summary>
    public static IServiceCollection AddBuiltInActivities(this IServiceCollection services)
    {
        services.AddWorkflowActivity<LogActivity>();
        services.AddWorkflowActivity<SetVariablesActivity>();
        services.AddWorkflowActivity<StartProcedureActivity>();
        return services;
    }

    /// <summary>
    /// Registers <c>email.send</c>, the task notices and the template renderer; recipients come from configuration
    /// unless another <see cref="IRecipientDirectory"/> is registered first.
    /// </summary>
    public static IServiceCollection AddEmailActivities(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section);
        services.AddOptions<RecipientOptions>().BindConfiguration(RecipientOptions.Section);
        services.TryAddSingleton<IRecipientDirectory, ConfiguredRecipientDirectory>();
        services.TryAddSingleton<EmailTemplates>();
        services.AddWorkflowActivity<SendEmailActivity>();
        services.AddSingleton<IUserTaskListener, TaskNotifier>();
        return services;
    }
}
