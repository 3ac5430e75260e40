using Hangfire;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Host.Email;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Jobs;

/// <summary>Wires Hangfire: storage by configuration, the server, the dashboard, the recurring jobs and the start-up pass.</summary>
public static class JobsExtensions
{
    /// <summary>
    /// Registers Hangfire — PostgreSQL storage when <c>ConnectionStrings:Hangfire</c> is set or the service runs on
    /// PostgreSQL (then by default in the service's own database, schema <c>hangfire</c>), otherwise SQLite storage in its
    /// own file under the data folder (or in-memory storage where a test chooses it) — makes it the engine's
    /// <see cref="IWorkScheduler"/>, and runs the engine's timer and external-call dispatchers on nodes that run a Hangfire server.
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

        var hangfire = builder.Configuration.GetSection(HangfireOptions.Section).Get<HangfireOptions>() ?? new HangfireOptions();
        var postgres = builder.Configuration.GetConnectionString(HangfireOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(postgres) && hangfire.Storage != HangfireStorageKind.InMemory)
        {
            var database = WorkflowHostExtensions.ResolveDatabase(builder);
            postgres = database.Provider == DatabaseProvider.PostgreSql ? database.ConnectionString : null;
        }

        var sqliteFile = Path.Combine(WorkflowHostExtensions.ResolveDataPath(builder), HangfireOptions.SqliteFileName);
        // Each host owns its storage, registered before AddHangfire (whose own registration is a TryAdd of the static
        // JobStorage.Current): the Use*Storage calls set that process-wide static, so two hosts built at the same time in
        // one process (parallel test fixtures) could otherwise each end up writing into the other's storage.
        services.AddSingleton<JobStorage>(_ =>
        {
            if (!string.IsNullOrWhiteSpace(postgres))
            {
                var postgresOptions = new PostgreSqlStorageOptions
                {
                    SchemaName = hangfire.PostgreSqlSchema,
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = hangfire.QueuePollInterval,
                };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(postgres, postgresOptions), postgresOptions);
            }

            return hangfire.Storage == HangfireStorageKind.InMemory
                ? new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long })
                : new SQLiteStorage(sqliteFile, new SQLiteStorageOptions { QueuePollInterval = hangfire.QueuePollInterval });
        });
        services.AddSingleton<HangfireLogBridge.Sink>();
        services.AddHangfire((provider, configuration) =>
        {
            // Hangfire's log provider is process-wide; this host joins the bridge, which replaces the provider that
            // AddHangfire has just bound to this host's logger factory alone (see HangfireLogBridge).
            provider.GetRequiredService<HangfireLogBridge.Sink>();
            configuration
                .UseLogProvider(HangfireLogBridge.Instance)
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
        });

        services.AddOptions<TimerDispatcherOptions>().BindConfiguration(TimerDispatcherOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var timers = builder.Configuration.GetSection(TimerDispatcherOptions.Section).Get<TimerDispatcherOptions>() ?? new TimerDispatcherOptions();
        if (hangfire.Server && timers.Dispatcher)
        {
            services.AddHostedService(sp => sp.GetRequiredService<TimerDispatcher>());
        }

        services.AddOptions<ExternalTaskDispatcherOptions>().BindConfiguration(ExternalTaskDispatcherOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var externals = builder.Configuration.GetSection(ExternalTaskDispatcherOptions.Section).Get<ExternalTaskDispatcherOptions>() ?? new ExternalTaskDispatcherOptions();
        if (hangfire.Server && externals.Dispatcher)
        {
            services.AddHostedService(sp => sp.GetRequiredService<ExternalTaskDispatcher>());
        }

        services.AddOptions<OutboxDispatcherOptions>().BindConfiguration(OutboxDispatcherOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboxDispatcher>();
        var outbox = builder.Configuration.GetSection(OutboxDispatcherOptions.Section).Get<OutboxDispatcherOptions>() ?? new OutboxDispatcherOptions();
        if (hangfire.Server && outbox.Enabled)
        {
            services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        }

        if (hangfire.Server)
        {
            services.AddHangfireServer((provider, o) =>
            {
                // This host's own activator, not the process-wide JobActivator.Current that the last host to start set.
                o.Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
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
    /// The start-up pass: runs whatever became due while the host was down (a timer whose firing kept stopping the
    /// process is an incident now, not fired again), and, with in-memory storage only, schedules jobs again for the
    /// timers still waiting.
    /// </summary>
    public static async Task RunStartupPassAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var sweep = app.Services.GetServices<IRecurringWorkflowJob>().Single(j => j.Name == WorkflowSweepJob.JobName);
        await sweep.RunAsync(cancellationToken);
        if (app.Services.GetRequiredService<JobStorage>() is not Hangfire.InMemory.InMemoryStorage)
        {
            // The jobs of future timers survived in the durable storage. When that storage is new (after
            // migrate-to-postgresql, or a lost hangfire.db) they are missing, and nothing is lost either: the timer
            // dispatcher reads every timer due within its horizon from the rows each minute, and fires it on time.
            return;
        }

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
