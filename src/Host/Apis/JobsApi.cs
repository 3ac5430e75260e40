using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Jobs;
using Zzut.Workflows.Host.Jobs.Scans;

namespace Zzut.Workflows.Host.Apis;

/// <summary>The scheduled scans: their schedules and runs, and running one now (administrators).</summary>
public static class JobsApi
{
    /// <summary>Maps <c>/api/jobs</c>.</summary>
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapGet("/", ListAsync).WithSummary("The scans with their schedule and last run.");
        group.MapPost("/{name}/run", RunAsync).WithSummary("Run a scan now; answers the run with the instances it started.");
        group.MapGet("/{name}/runs", RunsAsync).WithSummary("The runs of a scan, newest first; paged with skip and take, the total in X-Total-Count.");
        return routes;
    }

    /// <summary>A scan as listed.</summary>
    public sealed record JobView(string Name, string Description, string Cron, string TimeZone, bool Enabled, RunView? LastRun);

    /// <summary>One run.</summary>
    public sealed record RunView(Guid Id, string Name, string Trigger, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int Started, int Skipped, IReadOnlyList<Guid> StartedIds, string? Error)
    {
        /// <summary>The view of a record.</summary>
        public static RunView From(ScanRunRecord r) =>
            new(r.Id, r.Name, r.Trigger, r.StartedAt, r.FinishedAt, r.StartedCount, r.SkippedCount, JsonSerializer.Deserialize<List<Guid>>(r.StartedJson) ?? [], r.Error);
    }

    private static async Task<Ok<List<JobView>>> ListAsync(IEnumerable<ScanJob> scans, IOptions<RecurringJobsOptions> schedules, LedgerDbContext db, CancellationToken cancellationToken)
    {
        var jobs = new List<JobView>();
        foreach (var scan in scans.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var setting = schedules.Value.Jobs.GetValueOrDefault(scan.Name) ?? new RecurringJobSetting { Cron = scan.DefaultCron };
            var last = await db.ScanRuns.AsNoTracking().Where(r => r.Name == scan.Name).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(cancellationToken);
            jobs.Add(new JobView(scan.Name, scan.Description, setting.Cron, setting.TimeZone, setting.Enabled, last is null ? null : RunView.From(last)));
        }

        return TypedResults.Ok(jobs);
    }

    private static async Task<Results<Ok<RunView>, ProblemHttpResult>> RunAsync(string name, HttpContext context, IEnumerable<ScanJob> scans, ScanRunner runner, CancellationToken cancellationToken)
    {
        var scan = scans.FirstOrDefault(s => s.Name == name);
        if (scan is null)
        {
            return Problems.NotFound($"No scan is named '{name}'; the scans are {string.Join(", ", scans.Select(s => s.Name))}.");
        }

        return TypedResults.Ok(RunView.From(await runner.RunAsync(scan, "manual:" + context.User.Identity?.Name, cancellationToken)));
    }

    private static async Task<Results<Ok<List<RunView>>, ValidationProblem, ProblemHttpResult>> RunsAsync(
        string name, int? skip, int? take, HttpContext context, IEnumerable<ScanJob> scans, LedgerDbContext db, CancellationToken cancellationToken)
    {
        if (!scans.Any(s => s.Name == name))
        {
            return Problems.NotFound($"No scan is named '{name}'.");
        }

        if (Paging.Check(skip, take) is { } invalid)
        {
            return invalid;
        }

        var query = db.ScanRuns.AsNoTracking().Where(r => r.Name == name);
        var runs = await query.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Skip(skip ?? 0).Take(Paging.Take(take)).ToListAsync(cancellationToken);
        await Paging.SetTotalAsync(context, skip ?? 0, Paging.Take(take), runs.Count, () => query.CountAsync(cancellationToken));
        return TypedResults.Ok(runs.Select(RunView.From).ToList());
    }
}
