using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Zzut.Workflows.Activities.Duties;
using Zzut.Workflows.Activities.Email;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>Registers the units directory, the ledgers and their activities, and the working-day calendar.</summary>
public static class LedgerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the domain (<see cref="DomainServiceCollectionExtensions.AddLedgerDomain"/>) with
    /// <see cref="LedgerDbContext"/> on the engine's connection (its changes commit with the step), the ledger
    /// activities (<c>ledger.{name}.save</c>, <c>ledger.system.read</c>, <c>incident.assess</c>, <c>incident.accountability</c>, the VM lifecycle and
    /// <c>vm.set-state</c>, <c>unit.criticise</c>, <c>vm.reclaim</c>, <c>hosting.change.request</c>/<c>decide</c>,
    /// <c>incident-tip.receive</c>/<c>triage</c>/<c>link</c>; the standing duties',
    /// <see cref="DutyActivitiesServiceCollectionExtensions.AddDutyActivities"/>), the recipients behind <c>unit:</c>,
    /// <c>head:</c>, <c>duty:</c> and <c>role:</c> groups, and
    /// <c>addWorkdays(date, n)</c> for expressions.
    /// </summary>
    public static IServiceCollection AddLedgers(this IServiceCollection services)
    {
        services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.Section);
        services.AddWorkflowConnectionContext<LedgerDbContext, PostgreSqlLedgerDbContext>(
            LedgerDbContext.MigrationsHistoryTable, (scope, ledger) => scope.GetRequiredService<LedgerScope>().Use(ledger));
        services.AddLedgerDomain();
        services.AddScoped<IStepParticipant, LedgerStepParticipant>();
        services.AddSingleton(sp => new ExpressionDateFunction("addWorkdays", (date, days) => sp.GetRequiredService<WorkingCalendar>().AddWorkdays(date, checked((int)days))));
        services.TryAddSingleton<ConfiguredRecipientDirectory>();
        services.RemoveAll<IRecipientDirectory>();
        services.AddSingleton<IRecipientDirectory, UnitRecipientDirectory>();
        services.AddWorkflowActivity<SystemLedgerActivity>();
        services.AddWorkflowActivity<SystemReadActivity>();
        services.AddWorkflowActivity<WebsiteLedgerActivity>();
        services.AddWorkflowActivity<IncidentLedgerActivity>();
        services.AddWorkflowActivity<IncidentAssessActivity>();
        services.AddWorkflowActivity<IncidentAccountabilityActivity>();
        services.AddWorkflowActivity<VmLedgerActivity>();
        services.AddWorkflowActivity<HostedServerLedgerActivity>();
        services.AddWorkflowActivity<RectificationNoticeLedgerActivity>();
        services.AddWorkflowActivity<VmRegisterActivity>();
        services.AddWorkflowActivity<VmMissActivity>();
        services.AddWorkflowActivity<VmMarkReclaimedActivity>();
        services.AddWorkflowActivity<VmKeepActivity>();
        services.AddWorkflowActivity<UnitCriticismActivity>();
        services.AddWorkflowActivity<VmSetStateActivity>();
        services.AddWorkflowActivity<HostingChangeRequestActivity>();
        services.AddWorkflowActivity<HostingChangeDecideActivity>();
        services.AddWorkflowActivity<IncidentTipReceiveActivity>();
        services.AddWorkflowActivity<IncidentTipTriageActivity>();
        services.AddWorkflowActivity<IncidentTipLinkActivity>();
        services.AddHttpClient(VmReclaimHookActivity.ClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddWorkflowActivity<VmReclaimHookActivity>();
        services.AddDutyActivities();
        return services;
    }

}
