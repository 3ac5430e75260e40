using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Duties;
using Zzut.Workflows.Domain.Websites;

namespace Zzut.Workflows.Host.Jobs.Scans;

/// <summary>Registers the scheduled scans as recurring jobs (daily, Asia/Shanghai, unless configured otherwise).</summary>
public static class ScanExtensions
{
    /// <summary>
    /// Adds <c>evaluation-scan</c>, <c>vm-reregistration-scan</c>, <c>service-period-scan</c>, <c>calendar-check</c>, and the standing
    /// duties' <c>self-inspection-scan</c>, <c>training-scan</c>, <c>letter-scan</c>, <c>drill-scan</c>,
    /// <c>emergency-plan-review-scan</c>, <c>annual-report-scan</c> and <c>website-watch</c>.
    /// </summary>
    public static IHostApplicationBuilder AddScans(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ScanOptions>().BindConfiguration(ScanOptions.Section)
            .Validate(o => o.IsValid(), "Scan windows must be 0 to 366 days.")
            .ValidateOnStart();
        services.AddOptions<DutyOptions>().BindConfiguration(DutyOptions.Section)
            .Validate(o => o.Problem() is null, $"{DutyOptions.Section}: dates are MM-dd (SelfInspectionDates a comma-separated list); SelfInspectionDays 1–366, PlanReviewMonths 1–60, PlanReviewLeadDays 0–366, PersonChangeReportDays 0–30.")
            .ValidateOnStart();
        services.AddOptions<WebsiteWatchOptions>().BindConfiguration(WebsiteWatchOptions.Section)
            .Validate(o => o.IsValid(), $"{WebsiteWatchOptions.Section}: FailureThreshold 1–100, Timeout up to 5 minutes, CertificateWarningDays 0–365, Parallelism 1–64.")
            .ValidateOnStart();
        services.AddSingleton<ScanRunner>();
        services.AddSingleton<IWebsiteProbe, HttpWebsiteProbe>();
        AddScan<EvaluationScan>(services);
        AddScan<VmReregistrationScan>(services);
        AddScan<ServicePeriodScan>(services);
        AddScan<CalendarCheck>(services);
        AddScan<SelfInspectionScan>(services);
        AddScan<TrainingScan>(services);
        AddScan<LetterScan>(services);
        AddScan<DrillScan>(services);
        AddScan<EmergencyPlanReviewScan>(services);
        AddScan<AnnualReportScan>(services);
        AddScan<WebsiteWatchJob>(services);
        services.AddOptions<RecurringJobsOptions>().PostConfigure<IEnumerable<ScanJob>>((o, scans) =>
        {
            foreach (var scan in scans)
            {
                o.Jobs.TryAdd(scan.Name, new RecurringJobSetting { Cron = scan.DefaultCron });
            }
        });
        return builder;
    }

    private static void AddScan<TScan>(IServiceCollection services)
        where TScan : ScanJob
    {
        services.AddSingleton<TScan>();
        services.AddSingleton<ScanJob>(sp => sp.GetRequiredService<TScan>());
        services.AddSingleton<IRecurringWorkflowJob>(sp => sp.GetRequiredService<TScan>());
    }
}
