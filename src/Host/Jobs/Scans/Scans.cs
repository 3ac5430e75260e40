using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Activities.Email;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Messaging;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Jobs.Scans;

/// <summary>What one scan did.</summary>
/// <param name="Started">Instances started (or, for reminders, messages queued).</param>
/// <param name="Skipped">Candidates already handled for their period.</param>
public sealed record ScanOutcome(IReadOnlyList<Guid> Started, int Skipped);

/// <summary>
/// A scan of the ledgers that starts procedures on the calendar: a Hangfire recurring job, also run on demand by an
/// administrator. Every run is recorded with what it started (<see cref="ScanRunRecord"/>).
/// </summary>
public abstract class ScanJob(ScanRunner runner) : IRecurringWorkflowJob
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>What it does, for the jobs list.</summary>
    public abstract string Description { get; }

    /// <summary>The default Cron schedule (Asia/Shanghai) when configuration names none.</summary>
    public abstract string DefaultCron { get; }

    /// <inheritdoc />
    public Task RunAsync(CancellationToken cancellationToken = default) => runner.RunAsync(this, "schedule", cancellationToken);

    /// <summary>One pass over the ledger at <paramref name="now"/>.</summary>
    public abstract Task<ScanOutcome> ScanAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts in flight at once: on SQLite a scan is bound by the one writer, whose every commit costs a WAL write and
    /// an fsync whatever it holds, so the more starts wait for it, the more each commit carries. Measured 2026-12-04
    /// with <c>bench scans 10000</c>, runs alternated: 8 in flight gave 3.6 starts per commit and 11.1–15.2 s for the
    /// evaluation scan, 32 gave 6–12 per commit and 8.7–10.9 s. A person's step that arrives meanwhile waits for the
    /// batch being written and goes in the next (a few milliseconds to a few tens). Each start holds one of the engine's
    /// kept SQLite connections while it runs, as many as the engine keeps idle (32): requests served meanwhile may open
    /// connections of their own, closed again when they end.
    /// </summary>
    public const int StartsInFlight = 32;

    /// <summary>
    /// Starts one instance of <paramref name="definitionKey"/> per candidate, unless its business key was used by an earlier
    /// instance (any status: <see cref="IBusinessKeyIndex"/>) or is taken by a concurrent start (another node, a manual
    /// run): each period is started once. Up to <see cref="StartsInFlight"/> starts run at a time; each is its own step,
    /// so one that fails stops the scan without undoing the starts already committed (the next run skips them).
    /// The ids come back in the candidates' order.
    /// </summary>
    protected static async Task<ScanOutcome> StartEachAsync<T>(
        IWorkflowEngine engine, IBusinessKeyIndex keys, string definitionKey, string scan, IEnumerable<T> candidates,
        Func<T, string> businessKey, Func<T, object> variables, CancellationToken cancellationToken)
    {
        var used = await keys.UsedAsync(definitionKey, cancellationToken);
        var starts = new List<StartInstanceRequest>();
        var skipped = 0;
        foreach (var candidate in candidates)
        {
            var key = businessKey(candidate);
            if (used.Contains(key))
            {
                skipped++;
                continue;
            }

            starts.Add(new StartInstanceRequest(definitionKey, null, key, JsonSerializer.SerializeToNode(variables(candidate))!.AsObject(), "scan:" + scan));
        }

        var ids = new Guid?[starts.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, starts.Count),
            new ParallelOptions { MaxDegreeOfParallelism = StartsInFlight, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                try
                {
                    ids[index] = (await engine.StartAsync(starts[index], token)).Id;
                }
                catch (WorkflowConflictException)
                {
                    // Its business key was taken meanwhile (another node, a manual run): that start counts as skipped.
                }
            });
        var started = ids.OfType<Guid>().ToList();
        return new ScanOutcome(started, skipped + (starts.Count - started.Count));
    }
}

/// <summary>Runs scans and records each run.</summary>
public sealed class ScanRunner(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Runs the scan now and returns its record (also when it failed: the error is recorded, then rethrown).</summary>
    public async Task<ScanRunRecord> RunAsync(ScanJob scan, string trigger, CancellationToken cancellationToken = default)
    {
        var run = new ScanRunRecord { Id = Guid.CreateVersion7(time.GetUtcNow()), Name = scan.Name, Trigger = trigger, StartedAt = time.GetUtcNow() };
        try
        {
            var outcome = await scan.ScanAsync(run.StartedAt, cancellationToken);
            run.StartedCount = outcome.Started.Count;
            run.SkippedCount = outcome.Skipped;
            run.StartedJson = JsonSerializer.Serialize(outcome.Started);
            return run;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Error = ex.Message;
            throw;
        }
        finally
        {
            run.FinishedAt = time.GetUtcNow();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            db.ScanRuns.Add(run);
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }
}

/// <summary>
/// <c>evaluation-scan</c> (P2): starts one <c>level-evaluation</c> for every system due for its evaluation cycle
/// (<see cref="SystemLedger.DueForEvaluationAsync"/>), with the business key of the period due
/// (<see cref="InformationSystemRecord.EvaluationBusinessKey"/>) — never two for one system and period.
/// </summary>
public sealed class EvaluationScan(ScanRunner runner, IServiceScopeFactory scopes, IWorkflowEngine engine, IBusinessKeyIndex keys, WorkingCalendar calendar)
    : ScanJob(runner)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "evaluation-scan";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    public override string Description => "Starts level-evaluation for systems of level ≥ 2 due within the lead window.";

    /// <inheritdoc />
    public override string DefaultCron => "0 6 * * *";

    /// <inheritdoc />
    public override async Task<ScanOutcome> ScanAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var today = calendar.LocalDate(now);
        await using var scope = scopes.CreateAsyncScope();
        var due = await scope.ServiceProvider.GetRequiredService<SystemLedger>().DueForEvaluationAsync(today, cancellationToken);
        return await StartEachAsync(
            engine, keys, Procedures.LevelEvaluation, Name, due,
            system => system.EvaluationBusinessKey(),
            system => new
            {
                // Its name, unit and level are the procedure's to read from the row (ledger.system.read).
                systemId = system.Id.ToString(),
                dueDate = (system.NextEvaluationDue ?? today).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
            cancellationToken);
    }
}

