using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// Firing timers. A due timer is first <em>claimed</em> (one UPDATE for a whole batch, committed before anything
/// fires): the claim records the attempt and holds the timer for <see cref="WorkflowEngineOptions.TimerLease"/>, so a
/// second worker or node leaves it alone, and a crash leaves the count behind. Claimed timers fire in parallel, each
/// firing one step (group-committed with the others). A timer whose claims keep ending without a committed firing —
/// its evaluation stops the process, or the step keeps failing — becomes an incident instead of firing again.
/// </summary>
internal sealed partial class WorkflowEngine
{
    private readonly string claimPrefix = $"{Environment.MachineName}:{Environment.ProcessId}:";

    public async Task<int> FireDueTimersAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var fired = 0;
        var limit = options.Value.MaxTimersPerSweep;
        while (fired < limit)
        {
            List<Guid> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
                due = await db.Timers.AsNoTracking()
                    .Where(t => t.Status == TimerStatus.Armed && t.DueAt <= now && (t.ClaimedUntil == null || t.ClaimedUntil < now))
                    .OrderBy(t => t.DueAt).Select(t => t.Id).Take(Math.Min(500, limit - fired)).ToListAsync(cancellationToken);
            }

            if (due.Count == 0)
            {
                break;
            }

            var (claimed, firedThisRound) = await FireTimersAsync(due, now, cancellationToken);
            fired += firedThisRound;
            if (claimed == 0)
            {
                break; // Everything found was claimed by another worker meanwhile.
            }
        }

        return fired;
    }

    public async Task<bool> FireTimerAsync(Guid timerId, CancellationToken cancellationToken = default)
    {
        DateTimeOffset dueAt;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var timer = await db.Timers.AsNoTracking().Where(t => t.Id == timerId && t.Status == TimerStatus.Armed)
                .Select(t => new { t.DueAt }).SingleOrDefaultAsync(cancellationToken);
            if (timer is null)
            {
                return false;
            }

            dueAt = timer.DueAt;
        }

        // A job may run before its timer is due: Hangfire scores delayed jobs in whole seconds, and its clock is not the
        // engine's. Wait out a short remainder; hand a long one back to the scheduler.
        var remaining = dueAt - time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            if (remaining > options.Value.TimerEarlyWait)
            {
                await scheduler.ScheduleAsync(new ScheduledWork([new ScheduledTimer(timerId, dueAt)], [], []), cancellationToken);
                return false;
            }

            await Task.Delay(remaining, time, cancellationToken);
        }

        var (_, fired) = await FireTimersAsync([timerId], time.GetUtcNow(), cancellationToken);
        return fired > 0;
    }

    /// <summary>
    /// Claims the given timers that are armed, due and unclaimed, then fires them: different instances' timers in
    /// parallel, one instance's timers one after another in the order they fell due (as they would have fired on time,
    /// and without two steps of one instance racing each other). Instances with one due timer, the common case of a
    /// burst, are fired <see cref="WorkflowEngineOptions.TimersPerStep"/> at a time (<see cref="FireTogetherAsync"/>).
    /// Returns (claimed, fired).
    /// </summary>
    internal async Task<(int Claimed, int Fired)> FireTimersAsync(IReadOnlyCollection<Guid> timerIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claimed = await ClaimTimersAsync(timerIds, now, cancellationToken);
        var fired = 0;
        var maxAttempts = Math.Max(1, options.Value.TimerAttempts);
        var perStep = Math.Max(1, options.Value.TimersPerStep);
        // Start timers (no instance) each form a group of their own; claimed is in due order, and so is each group.
        var groups = claimed.GroupBy(c => c.InstanceId ?? c.Id).Select(g => g.ToList()).ToList();
        var lone = groups.Where(g => g is [{ InstanceId: not null } claim] && claim.Attempts <= maxAttempts).Select(g => g[0]);
        // A chunk of one (what is left over) fires alone, as do the other groups.
        List<(List<TimerClaim> Claims, bool Together)> units =
        [
            .. lone.Chunk(perStep).Select(c => (c.ToList(), c.Length > 1)),
            .. groups.Where(g => g is not [{ InstanceId: not null } claim] || claim.Attempts > maxAttempts).Select(g => (g, false)),
        ];
        await Parallel.ForEachAsync(
            units,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.TimerWorkers), CancellationToken = cancellationToken },
            async (unit, ct) =>
            {
                if (unit.Together)
                {
                    Interlocked.Add(ref fired, await FireTogetherAsync(unit.Claims, now, ct));
                    return;
                }

                foreach (var claim in unit.Claims)
                {
                    if (claim.Attempts > maxAttempts)
                    {
                        await FailTimerAsync(claim.Id, claim.Attempts - 1, ct);
                        continue;
                    }

                    if (await FireAloneAsync(claim, now, ct))
                    {
                        Interlocked.Increment(ref fired);
                    }
                }
            });
        return (claimed.Count, fired);
    }

    /// <summary>Fires one claimed timer in a step of its own; a failure is logged and leaves the claim to expire.</summary>
    private async Task<bool> FireAloneAsync(TimerClaim claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await FireClaimedTimerAsync(claim.Id, now, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The claim (and its attempt) stays: the timer is tried again once the claim expires, and fails for good
            // after its last attempt. Other timers of the batch go on.
            EngineLog.TimerFiringFailed(logger, ex, claim.Id, claim.Attempts);
            return false;
        }
    }

    /// <summary>
    /// Fires claimed timers of different instances (one each) in one step: the timers and their instances are read in
    /// one query per kind of row, each instance runs as its own firing would, and everything is written in one
    /// savepoint, so each instance's changes are still all or nothing. If the step cannot be written (an instance
    /// changed meanwhile and it lost the race twice, or a firing threw), each timer is fired on its own instead, so that
    /// one instance's race or failure stays its own. Returns how many fired.
    /// </summary>
    private async Task<int> FireTogetherAsync(List<TimerClaim> claims, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await RunStepAsync(async (db, services) =>
            {
                var ids = claims.Select(c => c.Id).ToList();
                var timers = (await BatchLoadQueries.TimersById(db, ids).ToListAsync(cancellationToken)).Where(t => t.Status == TimerStatus.Armed).ToList();
                if (timers.Count == 0)
                {
                    return Outcome(0, save: false);
                }

                foreach (var timer in timers)
                {
                    ReleaseClaim(timer);
                }

                // Not due after all (moved meanwhile): the claim and its attempt are given back, nothing fires.
                var due = timers.Where(t => t.DueAt <= now).ToList();
                var executions = await InstanceExecution.LoadManyAsync(services, db, [.. due.Select(t => t.InstanceId!.Value)], null, cancellationToken);
                var firing = new List<TimerRecord>(due.Count);
                foreach (var timer in due)
                {
                    var execution = executions.GetValueOrDefault(timer.InstanceId!.Value);
                    if (IsOrphan(timer, execution))
                    {
                        Retire(timer);
                        services.Instances.Forget(timer.InstanceId!.Value);
                        continue;
                    }

                    execution.FireTimer(timer);
                    firing.Add(timer);
                }

                if (firing.Count > 0)
                {
                    await services.Instances.RunAsync(cancellationToken);
                }

                foreach (var timer in firing)
                {
                    EngineLog.TimerFired(logger, timer.Id, timer.ElementId, timer.InstanceId!.Value);
                }

                return Outcome(firing.Count);
            }, cancellationToken, attempts: 2);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            EngineLog.TimersFiredAlone(logger, ex, claims.Count);
            var fired = 0;
            foreach (var claim in claims)
            {
                if (await FireAloneAsync(claim, now, cancellationToken))
                {
                    fired++;
                }
            }

            return fired;
        }
    }

    /// <summary>
    /// One transaction: marks the due, unclaimed timers among <paramref name="timerIds"/> as ours and counts the attempt.
    /// It is written through the step pipeline (<see cref="IPipelineWrites"/>): on SQLite a transaction of its own would wait
    /// for the database's lock behind the group-commit writer, which the steps keep busy.
    /// </summary>
    private async Task<List<TimerClaim>> ClaimTimersAsync(IReadOnlyCollection<Guid> timerIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var token = claimPrefix + Guid.NewGuid().ToString("N");
        var until = now + options.Value.TimerLease;
        var ids = timerIds.ToList();
        List<TimerClaim> claimed = [];
        await writes.WriteAsync(async (db, ct) =>
        {
            var count = await db.Timers
                .Where(t => ids.Contains(t.Id) && t.Status == TimerStatus.Armed && t.DueAt <= now && (t.ClaimedUntil == null || t.ClaimedUntil < now))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(t => t.Attempts, t => t.Attempts + 1)
                    .SetProperty(t => t.ClaimedBy, token)
                    .SetProperty(t => t.ClaimedUntil, until), ct);
            if (count > 0)
            {
                var rows = await db.Timers.AsNoTracking().Where(t => t.ClaimedBy == token).OrderBy(t => t.DueAt)
                    .Select(t => new { t.Id, t.InstanceId, t.Attempts }).ToListAsync(ct);
                claimed = [.. rows.Select(c => new TimerClaim(c.Id, c.InstanceId, c.Attempts))];
            }
        }, cancellationToken);
        return claimed;
    }

    private async Task<bool> FireClaimedTimerAsync(Guid timerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await RunStepAsync(async (db, services) =>
        {
            var timer = await db.Timers.SingleOrDefaultAsync(t => t.Id == timerId, cancellationToken);
            if (timer is null || timer.Status != TimerStatus.Armed)
            {
                return Outcome(false, save: false);
            }

            ReleaseClaim(timer);
            if (timer.DueAt > now)
            {
                // Not due after all (moved meanwhile): the claim and its attempt are given back.
                return Outcome(false);
            }

            if (timer.InstanceId is null)
            {
                return await FireStartTimerAsync(db, services, timer, cancellationToken);
            }

            var execution = await InstanceExecution.LoadAsync(services, db, timer.InstanceId.Value, null, cancellationToken);
            if (IsOrphan(timer, execution))
            {
                Retire(timer);
                return Outcome(false);
            }

            execution.FireTimer(timer);
            await FinishAsync(execution, cancellationToken);
            EngineLog.TimerFired(logger, timer.Id, timer.ElementId, timer.InstanceId.Value);
            return Outcome(true);
        }, cancellationToken);

    /// <summary>The timer's claims kept ending without a committed firing: an incident on its instance, and it stops firing.</summary>
    private async Task FailTimerAsync(Guid timerId, int attempts, CancellationToken cancellationToken) =>
        await RunStepAsync(async (db, services) =>
        {
            var timer = await db.Timers.SingleOrDefaultAsync(t => t.Id == timerId, cancellationToken);
            if (timer is null || timer.Status != TimerStatus.Armed)
            {
                return Outcome(false, save: false);
            }

            EngineLog.TimerPoisoned(logger, timer.Id, timer.ElementId, attempts);
            ReleaseClaim(timer);
            timer.Revision++;
            var execution = timer.InstanceId is { } instanceId ? await InstanceExecution.LoadAsync(services, db, instanceId, "system:timer", cancellationToken) : null;
            if (execution is null || !InstanceStatus.IsRunning(execution.Instance.Status) || !execution.Instance.Tokens.Any(t => t.Id == timer.TokenId))
            {
                // A start timer (no instance to hold an incident) or an orphan: it stops here, visible in the log.
                timer.Status = timer.InstanceId is null ? TimerStatus.Failed : TimerStatus.Cancelled;
                return Outcome(true);
            }

            execution.FailTimer(timer, $"计时器触发 {attempts} 次均未完成，进程在执行中停止或步骤失败；已停止自动触发，请排查后重试 (the timer's firing was attempted {attempts} times and never committed: the process stopped or the step failed while firing it)");
            await FinishAsync(execution, cancellationToken);
            return Outcome(true);
        }, cancellationToken);

    /// <summary>An orphan: its instance or its token ended without disarming it.</summary>
    private static bool IsOrphan(TimerRecord timer, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] InstanceExecution? execution) =>
        execution is null || !InstanceStatus.IsRunning(execution.Instance.Status) || !execution.Instance.Tokens.Any(t => t.Id == timer.TokenId);

    /// <summary>Retires an orphan instead of firing it.</summary>
    private static void Retire(TimerRecord timer)
    {
        timer.Status = TimerStatus.Cancelled;
        timer.Revision++;
    }

    private static void ReleaseClaim(TimerRecord timer)
    {
        timer.Attempts = 0;
        timer.ClaimedBy = null;
        timer.ClaimedUntil = null;
    }

    /// <summary>Re-arms a timer that failed (<see cref="TimerStatus.Failed"/>) so that an incident's retry fires it now.</summary>
    private static async Task RearmFailedTimerAsync(WorkflowDbContext db, InstanceExecution execution, IncidentRecord incident, CancellationToken cancellationToken)
    {
        var timer = await db.Timers.Where(t => t.InstanceId == incident.InstanceId && t.TokenId == incident.TokenId && t.ElementId == incident.ElementId && t.Status == TimerStatus.Failed)
            .OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (timer is not null)
        {
            timer.Status = TimerStatus.Armed;
            timer.DueAt = execution.Now;
            ReleaseClaim(timer);
            timer.Revision++;
            execution.ArmedTimers.Add(timer);
        }
    }

    /// <summary>A timer this worker claimed: its id, its instance (none for a start timer), and the attempt this claim counted.</summary>
    private sealed record TimerClaim(Guid Id, Guid? InstanceId, int Attempts);
}
