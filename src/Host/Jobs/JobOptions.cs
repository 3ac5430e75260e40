namespace Zzut.Workflows.Host.Jobs;

/// <summary>Background processing (Hangfire); bound from <c>Workflows:Hangfire</c>.</summary>
public sealed class HangfireOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Hangfire";

    /// <summary>
    /// The connection string of Hangfire's PostgreSQL storage (<c>ConnectionStrings:Hangfire</c>); when empty and the
    /// service runs on PostgreSQL, the service's own database (<see cref="PostgreSqlSchema"/> keeps the tables apart).
    /// </summary>
    public const string ConnectionStringName = "Hangfire";

    /// <summary>The schema of Hangfire's tables in PostgreSQL.</summary>
    public string PostgreSqlSchema { get; set; } = "hangfire";

    /// <summary>The file Hangfire's own state is kept in (SQLite storage), under the data folder.</summary>
    public const string SqliteFileName = "hangfire.db";

    /// <summary>
    /// Where Hangfire keeps its jobs without <c>ConnectionStrings:Hangfire</c>: <c>SQLite</c> (a file under the data
    /// folder; queued jobs and recurring-job state survive a restart) or <c>InMemory</c> (tests that choose it).
    /// </summary>
    public HangfireStorageKind Storage { get; set; } = HangfireStorageKind.SQLite;

    /// <summary>How often idle workers look for queued jobs (SQLite and PostgreSQL storage): the delay bound of an e-mail or external call.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Run a Hangfire server in this process (turn off on nodes that only serve the API).</summary>
    public bool Server { get; set; } = true;

    /// <summary>How often the server looks for scheduled jobs that became due: the lateness bound of a timer on an idle host.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Worker threads of the Hangfire server.</summary>
    public int WorkerCount { get; set; } = 8;

    /// <summary>Where the dashboard is served (local requests only until access control lands).</summary>
    public string DashboardPath { get; set; } = "/hangfire";

    /// <summary>Schedule a job per armed timer, besides the sweep; off means timers fire only on sweeps.</summary>
    public bool ScheduleTimerJobs { get; set; } = true;
}

/// <summary>Hangfire storage of the embedded mode.</summary>
public enum HangfireStorageKind
{
    /// <summary>Hangfire.Storage.SQLite, in <see cref="HangfireOptions.SqliteFileName"/> under the data folder.</summary>
    SQLite,

    /// <summary>Hangfire.InMemory: jobs are lost at restart (tests).</summary>
    InMemory,
}

/// <summary>One recurring job: <c>Workflows:RecurringJobs:{name}</c>.</summary>
public sealed class RecurringJobSetting
{
    /// <summary>Cron expression (5 fields, or 6 with seconds first).</summary>
    public string Cron { get; set; } = string.Empty;

    /// <summary>The time zone the Cron expression is read in.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>False to keep the job registered but never run it on schedule.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>The recurring jobs, by name; bound from <c>Workflows:RecurringJobs</c>.</summary>
public sealed class RecurringJobsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:RecurringJobs";

    /// <summary>Name → schedule. Each name must be a registered <see cref="IRecurringWorkflowJob"/>.</summary>
    public Dictionary<string, RecurringJobSetting> Jobs { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A job that runs on a schedule from configuration (the procedures add their scans as these).</summary>
public interface IRecurringWorkflowJob
{
    /// <summary>The name configuration and the dashboard use.</summary>
    string Name { get; }

    /// <summary>Runs the job once.</summary>
    Task RunAsync(CancellationToken cancellationToken = default);
}