/// <summary>
/// <c>vm-reregistration-scan</c> (P4b): starts one <c>vm-annual-reregistration</c> for every active VM whose yearly
/// registration has fallen due (<see cref="VmLedger.DueForRegistrationAsync"/>), with the business key
/// <c>vm:{id}:rereg:{yyyy}</c> — never two for one VM and year.
/// </summary>
public sealed class VmReregistrationScan(
    ScanRunner runner, IServiceScopeFactory scopes, IWorkflowEngine engine, IBusinessKeyIndex keys, WorkingCalendar calendar, IOptionsMonitor<LedgerOptions> ledgerOptions)
    : ScanJob(runner)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "vm-reregistration-scan";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    public override string Description => "Starts vm-annual-reregistration for active VMs whose yearly registration is due.";

    /// <inheritdoc />
    public override string DefaultCron => "15 6 * * *";

    /// <inheritdoc />
    public override async Task<ScanOutcome> ScanAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var today = calendar.LocalDate(now);
        await using var scope = scopes.CreateAsyncScope();
        var due = await scope.ServiceProvider.GetRequiredService<VmLedger>().DueForRegistrationAsync(today, cancellationToken);
        var hook = !string.IsNullOrWhiteSpace(ledgerOptions.CurrentValue.VmReclaimHookUrl);
        return await StartEachAsync(
            engine, keys, Procedures.VmAnnualReregistration, Name, due,
            vm => vm.ReregistrationBusinessKey(vm.NextRegistrationDue!.Value.Year),
            vm => new
            {
                vmId = vm.Id.ToString(),
                unitCode = vm.UnitCode,
                serverName = vm.ServerName,
                year = vm.NextRegistrationDue!.Value.Year,
                dueDate = vm.NextRegistrationDue.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                reclaimHook = hook,
            },
            cancellationToken);
    }
}

/// <summary>
/// <c>service-period-scan</c> (P4): reminds the unit of every active VM whose service period (开通周期) ends within the
/// reminder window (<see cref="VmLedger.ServicePeriodEndingAsync"/>) — once per end date; extending the period (a new end
/// date) earns a new reminder in time. The messages and the reminder marks commit together (<see cref="IOutbox"/>).
/// </summary>
public sealed class ServicePeriodScan(
    ScanRunner runner, IServiceScopeFactory scopes, WorkingCalendar calendar, IRecipientDirectory recipients, EmailTemplates templates) : ScanJob(runner)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "service-period-scan";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    public override string Description => "Reminds units of VMs whose service period ends soon.";

    /// <inheritdoc />
    public override string DefaultCron => "30 6 * * *";

    /// <inheritdoc />
    public override async Task<ScanOutcome> ScanAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var ending = await scope.ServiceProvider.GetRequiredService<VmLedger>().ServicePeriodEndingAsync(calendar.LocalDate(now), cancellationToken);
        var messages = new List<OutgoingMessage>();
        foreach (var vm in ending.Where(v => !v.IsServicePeriodReminded))
        {
            var to = await recipients.ResolveAsync([$"unit:{vm.UnitCode}"], cancellationToken);
            var email = await templates.RenderAsync("notice", new JsonObject
            {
                ["body"] = $"虚拟机 {vm.ServerName}（{vm.IpAddress}）备案登记的开通周期至 {vm.ServiceTo:yyyy-MM-dd}。如需继续使用，请在到期前提交“虚拟机变更申请”延长开通周期（依《云服务使用安全责任书》第二条，变更须事先报信息与网络管理中心批准）；如不再使用，请告知信息与网络管理中心。",
            }, $"【开通周期即将到期】{vm.ServerName}");
            messages.Add(email.ToMessage(to, []));
            vm.MarkServicePeriodReminded(now);
        }

        // No reminder twice, none lost: the marks are saved with the messages, in one transaction.
        var queued = await scope.ServiceProvider.GetRequiredService<IOutbox>().EnqueueAsync(messages, cancellationToken);
        return new ScanOutcome(queued, ending.Count - messages.Count);
    }
}
