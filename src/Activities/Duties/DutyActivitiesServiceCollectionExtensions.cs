using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Domain.Duties;
using Zzut.Workflows.Domain.Websites;

namespace Zzut.Workflows.Activities.Duties;

/// <summary>Registers the activities of the policy's standing duties (inspections, emergency, warnings, letters, the annual report, the website watch).</summary>
public static class DutyActivitiesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <c>procedure.start-each</c>, <c>inspection.*</c>, <c>self-inspection.*</c>, <c>emergency-plan.file</c>,
    /// <c>drill.*</c>, <c>ledger.training.save</c>, <c>warning.*</c>, <c>letter.*</c>, <c>report.*</c> and
    /// <c>website.anomaly-handled</c>, and binds <see cref="DutyOptions"/> and <see cref="WebsiteWatchOptions"/>.
    /// </summary>
    public static IServiceCollection AddDutyActivities(this IServiceCollection services)
    {
        services.AddOptions<DutyOptions>().BindConfiguration(DutyOptions.Section);
        services.AddOptions<WebsiteWatchOptions>().BindConfiguration(WebsiteWatchOptions.Section);
        services.AddWorkflowActivity<StartEachActivity>();
        services.AddWorkflowActivity<InspectionPlanActivity>();
        services.AddWorkflowActivity<InspectionOpenUnitActivity>();
        services.AddWorkflowActivity<InspectionFindingsActivity>();
        services.AddWorkflowActivity<InspectionNoticeIssuedActivity>();
        services.AddWorkflowActivity<InspectionCloseActivity>();
        services.AddWorkflowActivity<SelfInspectionOpenActivity>();
        services.AddWorkflowActivity<SelfInspectionSubmitActivity>();
        services.AddWorkflowActivity<SelfInspectionReviewActivity>();
        services.AddWorkflowActivity<EmergencyPlanFileActivity>();
        services.AddWorkflowActivity<DrillPlanActivity>();
        services.AddWorkflowActivity<DrillHoldActivity>();
        services.AddWorkflowActivity<DrillFollowUpActivity>();
        services.AddWorkflowActivity<TrainingLedgerActivity>();
        services.AddWorkflowActivity<WarningRecordActivity>();
        services.AddWorkflowActivity<WarningAnswerActivity>();
        services.AddWorkflowActivity<WarningOverdueActivity>();
        services.AddWorkflowActivity<WarningCloseActivity>();
        services.AddWorkflowActivity<LetterRegisterActivity>();
        services.AddWorkflowActivity<PersonChangeActivity>();
        services.AddWorkflowActivity<PersonChangeAcknowledgeActivity>();
        services.AddWorkflowActivity<ReportAssembleActivity>();
        services.AddWorkflowActivity<ReportDraftActivity>();
        services.AddWorkflowActivity<ReportDecideActivity>();
        services.AddWorkflowActivity<ReportSubmittedActivity>();
        services.AddWorkflowActivity<WebsiteAnomalyHandledActivity>();
        return services;
    }
}
