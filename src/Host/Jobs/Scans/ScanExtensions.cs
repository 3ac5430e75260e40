using Zzut.Workflows.Domain;

namespace Zzut.Workflows.Host.Jobs.Scans;

/// <summary>Registers the scheduled scans as recurring jobs (daily, Asia/Shanghai, unless configured otherwise).</summary>
public static class ScanExtensions
{
    /// <summary>Adds <c>evaluation-scan</c>, <c>vm-reregistration-scan</c> and <c>service-period-scan</c>.</summary>
    public static IHostApplicationBuilder AddScans(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ScanOptions>().BindConfiguration(ScanOptions.Section)
            .Validate(o => o.IsValid(), "Scan windows must be 0 to 366 days.")
            .ValidateOnStart();
        services.AddSingleton<ScanRunner>();
        services.AddSingleton<EvaluationScan>();
        services.AddSingleton<VmReregistrationScan>();
        services.AddSingleton<ServicePeriodScan>();
        services.AddSingleton<ScanJob>(sp => sp.GetRequiredService<EvaluationScan>());
        services.AddSingleton<ScanJob>(sp => sp.GetRequiredService<VmReregistrationScan>());
        services.AddSingleton<ScanJob>(sp => sp.GetRequiredService<ServicePeriodScan>());
        services.AddSingleton<IRecurringWorkflowJob>(sp => sp.GetRequiredService<EvaluationScan>());
        services.AddSingleton<IRecurringWorkflowJob>(sp => sp.GetRequiredService<VmReregistrationScan>());
        services.AddSingleton<IRecurringWorkflowJob>(sp => sp.GetRequiredService<ServicePeriodScan>());
        services.AddOptions<RecurringJobsOptions>().PostConfigure<IEnumerable<ScanJob>>((o, scans) =>
        {
            foreach (var scan in scans)
            {
                o.Jobs.TryAdd(scan.Name, new RecurringJobSetting { Cron = scan.DefaultCron });
            }
        });
        return builder;
    }
}
