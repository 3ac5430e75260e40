using Hangfire;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Host.Email;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Jobs;

/// <summary>Wires Hangfire: storage by configuration, the server, the dashboard, the recurring jobs and the start-up pass.</summary>
public static class JobsExtensions
{
    /// <summary>
    /// Registers Hangfire with in-memory storage, or PostgreSQL storage when <c>ConnectionStrings:Hangfire</c> is set,
    /// and makes it the engine's <see cref="IWorkScheduler"/>.
    /// </summary>
    public static IHostApplicationBuilder AddWorkflowJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HangfireOptions>().BindConfiguration(HangfireOptions.Section);
        services.AddOptions<RecurringJobsOptions>()
            .Configure<IConfiguration>((o, configuration) => configuration.GetSection(RecurringJobsOptions.Section).Bind(o.Jobs))
            .PostConfigure(o =>
            {
                o.Jobs.TryAdd(WorkflowSweepJob.JobName, new RecurringJobSetting { Cron = "*/30 * * * * *", TimeZone = "UTC" });
                o.Jobs.TryAdd(ReferenceDataRefreshJob.JobName, new RecurringJobSetting { Cron = "*/5 * * * *", TimeZone = "UTC" });
            });

        var postgres = builder.Configuration.GetConnectionString("Hangfire");
        services.AddHangfire(configuration =>
        {
            configuration.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (string.IsNullOrWhiteSpace(postgres))
            {
                configuration.UseInMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
            }
            else
            {
                configuration.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(postgres));
            }
        });

        var hangfire = builder.Configuration.GetSection(HangfireOptions.Section).Get<HangfireOptions>() ?? new HangfireOptions();
        if (hangfire.Server)
        {
            services.AddHangfireServer(o =>
            {
                o.SchedulePollingInterval = hangfire.SchedulePollingInterval;
                o.WorkerCount = hangfire.WorkerCount;
                o.ServerName = $"zzut-workflows:{Environment.MachineName}:{Environment.ProcessId}";
            });
        }

        services.AddSingleton<IWorkScheduler, HangfireWorkScheduler>();
        services.AddScoped<WorkflowJobs>();
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<IRecurringWorkflowJob, WorkflowSweepJob>();
        services.AddSingleton<IRecurringWorkflowJob, ReferenceDataRefreshJob>();
        return builder;
    }

    /// <summary>Maps the dashboard and registers the configured recurring jobs; an unknown job name or time zone stops the start.</summary>
    public static WebApplication UseWorkflowJobs(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<HangfireOptions>>().Value;
        app.UseHangfireDashboard(options.DashboardPath, new DashboardOptions
        {
            DashboardTitle = "ZzutWorkflows jobs",
            Authorization = [new AdministratorsOnly()],
        });

        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        var known = app.Services.GetServices<IRecurringWorkflowJob>().Select(j => j.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, setting) in app.Services.GetRequiredService<IOptions<RecurringJobsOptions>>().Value.Jobs)
        {
            if (!known.Contains(name))
            {
                throw new InvalidOperationException($"Recurring job '{name}' is configured but no such job exists. Known jobs: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
            }

            if (!setting.Enabled)
            {
                recurring.RemoveIfExists(name);
                continue;
            }

            var zone = TimeZoneInfo.FindSystemTimeZoneById(setting.TimeZone);
            var jobName = name;
            recurring.AddOrUpdate<WorkflowJobs>(jobName, j => j.RunRecurringAsync(jobName, CancellationToken.None), setting.Cron, new RecurringJobOptions { TimeZone = zone });
            HostLog.RecurringJobRegistered(app.Logger, name, setting.Cron, setting.TimeZone);
        }

        return app;
    }

    /// <summary>
    /// The start-up pass: runs whatever became due while the host was down, and schedules jobs for the timers, calls and
    /// e-mails still waiting (the embedded mode's in-memory jobs did not survive the restart).
    /// </summary>
    public static async Task RunStartupPassAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var sweep = app.Services.GetServices<IRecurringWorkflowJob>().Single(j => j.Name == WorkflowSweepJob.JobName);
        await sweep.RunAsync(cancellationToken);
        var engine = app.Services.GetRequiredService<IWorkflowEngine>();
        var timers = await engine.QueryTimersAsync(null, cancellationToken);
        await app.Services.GetRequiredService<IWorkScheduler>().ScheduleAsync(
            new ScheduledWork([.. timers.Select(t => new ScheduledTimer(t.Id, t.DueAt))], [], []), cancellationToken);
    }
}

/// <summary>The dashboard is for signed-in administrators (cookie or bearer).</summary>
internal sealed class AdministratorsOnly : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User.IsInRole(Accounts.Roles.Admin);
}
